/**
 * What changes from one simulation run to the next before any child is walked: the rates, drawn
 * from their gamma posteriors and scaled by a year effect per category (so intervals carry the
 * uncertainty of the estimates and of next year being unlike the last); the entry level and trend
 * drawn from their sampling distribution, with a level that wanders as entries have; and the mix of
 * entrants, a Bayesian bootstrap of recent entrants. Scenario levers are applied here too.
 */
import { type Rng, standardNormal } from '../shared/rng.ts';
import { civilFromDays } from './calendar.ts';
import { buildAlias, drawGamma, tableExponential } from './deviates.ts';
import { expectedEntries } from './entry-series.ts';
import { A, D, K } from './hazard-counts.ts';
import type { DemandModel } from './model.ts';

/** Changes a scenario makes to the engine (scenarios.ts turns people's levers into these). */
export interface EngineAdjustments {
  /** Multiplies expected entries (all ages). */
  entryScale?: number;
  /** Multiplies the weight of entrants by output age band at entry (changes numbers and mix). */
  entryScaleByAgeBand?: readonly number[];
  /** Extra moves per day from one category to another (e.g. planned step-down). */
  extraMoves?: readonly { from: number; to: number; perDay: number }[];
  /** Share of new placements into `from` made in `to` instead (e.g. foster homes found). */
  divert?: readonly { from: number; to: number; share: number }[];
  /** Multiplies leaving-care rates (e.g. more reunification). */
  exitScale?: number;
}

export { buildAlias, sampleAlias } from './deviates.ts';

export interface RunParameters {
  exitRate: Float64Array;
  /** Total move rate and cumulative destination shares per [category][age group][duration]. */
  moveTotal: Float64Array;
  moveCum: Float64Array;
  /** Expected entries in each month of the horizon. */
  entryMean: Float64Array;
  /** Entrant weights, their total, and Walker's alias table over them (one draw per entrant). */
  poolWeight: Float64Array;
  poolTotal: number;
  aliasProb: Float64Array;
  alias: Int32Array;
}

export function allocateRunParameters(model: DemandModel, months: number): RunParameters {
  return {
    exitRate: new Float64Array(K * A * D),
    moveTotal: new Float64Array(K * A * D),
    moveCum: new Float64Array(K * A * D * K),
    entryMean: new Float64Array(months),
    poolWeight: new Float64Array(model.entrants.weight.length),
    poolTotal: 0,
    aliasProb: new Float64Array(model.entrants.weight.length),
    alias: new Int32Array(model.entrants.weight.length),
  };
}

function bandOfAgeDays(ageDays: number): number {
  const years = ageDays / 365.25;
  return years < 1 ? 0 : years < 5 ? 1 : years < 10 ? 2 : years < 16 ? 3 : 4;
}

export interface DrawContext {
  model: DemandModel;
  adjust: EngineAdjustments;
  /** Draw from posteriors (false: posterior means, for a quick expected path). */
  draw: boolean;
  monthEnds: readonly number[];
  first: number;
}

export function drawRunParameters(ctx: DrawContext, rng: Rng, p: RunParameters): void {
  const { model, adjust, draw } = ctx;
  const ye = model.yearEffects;
  const lognormal = (sd: number) => (draw && sd > 0 ? Math.exp(sd * standardNormal(rng) - (sd * sd) / 2) : 1);
  const exitScale = adjust.exitScale ?? 1;
  const ex = model.exit;
  for (let k = 0; k < K; k++) {
    const mult = exitScale * lognormal(ye.exitSd);
    for (let c = k * A * D; c < (k + 1) * A * D; c++) {
      p.exitRate[c] = mult * (draw ? drawGamma(rng, ex.shape[c]!, 1 / ex.inverseScale[c]!) : ex.rate[c]!);
    }
  }
  const mv = model.move;
  for (let k = 0; k < K; k++) {
    const mult = lognormal(ye.moveSd);
    for (let g = 0; g < A; g++) {
      for (let d = 0; d < D; d++) {
        const cell = (k * A + g) * D + d;
        const row = cell * K;
        let total = 0;
        for (let j = 0; j < K; j++) {
          const c = ((k * K + j) * A + g) * D + d;
          let r = 0;
          if (j !== k && mv.shape[c]! > 0)
            r = mult * (draw ? drawGamma(rng, mv.shape[c]!, 1 / mv.inverseScale[c]!) : mv.rate[c]!);
          for (const e of adjust.extraMoves ?? []) if (e.from === k && e.to === j) r += e.perDay;
          total += r;
          p.moveCum[row + j] = total;
        }
        p.moveTotal[cell] = total;
        for (let j = 0; j < K; j++)
          p.moveCum[row + j] = total > 0 ? p.moveCum[row + j]! / total : (j + 1) / K;
      }
    }
  }
  // Entrant mix: weights (scaled by age band in a scenario), re-weighted by a Bayesian bootstrap.
  const pool = model.entrants;
  let base = 0;
  let scaled = 0;
  let total = 0;
  for (let i = 0; i < pool.weight.length; i++) {
    const w = pool.weight[i]!;
    const m = adjust.entryScaleByAgeBand?.[bandOfAgeDays(pool.ageDays[i]!)] ?? 1;
    base += w;
    scaled += w * m;
    const weight = w * m * (draw ? tableExponential(rng) : 1);
    total += weight;
    p.poolWeight[i] = weight;
  }
  p.poolTotal = total;
  buildAlias(p.poolWeight, total, p.aliasProb, p.alias);
  // Entries per month: level and trend drawn jointly; the level wanders (first year, then a walk).
  const ent = model.entries;
  let level = ent.level;
  let trend = ent.trend;
  if (draw) {
    const z1 = standardNormal(rng);
    const z2 = standardNormal(rng);
    const rho = ent.levelSe > 0 && ent.trendSe > 0 ? ent.covariance / (ent.levelSe * ent.trendSe) : 0;
    level += ent.levelSe * z1;
    trend += ent.trendSe * (rho * z1 + Math.sqrt(Math.max(0, 1 - rho * rho)) * z2);
  }
  const sd = draw ? ent.levelSd : 0;
  let shock = sd > 0 ? sd * standardNormal(rng) : 0;
  let shockVar = sd * sd;
  const scale = (adjust.entryScale ?? 1) * (base > 0 ? scaled / base : 0);
  const { monthEnds, first } = ctx;
  for (let h = 0; h < monthEnds.length; h++) {
    if (h >= 12 && sd > 0) {
      shock += (sd / Math.sqrt(12)) * standardNormal(rng);
      shockVar += (sd * sd) / 12;
    }
    const [, month, lastDay] = civilFromDays(monthEnds[h]!);
    const start = h === 0 ? first : monthEnds[h - 1]! + 1;
    const share = (monthEnds[h]! + 1 - start) / lastDay; // a part month at the origin
    p.entryMean[h] =
      scale * Math.exp(shock - shockVar / 2) * expectedEntries(ent, h + 1, month - 1, level, trend) * share;
  }
}
