/**
 * Annual uplifts. On each anniversary of the start date the weekly price rises by a fixed rate or
 * by an index (such as CPI) held between a floor and a cap, and the new weekly price is rounded to
 * the penny, as a price letter would state it. Each year's uplift compounds on the rounded price.
 */
import { addDays, type DayRange, type LocalDate, toEpochDay } from '../shared/dates.ts';
import { divRound, type Pence, PPM } from '../shared/money.ts';
import type { Contract, HomeId, UpliftRule } from './contract.ts';
import { anniversaries } from './term.ts';

/**
 * The uplift (ppm) due on an anniversary. An index uses its latest point on or before the
 * anniversary (the last published figure carries forward until a newer one is entered).
 */
export function upliftRate(rule: UpliftRule, anniversary: LocalDate): number {
  if (rule.kind === 'none') return 0;
  if (rule.kind === 'fixed') return rule.ratePpm;
  let latest: { from: LocalDate; ratePpm: number } | undefined;
  for (const p of rule.series) if (p.from <= anniversary && (!latest || p.from > latest.from)) latest = p;
  let r = latest?.ratePpm ?? 0;
  if (rule.floorPpm !== undefined) r = Math.max(r, rule.floorPpm);
  if (rule.capPpm !== undefined) r = Math.min(r, rule.capPpm);
  return r;
}

/** The weekly price after one uplift, rounded half away from zero to the penny. */
export function applyUplift(weekly: Pence, ratePpm: number): Pence {
  return divRound(weekly * (PPM + ratePpm), PPM);
}

export interface PricePeriod extends DayRange {
  weekly: Pence;
}

/** The weekly price over [start, until): one period per contract year, in order. */
export function priceSchedule(
  base: Pence,
  start: LocalDate,
  until: LocalDate,
  rule: UpliftRule,
): PricePeriod[] {
  const out: PricePeriod[] = [];
  let from = start;
  let weekly = base;
  for (const a of anniversaries(start, until)) {
    out.push({ from, to: a, weekly });
    weekly = applyUplift(weekly, upliftRate(rule, a));
    from = a;
  }
  if (from < until) out.push({ from, to: until, weekly });
  return out;
}

/** The home's weekly price at the start of the contract (its own, else its lot's). */
export function baseWeeklyPrice(contract: Contract, home: HomeId): Pence {
  const h = contract.homes.find((x) => x.id === home);
  if (!h) throw new RangeError(`home ${home} is not in contract ${contract.id}`);
  const lot = contract.lots.find((l) => l.id === h.lot);
  const price = h.weeklyPrice ?? lot?.weeklyPrice;
  if (price === undefined) throw new RangeError(`home ${home} has no price and no lot price`);
  return price;
}

/** The weekly price per bed in a home on a date, uplifts included (the date must be on or after the start). */
export function weeklyPriceOn(contract: Contract, home: HomeId, date: LocalDate): Pence {
  const start = contract.term.start;
  if (date < start) throw new RangeError(`${date} is before the contract starts (${start})`);
  const schedule = priceSchedule(baseWeeklyPrice(contract, home), start, addDays(date, 1), contract.uplift);
  return schedule[schedule.length - 1]!.weekly;
}

/** A price period in epoch days, for the engine. */
export interface PriceSpan {
  start: number;
  end: number;
  weekly: Pence;
}

/** Each home's price schedule over [start, until) in epoch days, computed once per contract. */
export function homePriceSpans(contract: Contract, until: LocalDate): Map<HomeId, PriceSpan[]> {
  const out = new Map<HomeId, PriceSpan[]>();
  for (const h of contract.homes) {
    const periods = priceSchedule(
      baseWeeklyPrice(contract, h.id),
      contract.term.start,
      until,
      contract.uplift,
    );
    out.set(
      h.id,
      periods.map((p) => ({ start: toEpochDay(p.from), end: toEpochDay(p.to), weekly: p.weekly })),
    );
  }
  return out;
}
