/**
 * What a finished forecast stores, worked out from a fitted model and the raw runs of its baseline
 * and scenarios: the engine's figures (counts of children by category and age band, spend,
 * scenarios, the observed history): aggregates only, no child ids. Pure, so a worker thread can
 * build it off the server's event loop.
 */
import { DEFAULT_COMBINATION } from '../../domain/forecasting/combine.ts';
import {
  type DatasetSummary,
  type Ssda903Dataset,
  summariseDataset,
} from '../../domain/forecasting/dataset.ts';
import { type History, observedHistory } from '../../domain/forecasting/fan-chart.ts';
import { type DemandForecast, forecastFromRuns } from '../../domain/forecasting/forecast.ts';
import { type HighCostShare, highCostShares } from '../../domain/forecasting/high-cost.ts';
import type { DemandModel } from '../../domain/forecasting/model.ts';
import {
  compareScenarioRuns,
  type ScenarioComparison,
  type ScenarioResult,
} from '../../domain/forecasting/scenarios.ts';
import type { SimulationRuns } from '../../domain/forecasting/simulate.ts';
import { forecastSpend, type SpendForecast } from '../../domain/forecasting/spend.ts';
import { fromEpochDay } from '../../domain/shared/dates.ts';
import type { ForecastSettings } from './settings.ts';

export const RESULT_FORMAT = 'sufficiency-forecast/1';

/** What a finished forecast stores: the engine's figures (aggregates only, no child ids). */
export interface ForecastDocument {
  format: typeof RESULT_FORMAT;
  data: DatasetSummary;
  forecast: DemandForecast;
  /** Observed month-end counts for the 24 months up to the origin. */
  history: History;
  spend: SpendForecast;
  /** Each scenario against the baseline (the baseline is `forecast` and `spend`). */
  scenarios: ScenarioResult[];
  highCost: HighCostShare[];
}

/** The scenario comparison of a stored forecast, in the shape the engine's exports take. */
export function comparisonOf(doc: ForecastDocument): ScenarioComparison | undefined {
  return doc.scenarios.length
    ? { baseline: { forecast: doc.forecast, spend: doc.spend }, scenarios: doc.scenarios }
    : undefined;
}

/**
 * The stored figures from a fitted model and the raw runs of the baseline and each scenario
 * (simulated with the settings' seed and horizon, each scenario with its levers).
 */
export function forecastDocument(
  d: Ssda903Dataset,
  model: DemandModel,
  s: ForecastSettings,
  raw: { baseline: SimulationRuns; scenarios: readonly SimulationRuns[] },
): ForecastDocument {
  const combination = s.modelOnly ? { ...DEFAULT_COMBINATION, naiveWeight: 0 } : DEFAULT_COMBINATION;
  const highCost = highCostShares(d, { cutoff: model.origin })[0] ?? [];
  const base = forecastFromRuns(model, raw.baseline, { seed: s.seed, combination });
  const spend = forecastSpend(base.runs, {
    costs: s.costs,
    highCost,
    openAtOrigin: base.forecast.byCategory.map((c) => c.observed),
  });
  const scenarios = s.scenarios.length
    ? compareScenarioRuns(model, s.scenarios, raw, {
        horizonMonths: s.horizonMonths,
        simulations: s.simulations,
        seed: s.seed,
        combination,
        costs: s.costs,
        highCost,
      }).scenarios
    : [];
  return {
    format: RESULT_FORMAT,
    data: summariseDataset(d),
    forecast: base.forecast,
    history: observedHistory(d, { origin: fromEpochDay(model.origin), months: 24 }),
    spend,
    scenarios,
    highCost,
  };
}
