/**
 * Backtesting: fit on what was known at a cut-off, forecast, and compare with what then happened,
 * at each month end of the horizon, for each placement category; and the same for "carry the last
 * count forward" (naive), computed by the same code on the same points. Rolling origin: several
 * cut-offs, each scored on its own and all together.
 *
 * Scores: MAPE, the mean absolute percentage error over every (cut-off, category, month) point,
 * and the same at the horizon's last month only; and coverage, the share of points whose actual
 * count fell inside the 80% and 95% intervals. Categories with fewer than `minCount` children at a
 * cut-off (secure homes, typically a handful) are left out of the percentages, since one child is
 * 25% of four; they are listed as excluded.
 */
import { addMonths, fromEpochDay, type LocalDate, toEpochDay } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { buildSpells } from './care-history.ts';
import { CATEGORY_KEYS, compileCategoryMap, DEFAULT_CATEGORY_RULES } from './categories.ts';
import type { Combination } from './combine.ts';
import type { Ssda903Dataset } from './dataset.ts';
import { type FitOptions, fitDemandModel } from './fit-model.ts';
import { forecastDemand } from './forecast.ts';
import { K } from './hazard-counts.ts';
import { countStock } from './stock.ts';

export interface BacktestOptions {
  cutoffs: readonly LocalDate[];
  horizonMonths?: number;
  simulations?: number;
  seed?: number;
  fit?: Omit<FitOptions, 'cutoff' | 'onProgress'>;
  /** One LA of a multi-LA dataset (its rates still borrow from the others). */
  la?: string;
  minCount?: number;
  /** How simulation and last count are combined (default as published; naiveWeight 0 = model alone). */
  combination?: Combination;
  onProgress?: (fraction: number, message: string) => void;
}

export interface BacktestPoint {
  cutoff: LocalDate;
  month: LocalDate;
  /** Months after the cut-off (1 = the first month end). */
  horizon: number;
  category: string;
  actual: number;
  forecast: number;
  naive: number;
  p2_5: number;
  p10: number;
  p90: number;
  p97_5: number;
}

export interface Scores {
  mape: number;
  naiveMape: number;
  /** The same at the last month of the horizon only. */
  mapeAtHorizon: number;
  naiveMapeAtHorizon: number;
  coverage80: number;
  coverage95: number;
  points: number;
}

export interface BacktestResult {
  horizonMonths: number;
  points: BacktestPoint[];
  byCutoff: (Scores & { cutoff: LocalDate })[];
  byCategory: (Scores & { category: string })[];
  overall: Scores;
  excluded: { cutoff: LocalDate; category: string; observed: number }[];
}

export function score(points: readonly BacktestPoint[], horizon: number): Scores {
  let ape = 0;
  let nape = 0;
  let apeH = 0;
  let napeH = 0;
  let nH = 0;
  let in80 = 0;
  let in95 = 0;
  for (const p of points) {
    const e = Math.abs(p.forecast - p.actual) / p.actual;
    const ne = Math.abs(p.naive - p.actual) / p.actual;
    ape += e;
    nape += ne;
    if (p.horizon === horizon) {
      apeH += e;
      napeH += ne;
      nH++;
    }
    if (p.actual >= p.p10 && p.actual <= p.p90) in80++;
    if (p.actual >= p.p2_5 && p.actual <= p.p97_5) in95++;
  }
  const n = points.length || Number.NaN;
  return {
    mape: ape / n,
    naiveMape: nape / n,
    mapeAtHorizon: apeH / (nH || Number.NaN),
    naiveMapeAtHorizon: napeH / (nH || Number.NaN),
    coverage80: in80 / n,
    coverage95: in95 / n,
    points: points.length,
  };
}

export function backtest(d: Ssda903Dataset, o: BacktestOptions): BacktestResult {
  const horizon = o.horizonMonths ?? 12;
  const minCount = o.minCount ?? 20;
  const laIndex = o.la === undefined ? undefined : d.las.indexOf(o.la);
  if (laIndex !== undefined && laIndex < 0) {
    throw new DomainError('not-found', `no LA called "${o.la}" in the data`, [
      { field: 'la', message: 'not in the data' },
    ]);
  }
  const map = compileCategoryMap(
    o.fit?.categoryRules ?? DEFAULT_CATEGORY_RULES,
    d.years[0] ?? 2000,
    d.years.at(-1) ?? 2000,
  );
  const truth = buildSpells(d, map, { la: d.las.length > 1 ? laIndex : undefined });
  const points: BacktestPoint[] = [];
  const excluded: BacktestResult['excluded'] = [];
  o.cutoffs.forEach((cutoff, i) => {
    const last = addMonths(cutoff, horizon);
    if (toEpochDay(last) > d.dataEnd) {
      throw new DomainError(
        'validation',
        `the data end on ${fromEpochDay(d.dataEnd)}, before the ${horizon} months after ${cutoff}`,
        [{ field: 'cutoff', message: `${cutoff} + ${horizon} months runs past the end of the data` }],
      );
    }
    o.onProgress?.(i / o.cutoffs.length, `backtest from ${cutoff}`);
    const model = fitDemandModel(d, { ...o.fit, cutoff, la: o.la });
    const { forecast } = forecastDemand(model, {
      horizonMonths: horizon,
      simulations: o.simulations,
      seed: o.seed,
      combination: o.combination,
    });
    const actual = countStock(truth, d.children.birth, forecast.months.map(toEpochDay));
    forecast.byCategory.forEach((series, k) => {
      if (series.observed < minCount) {
        excluded.push({ cutoff, category: series.key, observed: series.observed });
        return;
      }
      forecast.months.forEach((month, h) => {
        const a = actual.byCategory[h * K + k]!;
        if (a === 0) return; // no percentage error against zero
        points.push({
          cutoff,
          month,
          horizon: h + 1,
          category: series.key,
          actual: a,
          forecast: series.mean[h]!,
          naive: series.observed,
          p2_5: series.p2_5[h]!,
          p10: series.p10[h]!,
          p90: series.p90[h]!,
          p97_5: series.p97_5[h]!,
        });
      });
    });
  });
  o.onProgress?.(1, 'backtest done');
  return {
    horizonMonths: horizon,
    points,
    byCutoff: o.cutoffs.map((cutoff) => ({
      cutoff,
      ...score(
        points.filter((p) => p.cutoff === cutoff),
        horizon,
      ),
    })),
    byCategory: CATEGORY_KEYS.filter((c) => points.some((p) => p.category === c)).map((category) => ({
      category,
      ...score(
        points.filter((p) => p.category === category),
        horizon,
      ),
    })),
    overall: score(points, horizon),
    excluded,
  };
}

/** Every 31 March from two years into the data to the last one whose horizon the data cover. */
export function yearlyCutoffs(d: Ssda903Dataset, horizonMonths = 12): LocalDate[] {
  const out: LocalDate[] = [];
  const firstYear = Number(fromEpochDay(d.dataStart).slice(0, 4)) + 2;
  for (let y = firstYear; ; y++) {
    const c = `${y}-03-31`;
    if (toEpochDay(addMonths(c, horizonMonths)) > d.dataEnd) break;
    if (toEpochDay(c) > d.dataStart) out.push(c);
  }
  return out;
}
