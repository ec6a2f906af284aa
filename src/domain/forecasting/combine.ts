/**
 * The published forecast combines the simulation with the last observed count ("intercept
 * correction"). For the first year the forecast is the average of the two, with equal weights;
 * after that the simulation's own month-to-month changes carry on from that corrected level, since
 * nobody believes a count will stay flat for five years. Why: a flow model estimated from a few
 * years of one LA's returns carries estimation error in every flow, while the count on the day is
 * known exactly and holds what the flows miss (an LA's current practice, its placements market);
 * combining two forecasts of similar accuracy with equal weights is the forecasting literature's
 * standing advice when there are too few past origins to estimate better weights (the "forecast
 * combination puzzle"). docs/forecasting.md shows the backtests with and without it.
 *
 * The correction is a shift per month and category, applied to every run, so the intervals move
 * with the point forecast; age bands are rescaled to the corrected total, and person-days to the
 * corrected counts.
 */
import { AGE_BAND_COUNT } from './age-bands.ts';
import { K } from './hazard-counts.ts';
import type { SimulationRuns } from './simulate.ts';

export interface Combination {
  /** Weight of the last observed count (0 = the simulation alone). */
  naiveWeight: number;
  /** Months over which the correction is worked out; later months keep that month's shift. */
  correctionMonths: number;
}

export const DEFAULT_COMBINATION: Combination = { naiveWeight: 0.5, correctionMonths: 12 };

/** Mean count over runs per [month][category]. */
export function meanStock(runs: SimulationRuns): Float64Array {
  const H = runs.monthEnds.length;
  const out = new Float64Array(H * K);
  for (let s = 0; s < runs.runs; s++)
    for (let i = 0; i < H * K; i++) out[i]! += runs.stock[s * H * K + i]! / runs.runs;
  return out;
}

/** Shift per [month][category] that moves the simulation's mean towards the observed counts. */
export function combinationShifts(
  runs: SimulationRuns,
  observed: readonly number[],
  c: Combination,
): Float64Array {
  const H = runs.monthEnds.length;
  const mean = meanStock(runs);
  const shifts = new Float64Array(H * K);
  for (let h = 0; h < H; h++) {
    const ref = Math.min(h, c.correctionMonths - 1);
    for (let k = 0; k < K; k++) shifts[h * K + k] = c.naiveWeight * ((observed[k] ?? 0) - mean[ref * K + k]!);
  }
  return shifts;
}

/** The runs with the combination applied (a new object; the input is left as it was). */
export function combineRuns(
  runs: SimulationRuns,
  observed: readonly number[],
  c: Combination = DEFAULT_COMBINATION,
): SimulationRuns {
  return c.naiveWeight === 0 ? runs : shiftRuns(runs, combinationShifts(runs, observed, c));
}

/**
 * Adds per-[month][category] shifts to every run. A scenario takes its baseline's shifts, so the
 * difference between them is the simulation's difference alone.
 */
export function shiftRuns(runs: SimulationRuns, shifts: Float64Array): SimulationRuns {
  const H = runs.monthEnds.length;
  const B = AGE_BAND_COUNT;
  const mean = meanStock(runs);
  const stock = new Float64Array(runs.stock.length);
  const stockByAge = new Float64Array(runs.stockByAge.length);
  const days = new Float64Array(runs.days.length);
  for (let s = 0; s < runs.runs; s++) {
    for (let h = 0; h < H; h++) {
      let before = 0;
      let after = 0;
      for (let k = 0; k < K; k++) {
        const i = (s * H + h) * K + k;
        const v = runs.stock[i]!;
        const shifted = Math.max(0, v + shifts[h * K + k]!);
        stock[i] = shifted;
        before += v;
        after += shifted;
        const m = mean[h * K + k]!;
        const ratio = m > 0 ? Math.max(0, m + shifts[h * K + k]!) / m : 1;
        days[i * 2] = runs.days[i * 2]! * ratio;
        days[i * 2 + 1] = runs.days[i * 2 + 1]! * ratio;
      }
      const scale = before > 0 ? after / before : 1;
      for (let b = 0; b < B; b++) {
        const j = (s * H + h) * B + b;
        stockByAge[j] = runs.stockByAge[j]! * scale;
      }
    }
  }
  return { ...runs, stock, stockByAge, days };
}
