/**
 * The smooth rates that each cell's rate is shrunk towards, and the shrunk rate tables. Leaving
 * care: a main-effects model of category x age group x time in care. Moves: where children go from
 * each category, times how that category's moves vary with age and with time in care. With several
 * LAs, an LA's prior is the region's shrunk rate scaled by the LA's overall level.
 */
import { A, cellKAD, cellKJAD, D, type HazardCounts, K } from './hazard-counts.ts';
import type { RateTable } from './model.ts';
import { fitMainEffects, shrinkRates } from './shrinkage.ts';

const KAD = (() => {
  const k = new Int32Array(K * A * D);
  const a = new Int32Array(K * A * D);
  const d = new Int32Array(K * A * D);
  for (let i = 0; i < K; i++)
    for (let j = 0; j < A; j++)
      for (let l = 0; l < D; l++) {
        const c = cellKAD(i, j, l);
        k[c] = i;
        a[c] = j;
        d[c] = l;
      }
  return { k, a, d };
})();

const KJAD = (() => {
  const n = K * K * A * D;
  const kj = new Int32Array(n);
  const ka = new Int32Array(n);
  const kd = new Int32Array(n);
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++)
      for (let l = 0; l < A; l++)
        for (let m = 0; m < D; m++) {
          const c = cellKJAD(i, j, l, m);
          kj[c] = i * K + j;
          ka[c] = i * A + l;
          kd[c] = i * D + m;
        }
  return { kj, ka, kd };
})();

/** Exposure for move cells: the origin cell's person-days; none for staying put (j = k). */
export function moveExposure(c: HazardCounts): Float64Array {
  const e = new Float64Array(K * K * A * D);
  for (let k = 0; k < K; k++)
    for (let j = 0; j < K; j++)
      if (j !== k)
        for (let a = 0; a < A; a++)
          for (let d = 0; d < D; d++) e[cellKJAD(k, j, a, d)] = c.exposure[cellKAD(k, a, d)]!;
  return e;
}

/**
 * Smooth prior rates. Exits: category x age x time in care main effects. Moves: where children go
 * from each category, times how that category's moves vary with age and with time in care.
 */
export function smoothPriors(c: HazardCounts) {
  const exitPrior = fitMainEffects(c.exits, c.exposure, [KAD.k, KAD.a, KAD.d], [K, A, D]);
  const mExp = moveExposure(c);
  const movePrior = fitMainEffects(c.moves, mExp, [KJAD.kj, KJAD.ka, KJAD.kd], [K * K, K * A, K * D]);
  for (let c2 = 0; c2 < movePrior.length; c2++) if (mExp[c2] === 0) movePrior[c2] = 0;
  return { exitPrior, movePrior, mExp };
}

export function table(
  events: Float64Array,
  exposure: Float64Array,
  prior: Float64Array,
  strength?: number,
): RateTable {
  const s = shrinkRates(events, exposure, prior, strength);
  return {
    rate: Array.from(s.rate),
    shape: Array.from(s.shape),
    inverseScale: Array.from(s.inverseScale),
    events: Array.from(events),
    exposure: Array.from(exposure),
    strength: s.strength,
  };
}

export function scaled(prior: Float64Array, events: Float64Array, exposure: Float64Array): Float64Array {
  // The LA's overall level against the regional rates, itself shrunk by one prior event.
  let y = 0;
  let m = 0;
  for (let c = 0; c < prior.length; c++) {
    y += events[c]!;
    m += exposure[c]! * prior[c]!;
  }
  const rho = (y + 1) / (m + 1);
  return prior.map((p) => p * rho);
}
