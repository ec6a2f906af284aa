/**
 * Results are distributions, not point estimates: a finance officer signing off a block needs the
 * bad year (p95 cost) as much as the average one. Percentiles interpolate linearly between order
 * statistics (the "type 7" rule spreadsheets use), so they match what PERCENTILE.INC would say.
 */

export interface Distribution {
  mean: number;
  sd: number;
  p5: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  /** Runs that had a value (NaN values, e.g. months after a break, are left out). */
  n: number;
}

/** The q-quantile (0 ≤ q ≤ 1) of values already sorted ascending. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Summarises the finite values; null when there are none. */
export function summarise(values: ArrayLike<number>): Distribution | null {
  const xs = Float64Array.from(values).filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return null;
  xs.sort();
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return {
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    p5: quantileSorted(xs, 0.05),
    p50: quantileSorted(xs, 0.5),
    p95: quantileSorted(xs, 0.95),
    min: xs[0]!,
    max: xs[n - 1]!,
    n,
  };
}

/** Like `summarise` but for values that always exist (costs, counts): never null. */
export function summariseAll(values: ArrayLike<number>): Distribution {
  return summarise(values) ?? { mean: 0, sd: 0, p5: 0, p50: 0, p95: 0, min: 0, max: 0, n: 0 };
}

/** Share of values for which `test` holds. */
export function probability(values: ArrayLike<number>, test: (v: number) => boolean): number {
  if (values.length === 0) return 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) if (test(values[i]!)) k++;
  return k / values.length;
}
