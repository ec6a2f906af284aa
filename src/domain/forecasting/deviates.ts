/**
 * Fast random deviates for the simulation's inner loops: normal and exponential deviates from
 * tables of 4,096 quantiles (for parameter draws, where exact tails matter little), gamma draws by
 * Wilson-Hilferty's cube of a normal, and Walker's alias tables for drawing entrants in O(1).
 */
import { gamma, type Rng } from '../shared/rng.ts';

/**
 * Normal deviates for parameter draws from a table of 4,096 evenly spaced quantiles, interpolated:
 * thousands of rates are drawn per run and LA, and exact tails matter little for a rate's posterior
 * (a child's own path still uses exact exponential draws).
 */
const NORMAL_TABLE = (() => {
  const n = 4096;
  const t = new Float64Array(n + 1);
  // Acklam's rational approximation of the normal quantile function.
  const a = [
    -39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472,
    2.50662827745924,
  ];
  const b = [-54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857];
  const c = [
    -0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373, 4.37466414146497,
    2.93816398269878,
  ];
  const d = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742];
  const q = (p: number): number => {
    if (p < 0.02425) {
      const r = Math.sqrt(-2 * Math.log(p));
      return (
        (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) /
        ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1)
      );
    }
    if (p > 1 - 0.02425) return -q(1 - p);
    const r = (p - 0.5) * (p - 0.5);
    return (
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * (p - 0.5)) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
    );
  };
  for (let i = 0; i <= n; i++) t[i] = q((i + 0.5) / (n + 1));
  return t;
})();

/** Unit exponential deviates the same way (for the entrant bootstrap's weights). */
const EXP_TABLE = (() => {
  const n = 4096;
  const t = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) t[i] = -Math.log(1 - (i + 0.5) / (n + 1));
  return t;
})();

export function tableExponential(rng: Rng): number {
  const x = rng.next() * 4096;
  const i = x | 0;
  return EXP_TABLE[i]! + (EXP_TABLE[i + 1]! - EXP_TABLE[i]!) * (x - i);
}

export function tableNormal(rng: Rng): number {
  const x = rng.next() * 4096;
  const i = x | 0;
  return NORMAL_TABLE[i]! + (NORMAL_TABLE[i + 1]! - NORMAL_TABLE[i]!) * (x - i);
}

/**
 * A rate drawn from its gamma posterior: Wilson-Hilferty's cube of a normal for shapes of 3 and more,
 * the mean itself when the posterior is so tight (shape over 10,000, under 1% spread) that a draw
 * would change nothing.
 */
export function drawGamma(rng: Rng, shape: number, scale: number): number {
  if (shape > 10_000) return shape * scale;
  if (shape < 3) return gamma(rng, shape, scale);
  const c = 1 / (9 * shape);
  const x = 1 - c + tableNormal(rng) * Math.sqrt(c);
  return x > 0 ? shape * x * x * x * scale : 0;
}

/**
 * Vose's alias method: afterwards index i is drawn with probability weight[i] / total in O(1).
 * `weight` is used as scratch and left scaled.
 */
export function buildAlias(weight: Float64Array, total: number, prob: Float64Array, alias: Int32Array): void {
  const n = weight.length;
  if (n === 0 || total <= 0) return;
  // Indices below 1 fill `alias` from the front as a stack of small ones; large ones from the back.
  const stack = new Int32Array(n);
  let small = 0;
  let large = n;
  for (let i = 0; i < n; i++) {
    weight[i] = (weight[i]! * n) / total;
    if (weight[i]! < 1) stack[small++] = i;
    else stack[--large] = i;
  }
  while (small > 0 && large < n) {
    const l = stack[--small]!;
    const g = stack[large]!;
    prob[l] = weight[l]!;
    alias[l] = g;
    weight[g] = weight[g]! + weight[l]! - 1;
    if (weight[g]! < 1) {
      large++;
      stack[small++] = g;
    }
  }
  for (let i = 0; i < small; i++) prob[stack[i]!] = 1;
  for (let i = large; i < n; i++) prob[stack[i]!] = 1;
}

/** An index drawn from an alias table. */
export function sampleAlias(u: number, prob: Float64Array, alias: Int32Array): number {
  const x = u * prob.length;
  const i = x | 0;
  return x - i < prob[i]! ? i : alias[i]!;
}
