/**
 * Rates that stay sensible when a cell has few events. Each cell's rate gets a gamma prior centred
 * on a smoother rate (a main-effects model of the same data, or the region's rate for the cell), and
 * the posterior mean is (events + s) / (exposure + s / prior): a cell with plenty of exposure keeps
 * its own rate, a thin one moves towards the prior, none is zero unless the prior is. The strength
 * s (prior events) is estimated from the data by the method of moments, so shrinkage is as strong
 * as the cells' spread around the prior is consistent with chance.
 */

/**
 * Fits rate[cell] = product over factors of theta[factor][group of cell] by iterative proportional
 * fitting (the Poisson maximum-likelihood fit of a log-linear main-effects model). A small pseudo
 * count keeps a group with no events off zero.
 */
export function fitMainEffects(
  events: Float64Array,
  exposure: Float64Array,
  factors: readonly Int32Array[],
  groups: readonly number[],
  { iterations = 30, pseudo = 0.1 }: { iterations?: number; pseudo?: number } = {},
): Float64Array {
  const n = events.length;
  const totalE = exposure.reduce((a, b) => a + b, 0);
  const totalY = events.reduce((a, b) => a + b, 0);
  const base = totalE > 0 ? (totalY + pseudo) / totalE : 0;
  const theta = groups.map((g) => new Float64Array(g).fill(1));
  const fitted = new Float64Array(n);
  const compute = () => {
    for (let c = 0; c < n; c++) {
      let v = base;
      for (let f = 0; f < factors.length; f++) v *= theta[f]![factors[f]![c]!]!;
      fitted[c] = v;
    }
  };
  for (let it = 0; it < iterations; it++) {
    for (let f = 0; f < factors.length; f++) {
      compute();
      const obs = new Float64Array(groups[f]!);
      const exp = new Float64Array(groups[f]!);
      for (let c = 0; c < n; c++) {
        const g = factors[f]![c]!;
        obs[g]! += events[c]!;
        exp[g]! += exposure[c]! * fitted[c]!;
      }
      const th = theta[f]!;
      for (let g = 0; g < groups[f]!; g++) {
        if (exp[g]! > 0) th[g] = (th[g]! * (obs[g]! + pseudo * (exp[g]! / (totalE * base || 1)))) / exp[g]!;
      }
    }
  }
  compute();
  return fitted;
}

export interface Shrunk {
  /** Posterior mean rate per cell. */
  rate: Float64Array;
  /** Gamma posterior shape and rate per cell (for drawing rates in the simulation). */
  shape: Float64Array;
  inverseScale: Float64Array;
  /** Prior strength in events. */
  strength: number;
}

/** Method-of-moments prior strength: 1/s = sum((y - m)^2 - m) / sum(m^2), m = exposure * prior. */
export function priorStrength(
  events: Float64Array,
  exposure: Float64Array,
  prior: Float64Array,
  { min = 1, max = 1e4 }: { min?: number; max?: number } = {},
): number {
  let num = 0;
  let den = 0;
  for (let c = 0; c < events.length; c++) {
    const m = exposure[c]! * prior[c]!;
    if (m <= 0) continue;
    num += (events[c]! - m) ** 2 - m;
    den += m * m;
  }
  if (den <= 0 || num <= 0) return max;
  return Math.min(max, Math.max(min, den / num));
}

export function shrinkRates(
  events: Float64Array,
  exposure: Float64Array,
  prior: Float64Array,
  strength = priorStrength(events, exposure, prior),
): Shrunk {
  const n = events.length;
  const rate = new Float64Array(n);
  const shape = new Float64Array(n);
  const inverseScale = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const p = prior[c]!;
    if (p <= 0) {
      // No prior mass: the cell's own rate, if any (never happens with the pseudo count above).
      rate[c] = exposure[c]! > 0 ? events[c]! / exposure[c]! : 0;
      shape[c] = events[c]!;
      inverseScale[c] = exposure[c]!;
      continue;
    }
    shape[c] = events[c]! + strength;
    inverseScale[c] = exposure[c]! + strength / p;
    rate[c] = shape[c]! / inverseScale[c]!;
  }
  return { rate, shape, inverseScale, strength };
}
