/**
 * The forecasting engine's public face: SSDA903 data in (see src/importers/ssda903), fitted models,
 * forecasts of children in care with intervals, spend, scenarios, backtests and export tables out,
 * all as plain data. docs/forecasting.md explains the method.
 */
export { AGE_BANDS, type AgeBandKey } from './age-bands.ts';
export {
  type BacktestOptions,
  type BacktestPoint,
  type BacktestResult,
  backtest,
  type Scores,
  score,
  yearlyCutoffs,
} from './backtest.ts';
export { backtestSheets } from './backtest-sheets.ts';
export {
  CATEGORY_KEYS,
  type CategoryRule,
  DEFAULT_CATEGORY_RULES,
  describeCategoryRules,
  PLACEMENT_CATEGORIES,
  type PlacementCategory,
} from './categories.ts';
export { type Combination, DEFAULT_COMBINATION } from './combine.ts';
export { type DatasetSummary, type Ssda903Dataset, summariseDataset } from './dataset.ts';
export { type FanChart, type FanPoint, fanCharts, type History, observedHistory } from './fan-chart.ts';
export { DEFAULT_FIT, type FitOptions, fitDemandModel, fitDemandModels } from './fit-model.ts';
export {
  checkRunOptions,
  DEFAULT_SEED,
  DEFAULT_SIMULATIONS,
  type DemandForecast,
  type ForecastOptions,
  type ForecastResult,
  forecastDemand,
  forecastFromRuns,
  forecastRegion,
  laSeed,
  observedAtOrigin,
  RegionForecast,
  runSimulation,
  type Series,
} from './forecast.ts';
export {
  DEFAULT_HIGH_COST_TYPES,
  type HighCostShare,
  type HighCostType,
  highCostShares,
} from './high-cost.ts';
export type { DemandModel } from './model.ts';
export { categorySheet, forecastSheets, type TableColumn, type TableSheet } from './report-sheets.ts';
export {
  checkLevers,
  compareScenarioRuns,
  compareScenarios,
  leversToAdjustments,
  type ScenarioComparison,
  type ScenarioLevers,
  type ScenarioResult,
} from './scenarios.ts';
export {
  concatRuns,
  type EngineAdjustments,
  type SimulationOptions,
  type SimulationRuns,
  simulate,
} from './simulate.ts';
export { DEFAULT_UNIT_COSTS, forecastSpend, type SpendForecast, type UnitCosts } from './spend.ts';
export { collectionYearLabel, SSDA903_CODES } from './ssda903-codes.ts';
export type { Quantiles } from './summarise.ts';
