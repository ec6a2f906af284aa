/**
 * Who pays for every bed-day. The bed's state on a day (bed-days.ts) and the contract's vacancy
 * rules decide the payer and the part of the weekly price charged:
 *
 *   occupied              the placing LA, full price
 *   held                  the LA whose child left (or all LAs by share), full price
 *   void                  all LAs by share, full price; or, if beds are released after the hold,
 *                         the retainer part only (nothing when there is no retainer)
 *   unavailable-agreed    as a void day
 *   unavailable-provider  nobody; decommissioned and outside the contract: nobody
 *
 * A night costs weekly / 7. The engine never divides: it carries amounts as integer sevenths of a
 * penny (a night at £1,918/week is 191,800 sevenths) and rounds once per statement line.
 */
import { bedStateSpans, type DayState } from '../occupancy/bed-days.ts';
import type { Ledger, Placement, Unavailability } from '../occupancy/ledger.ts';
import { EMPTY_BED, indexLedger } from '../occupancy/ledger-index.ts';
import { type Span, toDayRange, toSpan } from '../occupancy/spans.ts';
import type { DayRange } from '../shared/dates.ts';
import { type Pence, PPM } from '../shared/money.ts';
import type { BedId, Contract, HomeId, LaId } from './contract.ts';
import { bedWindows } from './frame.ts';
import { currentEnd } from './term.ts';
import { homePriceSpans } from './uplift.ts';

export type Payer = 'la' | 'shared' | 'none';

/** A run of days on one bed with one state, one weekly price and one payer. */
export interface ChargeSpan extends Span {
  bed: BedId;
  home: HomeId;
  state: DayState;
  /** The bed's weekly price on these days (0 outside the contract). */
  weekly: Pence;
  payer: Payer;
  /** The paying LA when `payer` is 'la'. */
  la?: LaId;
  /** Part of the weekly price charged, in ppm: 1,000,000 = all of it; a retainer; 0 = nothing. */
  basisPpm: number;
  placement?: Placement;
  unavailability?: Unavailability;
}

interface Rule {
  payer: Payer;
  basisPpm: number;
}

const NOTHING: Rule = { payer: 'none', basisPpm: 0 };
const FULL_SHARED: Rule = { payer: 'shared', basisPpm: PPM };

/** The payer and basis for each state under this contract's vacancy rules. */
function rules(contract: Contract): Record<DayState, Rule> {
  const v = contract.vacancy;
  const voidRule: Rule =
    v.afterHold === 'void-shared'
      ? FULL_SHARED
      : v.retainerPpm > 0
        ? { payer: 'shared', basisPpm: v.retainerPpm }
        : NOTHING;
  return {
    occupied: { payer: 'la', basisPpm: PPM },
    held: v.holdPayer === 'leaving-la' ? { payer: 'la', basisPpm: PPM } : FULL_SHARED,
    void: voidRule,
    'unavailable-agreed': voidRule,
    'unavailable-provider': NOTHING,
    decommissioned: NOTHING,
    outside: NOTHING,
  };
}

/**
 * Every bed's charge spans over `range` (epoch days), split wherever the state, the placement or
 * the weekly price changes. Together the spans of a bed tile the range exactly.
 */
export function chargeSpans(contract: Contract, ledger: Ledger, range: Span): ChargeSpan[] {
  const index = indexLedger(ledger);
  const prices = homePriceSpans(contract, currentEnd(contract.term));
  const byState = rules(contract);
  const homeOf = new Map<BedId, HomeId>();
  for (const h of contract.homes) for (const b of h.beds) homeOf.set(b.id, h.id);
  const out: ChargeSpan[] = [];
  for (const w of bedWindows(contract)) {
    const home = homeOf.get(w.bed)!;
    const schedule = prices.get(home) ?? [];
    for (const s of bedStateSpans(
      toSpan(w),
      index.get(w.bed) ?? EMPTY_BED,
      contract.vacancy.holdDays,
      range,
    )) {
      const rule = byState[s.state];
      const base: Omit<ChargeSpan, 'start' | 'end' | 'weekly'> = {
        bed: w.bed,
        home,
        state: s.state,
        ...rule,
      };
      if (rule.payer === 'la') base.la = s.placement!.la;
      if (s.placement) base.placement = s.placement;
      if (s.unavailability) base.unavailability = s.unavailability;
      if (s.state === 'outside' || s.state === 'decommissioned') {
        out.push({ ...base, start: s.start, end: s.end, weekly: 0 });
        continue;
      }
      for (const p of schedule) {
        const start = Math.max(s.start, p.start);
        const end = Math.min(s.end, p.end);
        if (start < end) out.push({ ...base, start, end, weekly: p.weekly });
      }
    }
  }
  return out;
}

/** The bed-days view for pages and the API: dated spans with their payer and price. */
export interface BedDayCharge extends DayRange {
  bed: BedId;
  home: HomeId;
  state: DayState;
  payer: Payer;
  la?: LaId;
  /** Each night costs weekly × basisPpm / 7,000,000 pence, exactly. */
  weekly: Pence;
  basisPpm: number;
  placement?: string;
}

/** Who pays what for every bed-day in `range`, as dated spans (one per bed, state, payer and price). */
export function bedDayCharges(contract: Contract, ledger: Ledger, range: DayRange): BedDayCharge[] {
  return chargeSpans(contract, ledger, toSpan(range)).map((s) => {
    const row: BedDayCharge = {
      ...toDayRange(s),
      bed: s.bed,
      home: s.home,
      state: s.state,
      payer: s.payer,
      weekly: s.weekly,
      basisPpm: s.basisPpm,
    };
    if (s.la) row.la = s.la;
    if (s.placement) row.placement = s.placement.id;
    return row;
  });
}
