/**
 * The contract's calendar as day numbers from the start date, worked out once per scenario so the
 * engine never touches a date string in its inner loop: month boundaries (for monthly occupancy and
 * break-clause reviews) and contract years (prices move on each anniversary).
 *
 * Costs are carried as "indexed days": days weighted by the price index in force (1 in year one,
 * (1 + r) in year two, …). The engine needs no prices at all; multiplying indexed days by the
 * year-one daily rate gives the cost, so a price sweep re-prices the same runs.
 */
import { addMonths, addYears, daysBetween, type LocalDate, monthKey } from '../shared/dates.ts';

export interface Timeline {
  termDays: number;
  /** Day number at which each month starts; `monthStarts[months]` is `termDays`. */
  monthStarts: Float64Array;
  /** '2025-04' for each month of the term. */
  monthKeys: readonly string[];
  /** Day number of each contract anniversary inside the term, starting with 0. */
  yearStarts: Float64Array;
}

export function buildTimeline(startDate: LocalDate, termMonths: number): Timeline {
  const end = addMonths(startDate, termMonths);
  const termDays = daysBetween(startDate, end);
  const monthStarts = new Float64Array(termMonths + 1);
  const monthKeys: string[] = [];
  for (let m = 0; m <= termMonths; m++) {
    const d = addMonths(startDate, m);
    monthStarts[m] = daysBetween(startDate, d);
    if (m < termMonths) monthKeys.push(monthKey(d));
  }
  const years: number[] = [];
  for (let y = 0; ; y++) {
    const day = daysBetween(startDate, addYears(startDate, y));
    if (day >= termDays) break;
    years.push(day);
  }
  return { termDays, monthStarts, monthKeys, yearStarts: Float64Array.from(years) };
}

/**
 * Cumulative indexed days: `at(t)` = ∫₀ᵗ index(u) du, where index is (1 + rate)^year. Before day 0
 * (a warm-up) the integral is 0; after the term it keeps the last year's index. Anniversaries fall
 * on whole days, so a table per day makes `at` exact with one lookup, which the engine's inner
 * loop calls several times per referral.
 */
export class PriceIndex {
  /** The index in force in each contract year (1, 1.03, 1.0609, …). */
  readonly factors: Float64Array;
  private readonly dayCum: Float64Array;
  private readonly dayFactor: Float64Array;
  private readonly lastDay: number;

  constructor(timeline: Timeline, annualPercent: number) {
    const starts = timeline.yearStarts;
    const T = timeline.termDays;
    this.factors = Float64Array.from(starts, (_, y) => (1 + annualPercent / 100) ** y);
    this.dayCum = new Float64Array(T + 1);
    this.dayFactor = new Float64Array(T + 1);
    let y = 0;
    for (let d = 0; d <= T; d++) {
      while (y < starts.length - 1 && starts[y + 1]! <= d) y++;
      this.dayFactor[d] = this.factors[y]!;
      if (d > 0) this.dayCum[d] = this.dayCum[d - 1]! + this.dayFactor[d - 1]!;
    }
    this.lastDay = T;
  }

  at(t: number): number {
    if (t <= 0) return 0;
    const d = Math.floor(t);
    if (d >= this.lastDay)
      return this.dayCum[this.lastDay]! + this.dayFactor[this.lastDay]! * (t - this.lastDay);
    return this.dayCum[d]! + this.dayFactor[d]! * (t - d);
  }
}

export function priceIndex(timeline: Timeline, annualPercent: number): PriceIndex {
  return new PriceIndex(timeline, annualPercent);
}
