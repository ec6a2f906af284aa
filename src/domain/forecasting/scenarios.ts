/**
 * Scenarios: what if entries fell, children stepped down from residential homes to fostering, the
 * residential placements made only because no foster home was found were made in fostering, more
 * children went home, or costs rose faster? Each scenario runs the same simulation with the same
 * seed as the baseline, so run i of both shares its random draws as far as their paths allow and
 * the difference is measured run by run (paired), with its own interval; and it takes the
 * baseline's correction towards the observed counts, so the difference is the levers' alone.
 */
import type { LocalDate } from '../shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../shared/errors.ts';
import { AGE_BANDS, type AgeBandKey } from './age-bands.ts';
import { CATEGORY_KEYS, PLACEMENT_CATEGORIES, type PlacementCategory } from './categories.ts';
import {
  DEFAULT_SEED,
  type DemandForecast,
  type ForecastOptions,
  forecastFromRuns,
  runSimulation,
} from './forecast.ts';
import { K } from './hazard-counts.ts';
import type { HighCostShare } from './high-cost.ts';
import type { DemandModel } from './model.ts';
import type { EngineAdjustments } from './run-parameters.ts';
import type { SimulationRuns } from './runs.ts';
import {
  DEFAULT_UNIT_COSTS,
  forecastSpend,
  type SpendForecast,
  spendByRunAndYear,
  type UnitCosts,
  type YearFigure,
  yearFigure,
} from './spend.ts';
import { type Quantiles, summarise } from './summarise.ts';

export interface ScenarioLevers {
  name: string;
  /** Change in entries into care, all ages (-0.1 = 10% fewer). */
  entryChange?: number;
  /** Change in entries by age band at entry, on top of entryChange. */
  entryChangeByAgeBand?: Partial<Record<AgeBandKey, number>>;
  /** Share of children in residential children's homes stepping down to fostering each year (0.1 = 10%). */
  stepDownPerYear?: number;
  /**
   * Share of new residential placements made only because no foster home was found; in the
   * scenario they are made in fostering instead (sufficient foster carers).
   */
  residentialForLackOfFoster?: number;
  /** Where step-downs and those placements go (default in-house fostering). */
  fosterCategory?: PlacementCategory;
  /** Change in leaving-care rates (0.1 = 10% more children leave care each year at every age). */
  exitChange?: number;
  /** Annual cost uplift in this scenario, replacing the baseline's (0.06 = 6%). */
  costInflation?: number;
}

export function checkLevers(l: ScenarioLevers): FieldError[] {
  const errors: FieldError[] = [];
  const record = `scenario "${l.name}"`;
  const share = (field: keyof ScenarioLevers, v: number | undefined, lo: number, hi: number) => {
    if (v !== undefined && !(Number.isFinite(v) && v >= lo && v <= hi)) {
      errors.push({ record, field, message: `must be a number from ${lo} to ${hi}` });
    }
  };
  if (!l.name?.trim()) errors.push({ record, field: 'name', message: 'a scenario needs a name' });
  share('entryChange', l.entryChange, -1, 5);
  share('stepDownPerYear', l.stepDownPerYear, 0, 0.99);
  share('residentialForLackOfFoster', l.residentialForLackOfFoster, 0, 1);
  share('exitChange', l.exitChange, -0.9, 5);
  share('costInflation', l.costInflation, -0.5, 0.99);
  for (const [band, v] of Object.entries(l.entryChangeByAgeBand ?? {})) {
    if (!AGE_BANDS.some((b) => b.key === band))
      errors.push({ record, field: 'entryChangeByAgeBand', message: `no age band "${band}"` });
    else share('entryChangeByAgeBand', v, -1, 5);
  }
  if (l.fosterCategory !== undefined && !CATEGORY_KEYS.includes(l.fosterCategory)) {
    errors.push({ record, field: 'fosterCategory', message: `must be one of ${CATEGORY_KEYS.join(', ')}` });
  }
  return errors;
}

/** The engine changes a scenario's levers make. */
export function leversToAdjustments(l: ScenarioLevers): EngineAdjustments {
  throwIfInvalid(checkLevers(l), `Scenario "${l.name}" has errors`);
  const residential = CATEGORY_KEYS.indexOf('residential');
  const foster = CATEGORY_KEYS.indexOf(l.fosterCategory ?? 'in-house-fostering');
  const byBand = AGE_BANDS.map((b) => 1 + (l.entryChangeByAgeBand?.[b.key] ?? 0));
  return {
    entryScale: 1 + (l.entryChange ?? 0),
    entryScaleByAgeBand: l.entryChangeByAgeBand ? byBand : undefined,
    exitScale: 1 + (l.exitChange ?? 0),
    extraMoves: l.stepDownPerYear
      ? [{ from: residential, to: foster, perDay: -Math.log(1 - l.stepDownPerYear) / 365.25 }]
      : undefined,
    divert: l.residentialForLackOfFoster
      ? [{ from: residential, to: foster, share: l.residentialForLackOfFoster }]
      : undefined,
  };
}

export interface Difference extends Quantiles {
  key: string;
  label: string;
}

export interface ScenarioResult {
  levers: ScenarioLevers;
  forecast: DemandForecast;
  spend: SpendForecast;
  /** Scenario minus baseline, run by run: children in care by category and in total, per month. */
  difference: { months: LocalDate[]; total: Quantiles; byCategory: Difference[] };
  /** Scenario minus baseline spend per financial year, in pence. */
  spendDifference: (YearFigure & { year: string })[];
}

export interface ScenarioOptions extends Omit<ForecastOptions, 'adjust' | 'shifts'> {
  costs?: UnitCosts;
  highCost?: readonly HighCostShare[];
}

export interface ScenarioComparison {
  baseline: { forecast: DemandForecast; spend: SpendForecast };
  scenarios: ScenarioResult[];
}

function checkNames(scenarios: readonly ScenarioLevers[]): void {
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name))
      throw new DomainError('validation', `two scenarios are called "${s.name}"`, [
        { field: 'name', message: 'names must differ' },
      ]);
    names.add(s.name);
  }
}

/** The baseline and each scenario side by side, with paired differences. */
export function compareScenarios(
  model: DemandModel,
  scenarios: readonly ScenarioLevers[],
  o: ScenarioOptions,
): ScenarioComparison {
  checkNames(scenarios);
  const adjustments = scenarios.map(leversToAdjustments);
  const seed = o.seed ?? DEFAULT_SEED;
  const step = (i: number) =>
    o.onProgress ? (f: number, m: string) => o.onProgress!((i + f) / (scenarios.length + 1), m) : undefined;
  const baseline = runSimulation(model, { ...o, seed, onProgress: step(0) });
  const runs = adjustments.map((adjust, i) =>
    runSimulation(model, { ...o, seed, adjust, onProgress: step(i + 1) }),
  );
  return compareScenarioRuns(model, scenarios, { baseline, scenarios: runs }, o);
}

/**
 * The comparison from raw runs simulated elsewhere (a pool of threads): the baseline's and each
 * scenario's, all with the options' seed and horizon, each scenario with its levers'
 * adjustments (leversToAdjustments). The same figures compareScenarios gives.
 */
export function compareScenarioRuns(
  model: DemandModel,
  scenarios: readonly ScenarioLevers[],
  raw: { baseline: SimulationRuns; scenarios: readonly SimulationRuns[] },
  o: ScenarioOptions,
): ScenarioComparison {
  checkNames(scenarios);
  const costs = o.costs ?? DEFAULT_UNIT_COSTS;
  const seed = o.seed ?? DEFAULT_SEED;
  const base = forecastFromRuns(model, raw.baseline, { ...o, seed });
  const open = base.forecast.byCategory.map((c) => c.observed);
  const baseSpend = forecastSpend(base.runs, { costs, highCost: o.highCost, openAtOrigin: open });
  const baseYears = spendByRunAndYear(base.runs, costs, o.highCost);
  const H = base.runs.monthEnds.length;
  const S = base.runs.runs;
  const results = scenarios.map((levers, i) => {
    const run = forecastFromRuns(model, raw.scenarios[i]!, { seed, shifts: base.shifts });
    const scenarioCosts =
      levers.costInflation === undefined ? costs : { ...costs, annualUplift: levers.costInflation };
    const spend = forecastSpend(run.runs, { costs: scenarioCosts, highCost: o.highCost, openAtOrigin: open });
    const years = spendByRunAndYear(run.runs, scenarioCosts, o.highCost);
    const diff = (k: number | 'total') =>
      summarise(S, H, (s, h) => {
        if (k !== 'total')
          return run.runs.stock[(s * H + h) * K + k]! - base.runs.stock[(s * H + h) * K + k]!;
        let d = 0;
        for (let c = 0; c < K; c++)
          d += run.runs.stock[(s * H + h) * K + c]! - base.runs.stock[(s * H + h) * K + c]!;
        return d;
      });
    const Y = years.years.length;
    return {
      levers,
      forecast: run.forecast,
      spend,
      difference: {
        months: run.forecast.months,
        total: diff('total'),
        byCategory: CATEGORY_KEYS.map((key, k) => ({ key, label: PLACEMENT_CATEGORIES[key], ...diff(k) })),
      },
      spendDifference: years.years.map((year, y) => {
        const v = new Float64Array(S);
        for (let s = 0; s < S; s++) v[s] = years.values[s * Y + y]! - baseYears.values[s * Y + y]!;
        return { year, ...yearFigure(v) };
      }),
    };
  });
  return { baseline: { forecast: base.forecast, spend: baseSpend }, scenarios: results };
}
