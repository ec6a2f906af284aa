/**
 * Spend on placements from the simulated person-days. Segment 1 is the placements open at the
 * origin, for as long as each lasts in the simulation (their expected remaining duration comes
 * from the fitted leaving and move rates); segment 2 is every placement that starts later, from
 * entries or moves. Each category's days cost its weekly unit cost, except the share the LA spends
 * in rare, high-cost placement types (high-cost.ts), which cost their own rate; all of it rises by
 * the annual uplift on each 1 April after the origin. Money is whole pence, summed per month per
 * run and rounded once there; intervals come from the runs, so spend carries the same uncertainty
 * as the numbers of children.
 */
import { fromEpochDay, type LocalDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import type { Pence } from '../shared/money.ts';
import { civilFromDays } from './calendar.ts';
import { CATEGORY_KEYS, PLACEMENT_CATEGORIES, type PlacementCategory } from './categories.ts';
import { K } from './hazard-counts.ts';
import type { HighCostShare } from './high-cost.ts';
import type { SimulationRuns } from './simulate.ts';
import { type Quantiles, summarise } from './summarise.ts';

export interface UnitCosts {
  /** Weekly cost of one placement per category, in pence. */
  weekly: Record<PlacementCategory, Pence>;
  /** Yearly rise in costs (0.05 = 5%), applied on each 1 April after the origin. */
  annualUplift: number;
}

/**
 * Defaults from the source documents: in-house fostering about £530 a week in 2018-19 (Central
 * Bedfordshire), foster placements about £1,000 and residential about £6,000 a week (DfE 2024;
 * Essex's new residential average £5,963), 16+ supported accommodation £550-£620 in 2019-20, rising
 * with registration; secure and other rare placements £10,000-£15,000 (DfE 2024). Set your own.
 */
export const DEFAULT_UNIT_COSTS: UnitCosts = {
  weekly: {
    'in-house-fostering': 60_000,
    'agency-fostering': 100_000,
    kinship: 35_000,
    residential: 600_000,
    supported: 120_000,
    secure: 1_200_000,
    other: 40_000,
  },
  annualUplift: 0.04,
};

export interface SpendSeries extends Quantiles {
  key: string;
  label: string;
}

export interface SpendForecast {
  months: LocalDate[];
  /** Spend per month in pence: total, segment 1 (open at the origin) and segment 2 (new). */
  total: Quantiles;
  existing: Quantiles;
  new: Quantiles;
  byCategory: SpendSeries[];
  /** Financial years (1 April to 31 March) the horizon touches, with their spend in pence. */
  byYear: {
    year: string;
    /** Months of the year inside the horizon (a year may be cut short). */
    months: number;
    total: YearFigure;
    existing: YearFigure;
    new: YearFigure;
    byCategory: (YearFigure & { key: string })[];
  }[];
  highCost: (HighCostShare & { expectedSpend: Pence })[];
  /** Expected weeks the placements open at the origin still run within the horizon, per placement. */
  remainingWeeks: { key: string; weeks: number; placements: number }[];
  assumptions: UnitCosts;
}

export interface YearFigure {
  mean: Pence;
  p10: Pence;
  p90: Pence;
  p2_5: Pence;
  p97_5: Pence;
}

/** Uplift factor for a month: (1 + u) to the number of 1 Aprils from the origin to the month's end. */
function upliftFactor(origin: number, monthEnd: number, u: number): number {
  const [oy, om] = civilFromDays(origin);
  const [y, m] = civilFromDays(monthEnd);
  const fy = (yy: number, mm: number) => (mm >= 4 ? yy : yy - 1);
  return (1 + u) ** (fy(y, m) - fy(oy, om));
}

/** "2024-25" for any month end from April 2024 to March 2025. */
export function financialYear(monthEnd: number): string {
  const [y, m] = civilFromDays(monthEnd);
  const start = m >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function checkCosts(costs: UnitCosts): void {
  for (const key of CATEGORY_KEYS) {
    const w = costs.weekly[key];
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new DomainError('validation', `the weekly cost of ${key} must be whole pence`, [
        { field: `weekly.${key}`, message: 'must be a whole number of pence, 0 or more' },
      ]);
    }
  }
  if (!(costs.annualUplift > -0.5 && costs.annualUplift < 1)) {
    throw new DomainError('validation', 'the annual uplift must be between -50% and 100%', [
      { field: 'annualUplift', message: 'a fraction such as 0.04 for 4%' },
    ]);
  }
}

/** Mean and percentiles of per-run totals, rounded to pence. */
export function yearFigure(values: Float64Array): YearFigure {
  const sorted = Float64Array.from(values).sort();
  const pick = (p: number) => {
    const pos = p * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return Math.round(sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo));
  };
  return {
    mean: Math.round(values.reduce((a, b) => a + b, 0) / values.length),
    p10: pick(0.1),
    p90: pick(0.9),
    p2_5: pick(0.025),
    p97_5: pick(0.975),
  };
}

export interface SpendInputs {
  costs?: UnitCosts;
  highCost?: readonly HighCostShare[];
  /** Placements open at the origin by category (for weeks remaining per placement). */
  openAtOrigin?: readonly number[];
}

/**
 * Spend in pence per [run][month][category][segment], each cell rounded once. A category's daily
 * rate blends in its high-cost share at the high-cost rate.
 */
export function spendCells(
  runs: SimulationRuns,
  costs: UnitCosts,
  highCost: readonly HighCostShare[],
): Float64Array {
  const H = runs.monthEnds.length;
  const S = runs.runs;
  const daily = CATEGORY_KEYS.map((key) => {
    let rate = costs.weekly[key];
    for (const h of highCost) if (h.category === key) rate += h.share * (h.weekly - costs.weekly[key]);
    return rate / 7;
  });
  const uplift = runs.monthEnds.map((e) => upliftFactor(runs.origin, e, costs.annualUplift));
  const cell = new Float64Array(S * H * K * 2);
  for (let s = 0; s < S; s++)
    for (let h = 0; h < H; h++)
      for (let k = 0; k < K; k++)
        for (let g = 0; g < 2; g++) {
          const i = ((s * H + h) * K + k) * 2 + g;
          cell[i] = Math.round(runs.days[i]! * daily[k]! * uplift[h]!);
        }
  return cell;
}

/** Total spend in pence per [run][financial year], and the years' names. */
export function spendByRunAndYear(
  runs: SimulationRuns,
  costs: UnitCosts,
  highCost: readonly HighCostShare[] = [],
) {
  const H = runs.monthEnds.length;
  const S = runs.runs;
  const cell = spendCells(runs, costs, highCost);
  const yearOf = runs.monthEnds.map(financialYear);
  const years = [...new Set(yearOf)];
  const values = new Float64Array(S * years.length);
  for (let s = 0; s < S; s++)
    for (let h = 0; h < H; h++) {
      const y = years.indexOf(yearOf[h]!);
      for (let i = 0; i < K * 2; i++) values[s * years.length + y]! += cell[(s * H + h) * K * 2 + i]!;
    }
  return { years, values };
}

export function forecastSpend(runs: SimulationRuns, inputs: SpendInputs = {}): SpendForecast {
  const costs = inputs.costs ?? DEFAULT_UNIT_COSTS;
  const highCost = inputs.highCost ?? [];
  checkCosts(costs);
  const H = runs.monthEnds.length;
  const S = runs.runs;
  const cell = spendCells(runs, costs, highCost);
  const uplift = runs.monthEnds.map((e) => upliftFactor(runs.origin, e, costs.annualUplift));
  const sumOver = (s: number, h: number, pickK: (k: number) => boolean, seg: 0 | 1 | 2) => {
    let t = 0;
    for (let k = 0; k < K; k++) {
      if (!pickK(k)) continue;
      const i = ((s * H + h) * K + k) * 2;
      if (seg !== 1) t += cell[i]!;
      if (seg !== 0) t += cell[i + 1]!;
    }
    return t;
  };
  const all = () => true;
  const yearOf = runs.monthEnds.map(financialYear);
  const years = [...new Set(yearOf)];
  const yearly = (pickK: (k: number) => boolean, seg: 0 | 1 | 2) =>
    years.map((y) => {
      const v = new Float64Array(S);
      for (let s = 0; s < S; s++)
        for (let h = 0; h < H; h++) if (yearOf[h] === y) v[s]! += sumOver(s, h, pickK, seg);
      return yearFigure(v);
    });
  const totalY = yearly(all, 2);
  const existingY = yearly(all, 0);
  const newY = yearly(all, 1);
  const catY = CATEGORY_KEYS.map((_, k) => yearly((x) => x === k, 2));
  // Expected weeks the open placements still run inside the horizon, from segment-1 days.
  const remainingWeeks = CATEGORY_KEYS.map((key, k) => {
    let days = 0;
    for (let s = 0; s < S; s++) for (let h = 0; h < H; h++) days += runs.days[((s * H + h) * K + k) * 2]!;
    const placements = inputs.openAtOrigin?.[k] ?? 0;
    return { key, weeks: placements > 0 ? days / S / placements / 7 : 0, placements };
  });
  const meanDays = (k: number, m: number) => {
    let d = 0;
    for (let s = 0; s < S; s++)
      d += runs.days[((s * H + m) * K + k) * 2]! + runs.days[((s * H + m) * K + k) * 2 + 1]!;
    return d / S;
  };
  return {
    months: runs.monthEnds.map(fromEpochDay),
    total: summarise(S, H, (s, h) => sumOver(s, h, all, 2)),
    existing: summarise(S, H, (s, h) => sumOver(s, h, all, 0)),
    new: summarise(S, H, (s, h) => sumOver(s, h, all, 1)),
    byCategory: CATEGORY_KEYS.map((key, k) => ({
      key,
      label: PLACEMENT_CATEGORIES[key],
      ...summarise(S, H, (s, h) => sumOver(s, h, (x) => x === k, 2)),
    })),
    byYear: years.map((year, i) => ({
      year,
      months: yearOf.filter((y) => y === year).length,
      total: totalY[i]!,
      existing: existingY[i]!,
      new: newY[i]!,
      byCategory: CATEGORY_KEYS.map((key, k) => ({ key, ...catY[k]![i]! })),
    })),
    highCost: highCost.map((h) => {
      const k = CATEGORY_KEYS.indexOf(h.category);
      let spend = 0;
      for (let m = 0; m < H; m++) spend += (meanDays(k, m) * h.share * h.weekly * uplift[m]!) / 7;
      return { ...h, expectedSpend: Math.round(spend) };
    }),
    remainingWeeks,
    assumptions: costs,
  };
}
