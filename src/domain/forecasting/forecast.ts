/**
 * Forecasting children in care: run the simulation from a fitted model and summarise it by
 * placement category, age band and in total, month by month, with expected values and 80% and 95%
 * intervals, next to what was observed at the origin. Several LAs' runs add up run by run into a
 * regional forecast (runs are independent draws, so the sum of run i across LAs is one draw of the
 * region). The result is plain data for pages, exports and job storage.
 */
import { fromEpochDay, type LocalDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { AGE_BAND_COUNT, AGE_BAND_OF_AGE, AGE_BANDS } from './age-bands.ts';
import { ageInYears } from './calendar.ts';
import { CATEGORY_KEYS, PLACEMENT_CATEGORIES } from './categories.ts';
import {
  type Combination,
  combinationShifts,
  combineRuns,
  DEFAULT_COMBINATION,
  shiftRuns,
} from './combine.ts';
import { K } from './hazard-counts.ts';
import type { DemandModel } from './model.ts';
import { addInto, copyRuns, type SimulationRuns } from './runs.ts';
import { type SimulationOptions, simulate } from './simulate.ts';
import { type Quantiles, summarise } from './summarise.ts';

export interface Series extends Quantiles {
  key: string;
  label: string;
  /** Count at the origin (what a "carry the last count forward" forecast would say). */
  observed: number;
}

export interface DemandForecast {
  la: string;
  /** Last day of data; the first forecast month is the one after. */
  origin: LocalDate;
  /** Month-end days forecast. */
  months: LocalDate[];
  simulations: number;
  seed: number;
  byCategory: Series[];
  byAgeBand: Series[];
  total: Series;
  /** Flows per month: entries into care, leavers, and new placements by category. */
  entries: Quantiles;
  leavers: Quantiles;
  startsByCategory: (Quantiles & { key: string; label: string })[];
}

export type ForecastOptions = Partial<Omit<SimulationOptions, 'horizonMonths'>> & {
  horizonMonths: number;
  /** How the simulation is combined with the last observed count (default: equal weights, first year). */
  combination?: Combination;
  /** Shifts to use instead of working them out (a scenario uses its baseline's). */
  shifts?: Float64Array;
};

export const DEFAULT_SIMULATIONS = 500;
export const DEFAULT_SEED = 1;

/** Counts at the origin by category and age band. */
export function observedAtOrigin(model: DemandModel): { byCategory: number[]; byAgeBand: number[] } {
  const byCategory = new Array<number>(K).fill(0);
  const byAgeBand = new Array<number>(AGE_BAND_COUNT).fill(0);
  const p = model.population;
  for (let i = 0; i < p.birth.length; i++) {
    byCategory[p.category[i]!]!++;
    byAgeBand[AGE_BAND_OF_AGE[Math.min(17, Math.max(0, ageInYears(p.birth[i]!, model.origin)))]!]!++;
  }
  return { byCategory, byAgeBand };
}

/** Checks a forecast's horizon and number of runs (the limits the engine accepts). */
export function checkRunOptions(o: { horizonMonths: number; simulations?: number }): void {
  if (!Number.isInteger(o.horizonMonths) || o.horizonMonths < 1 || o.horizonMonths > 120) {
    throw new DomainError('validation', 'the horizon must be 1 to 120 months', [
      { field: 'horizonMonths', message: 'must be a whole number of months from 1 to 120' },
    ]);
  }
  const simulations = o.simulations ?? DEFAULT_SIMULATIONS;
  if (!Number.isInteger(simulations) || simulations < 10 || simulations > 100_000) {
    throw new DomainError('validation', 'simulations must be 10 to 100,000', [
      { field: 'simulations', message: 'must be a whole number from 10 to 100,000' },
    ]);
  }
}

export function runSimulation(model: DemandModel, o: ForecastOptions): SimulationRuns {
  checkRunOptions(o);
  const simulations = o.simulations ?? DEFAULT_SIMULATIONS;
  return simulate(model, { ...o, simulations, seed: o.seed ?? DEFAULT_SEED });
}

/** Adds several LAs' runs (same horizon, origin and number of runs) run by run. */
export function addRuns(parts: readonly SimulationRuns[]): SimulationRuns {
  const first = parts[0];
  if (!first) throw new DomainError('validation', 'no runs to add');
  for (const p of parts) {
    if (p.runs !== first.runs || p.monthEnds.length !== first.monthEnds.length || p.origin !== first.origin) {
      throw new DomainError('validation', 'runs to add must share origin, horizon and number of runs');
    }
  }
  const sum = <T extends Int32Array | Float64Array>(pick: (r: SimulationRuns) => T): T => {
    const out = pick(first).slice() as T;
    for (const p of parts.slice(1)) {
      const v = pick(p);
      for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
    }
    return out;
  };
  return {
    origin: first.origin,
    monthEnds: first.monthEnds,
    runs: first.runs,
    stock: sum((r) => r.stock),
    stockByAge: sum((r) => r.stockByAge),
    days: sum((r) => r.days),
    starts: sum((r) => r.starts),
    entries: sum((r) => r.entries),
    leavers: sum((r) => r.leavers),
  };
}

/** Summarises runs; `observed` gives the counts at the origin (summed over LAs for a region). */
export function summariseRuns(
  runs: SimulationRuns,
  observed: { byCategory: number[]; byAgeBand: number[] },
  meta: { la: string; seed: number },
): DemandForecast {
  const H = runs.monthEnds.length;
  const S = runs.runs;
  const B = AGE_BAND_COUNT;
  const byCategory = CATEGORY_KEYS.map((key, k) => ({
    key,
    label: PLACEMENT_CATEGORIES[key],
    observed: observed.byCategory[k] ?? 0,
    ...summarise(S, H, (s, h) => runs.stock[(s * H + h) * K + k]!),
  }));
  const byAgeBand = AGE_BANDS.map((band, b) => ({
    key: band.key,
    label: band.label,
    observed: observed.byAgeBand[b] ?? 0,
    ...summarise(S, H, (s, h) => runs.stockByAge[(s * H + h) * B + b]!),
  }));
  const total = {
    key: 'total',
    label: 'All children in care',
    observed: observed.byCategory.reduce((a, b) => a + b, 0),
    ...summarise(S, H, (s, h) => {
      let t = 0;
      for (let k = 0; k < K; k++) t += runs.stock[(s * H + h) * K + k]!;
      return t;
    }),
  };
  return {
    la: meta.la,
    origin: fromEpochDay(runs.origin),
    months: runs.monthEnds.map(fromEpochDay),
    simulations: S,
    seed: meta.seed,
    byCategory,
    byAgeBand,
    total,
    entries: summarise(S, H, (s, h) => runs.entries[s * H + h]!),
    leavers: summarise(S, H, (s, h) => runs.leavers[s * H + h]!),
    startsByCategory: CATEGORY_KEYS.map((key, k) => ({
      key,
      label: PLACEMENT_CATEGORIES[key],
      ...summarise(S, H, (s, h) => runs.starts[(s * H + h) * K + k]!),
    })),
  };
}

export interface ForecastResult {
  forecast: DemandForecast;
  /** The runs as published (combined with the observed counts). */
  runs: SimulationRuns;
  /** The shifts the combination applied, per [month][category]. */
  shifts: Float64Array;
}

/** Fitted model in, forecast out (one LA or a pooled region). */
export function forecastDemand(model: DemandModel, o: ForecastOptions): ForecastResult {
  return forecastFromRuns(model, runSimulation(model, o), o);
}

/**
 * The forecast from runs simulated elsewhere (on a pool of threads, say) with `model` and the
 * options' seed: the same figures forecastDemand gives.
 */
export function forecastFromRuns(
  model: DemandModel,
  raw: SimulationRuns,
  o: Pick<ForecastOptions, 'combination' | 'shifts' | 'seed'>,
): ForecastResult {
  const observed = observedAtOrigin(model);
  const shifts =
    o.shifts ?? combinationShifts(raw, observed.byCategory, o.combination ?? DEFAULT_COMBINATION);
  const runs = shiftRuns(raw, shifts);
  return {
    runs,
    shifts,
    forecast: summariseRuns(runs, observed, { la: model.la, seed: o.seed ?? DEFAULT_SEED }),
  };
}

/**
 * Builds a regional forecast LA by LA: each LA's runs are combined with its observed counts,
 * summarised, added into the region's runs, and dropped (a national run of 50 LAs x 1,000 runs x
 * 60 months would otherwise hold gigabytes). The same steps serve a single thread (forecastRegion)
 * and a pool of threads that simulates the runs elsewhere.
 */
export class RegionForecast {
  private total: SimulationRuns | undefined;
  private readonly observed = {
    byCategory: new Array<number>(K).fill(0),
    byAgeBand: new Array<number>(AGE_BAND_COUNT).fill(0),
  };
  readonly las: DemandForecast[] = [];

  constructor(private readonly o: ForecastOptions) {}

  add(model: DemandModel, raw: SimulationRuns): void {
    const obs = observedAtOrigin(model);
    obs.byCategory.forEach((v, k) => {
      this.observed.byCategory[k]! += v;
    });
    obs.byAgeBand.forEach((v, b) => {
      this.observed.byAgeBand[b]! += v;
    });
    const runs = combineRuns(raw, obs.byCategory, this.o.combination ?? DEFAULT_COMBINATION);
    this.las.push(summariseRuns(runs, obs, { la: model.la, seed: this.o.seed ?? DEFAULT_SEED }));
    this.total = this.total ? addInto(this.total, runs) : copyRuns(runs);
  }

  result(): { region: DemandForecast; las: DemandForecast[]; runs: SimulationRuns } {
    if (!this.total) throw new DomainError('validation', 'no LA models to forecast');
    return {
      region: summariseRuns(this.total, this.observed, { la: 'region', seed: this.o.seed ?? DEFAULT_SEED }),
      las: this.las,
      runs: this.total,
    };
  }
}

/** The seed LA `i` of a region runs with: its own streams, the same for every scenario. */
export function laSeed(seed: number, i: number, las: number): number {
  return las > 1 ? (Math.imul(seed, 0x2545f491) ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0 : seed;
}

/** Forecasts several LAs and their sum as a region, on this thread. */
export function forecastRegion(
  models: readonly DemandModel[],
  o: ForecastOptions,
): { region: DemandForecast; las: DemandForecast[]; runs: SimulationRuns } {
  const acc = new RegionForecast(o);
  const seed = o.seed ?? DEFAULT_SEED;
  models.forEach((m, i) => {
    const raw = runSimulation(m, {
      ...o,
      seed: laSeed(seed, i, models.length),
      onProgress: o.onProgress
        ? (f, msg) => o.onProgress!((i + f) / models.length, `${m.la}: ${msg}`)
        : undefined,
    });
    acc.add(m, raw);
  });
  return acc.result();
}
