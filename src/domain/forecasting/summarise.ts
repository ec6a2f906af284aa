/**
 * From raw simulation runs to the numbers people read: for each series (a category, an age band,
 * the total) and month, the mean of the runs (the expected value) and the 2.5, 10, 50, 90 and 97.5
 * percentiles, so the 80% interval is [p10, p90] and the 95% interval [p2.5, p97.5].
 */

export interface Quantiles {
  mean: number[];
  p2_5: number[];
  p10: number[];
  p50: number[];
  p90: number[];
  p97_5: number[];
}

/** Percentile of sorted values by linear interpolation between order statistics. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Summarises `value(run, month)` over runs for each month. Values are copied into one scratch
 * array per month and sorted there.
 */
export function summarise(
  runs: number,
  months: number,
  value: (run: number, month: number) => number,
): Quantiles {
  const out: Quantiles = { mean: [], p2_5: [], p10: [], p50: [], p90: [], p97_5: [] };
  const scratch = new Float64Array(runs);
  for (let h = 0; h < months; h++) {
    let sum = 0;
    for (let s = 0; s < runs; s++) {
      const v = value(s, h);
      scratch[s] = v;
      sum += v;
    }
    scratch.sort();
    out.mean.push(sum / runs);
    out.p2_5.push(percentile(scratch, 0.025));
    out.p10.push(percentile(scratch, 0.1));
    out.p50.push(percentile(scratch, 0.5));
    out.p90.push(percentile(scratch, 0.9));
    out.p97_5.push(percentile(scratch, 0.975));
  }
  return out;
}
