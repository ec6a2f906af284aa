/**
 * Medians and quartiles of weekly prices. We use the rule analysts already use in Excel
 * (QUARTILE.INC, PERCENTILE.INC; "type 7" in R): the p-quantile of n sorted values sits at
 * position h = (n - 1) × p, interpolating linearly between the two values either side. Anyone can
 * check a published figure against the same placements in a spreadsheet.
 * Results are rounded to whole pence (half up), once.
 */
import { apportion, type Pence } from '../shared/money.ts';
import { COST_COMPONENT_CODES, type CostComponent, type CostSplit, zeroSplit } from './price-record.ts';

/** The p-quantile (0 ≤ p ≤ 1) of values sorted ascending; not rounded. Needs at least one value. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of no values');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

/** The figures published for a group of placements: count, centre and spread. */
export interface PriceStats {
  count: number;
  /** Weekly total, whole pence. */
  mean: Pence;
  q1: Pence;
  median: Pence;
  q3: Pence;
  /** Interquartile range (q3 - q1): the spread of the middle half of prices. */
  iqr: Pence;
  /**
   * Mean weekly cost by component. Apportioned from the component sums so the parts add up to
   * `mean` exactly (a rounded mean of each part would not).
   */
  meanSplit: CostSplit;
}

/**
 * Summarises weekly totals (any order) with their cost splits; `null` when there are none.
 * Minimum and maximum are deliberately not published: each is one placement's exact price.
 */
export function summarisePrices(totals: readonly number[], splits: readonly CostSplit[]): PriceStats | null {
  const sums = zeroSplit();
  for (const s of splits) addSplit(sums, s);
  return summariseSorted(Float64Array.from(totals).sort(), sums);
}

export function addSplit(sums: Record<CostComponent, number>, s: CostSplit): void {
  sums.core += s.core;
  sums.education += s.education;
  sums.health += s.health;
  sums.therapy += s.therapy;
  sums.transport += s.transport;
  sums.additional += s.additional;
  sums.other += s.other;
}

/**
 * The same from totals already sorted ascending and the component sums (which add up to the sum of
 * the totals, so the mean comes from them). The engines' fast path.
 */
export function summariseSorted(sorted: Float64Array, componentSums: CostSplit): PriceStats | null {
  const count = sorted.length;
  if (count === 0) return null;
  let sum = 0;
  for (const c of COST_COMPONENT_CODES) sum += componentSums[c];
  const q1 = Math.round(quantileSorted(sorted, 0.25));
  const q3 = Math.round(quantileSorted(sorted, 0.75));
  const mean = Math.round(sum / count);
  return {
    count,
    mean,
    q1,
    median: Math.round(quantileSorted(sorted, 0.5)),
    q3,
    iqr: q3 - q1,
    meanSplit: meanSplit(mean, componentSums),
  };
}

function meanSplit(mean: Pence, sums: CostSplit): CostSplit {
  const weights = COST_COMPONENT_CODES.map((c) => sums[c]);
  if (weights.every((w) => w === 0)) return zeroSplit();
  const parts = apportion(mean, weights);
  const out = zeroSplit();
  COST_COMPONENT_CODES.forEach((c, i) => {
    out[c] = parts[i]!;
  });
  return out;
}
