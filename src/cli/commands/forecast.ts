/**
 * `sufficiency forecast --ssda903 DIR --horizon-months N [--format json|csv|xlsx] [--out FILE]`:
 * children in care by placement category and age band, month by month, with 80% and 95% intervals,
 * spend by financial year, and scenarios side by side with the baseline. Several LAs in DIR give a
 * forecast per LA (each borrowing strength from the others) and their regional sum. Large runs are
 * shared across threads: each LA's runs are split by run number, and a run's random streams depend
 * only on the seed and that number, so the figures do not depend on how many threads ran them.
 */
import type { Command } from 'commander';
import { type Combination, DEFAULT_COMBINATION } from '../../domain/forecasting/combine.ts';
import { summariseDataset } from '../../domain/forecasting/dataset.ts';
import { fanCharts, observedHistory } from '../../domain/forecasting/fan-chart.ts';
import { fitDemandModel, fitDemandModels } from '../../domain/forecasting/fit-model.ts';
import { DEFAULT_SEED, DEFAULT_SIMULATIONS, type DemandForecast } from '../../domain/forecasting/forecast.ts';
import { highCostShares } from '../../domain/forecasting/high-cost.ts';
import { categorySheet, forecastSheets } from '../../domain/forecasting/report-sheets.ts';
import { compareScenarios } from '../../domain/forecasting/scenarios.ts';
import { DEFAULT_UNIT_COSTS, forecastSpend } from '../../domain/forecasting/spend.ts';
import { fromEpochDay, isLocalDate, type LocalDate, parseUkDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { toCsv, toXlsx } from '../../exports/spreadsheet.ts';
import { readScenarios, readUnitCosts } from '../../importers/ssda903/forecast-settings.ts';
import { importSsda903 } from '../../importers/ssda903/import-files.ts';
import { autoThreads, forecastInThreads } from '../../workers/forecast-pool.ts';
import { progressBar, writeOutput } from '../output.ts';

type Progress = (fraction: number, message: string) => void;

export interface ForecastCommandOptions {
  ssda903: string;
  horizonMonths?: string;
  cutoff?: string;
  la?: string;
  simulations?: string;
  seed?: string;
  costs?: string;
  scenarios?: string;
  format?: string;
  out?: string;
  threads?: string;
  strictCodes?: boolean;
  modelOnly?: boolean;
}

export function register(program: Command): void {
  program
    .command('forecast')
    .description(
      'forecast children in care and placement spend from SSDA903 returns, with 80% and 95% intervals',
    )
    .requiredOption(
      '--ssda903 <dir>',
      'folder of 903 returns: <YEAR>/header.csv, episodes.csv (or <LA>/<YEAR>/...)',
    )
    .option('--horizon-months <n>', 'months ahead, 1 to 120', '12')
    .option('--cutoff <date>', 'use data up to this day only (default: the end of the latest return)')
    .option('--la <name>', 'one LA of a multi-LA folder (default: every LA and their sum)')
    .option('--simulations <n>', `simulation runs (default ${DEFAULT_SIMULATIONS})`)
    .option('--seed <n>', `random seed; the same seed gives the same figures (default ${DEFAULT_SEED})`)
    .option(
      '--costs <file>',
      'unit costs as JSON: {"weekly": {"residential": 6200, ...}, "annualUplift": 0.04} (pounds)',
    )
    .option(
      '--scenarios <file>',
      'scenarios as JSON: [{"name": "...", "entryChange": -0.1, ...}] (docs/forecasting.md)',
    )
    .option('--format <format>', 'json, csv (the category table) or xlsx (every table)', 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--threads <n>', 'threads to simulate on (default: every core when the run is large)')
    .option('--strict-codes', 'refuse codes used outside their collection years (default: warn)')
    .option('--model-only', 'the simulation alone, without the combination with the last observed count')
    .action(async (opts: ForecastCommandOptions) => {
      writeOutput(await runForecast(opts, progressBar('Forecasting')), opts.out);
    });
}

export function integerOption(
  text: string | undefined,
  field: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) {
    throw new DomainError('validation', `--${field} must be a whole number from ${min} to ${max}`, [
      { field, message: `"${text}" is not a whole number from ${min} to ${max}` },
    ]);
  }
  return n;
}

/** A day as YYYY-MM-DD or dd/mm/yyyy. */
export function dateOption(text: string, field: string): LocalDate {
  const d = isLocalDate(text) ? text : parseUkDate(text);
  if (!d)
    throw new DomainError('validation', `--${field} must be a date`, [
      { field, message: `"${text}" is not a date (YYYY-MM-DD or dd/mm/yyyy)` },
    ]);
  return d;
}

export function formatOption(text: string | undefined): 'json' | 'csv' | 'xlsx' {
  const f = text ?? 'json';
  if (f !== 'json' && f !== 'csv' && f !== 'xlsx') {
    throw new DomainError('validation', '--format must be json, csv or xlsx', [
      { field: 'format', message: `"${f}" is not json, csv or xlsx` },
    ]);
  }
  return f;
}

/** Scales a progress callback into [from, to). */
export function part(p: Progress | undefined, from: number, to: number): Progress | undefined {
  return p ? (f, m) => p(from + (to - from) * f, m) : undefined;
}

export async function runForecast(
  opts: ForecastCommandOptions,
  onProgress?: Progress,
): Promise<string | Buffer> {
  const format = formatOption(opts.format);
  const horizonMonths = integerOption(opts.horizonMonths, 'horizon-months', 1, 120, 12);
  const simulations = integerOption(opts.simulations, 'simulations', 10, 100_000, DEFAULT_SIMULATIONS);
  const seed = integerOption(opts.seed, 'seed', 0, 2 ** 32 - 1, DEFAULT_SEED);
  const cutoff = opts.cutoff === undefined ? undefined : dateOption(opts.cutoff, 'cutoff');
  const { readFileSync } = await import('node:fs');
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new DomainError('validation', `cannot read the ${what} file ${file}`, [
        { field: what, message: (e as Error).message },
      ]);
    }
  };
  const costs = opts.costs ? readUnitCosts(read(opts.costs, 'costs')) : DEFAULT_UNIT_COSTS;
  const levers = opts.scenarios ? readScenarios(read(opts.scenarios, 'scenarios')) : [];
  const combination: Combination = opts.modelOnly
    ? { ...DEFAULT_COMBINATION, naiveWeight: 0 }
    : DEFAULT_COMBINATION;

  const imported = await importSsda903(opts.ssda903, {
    codeYears: opts.strictCodes ? 'error' : 'warn',
    onProgress: part(onProgress, 0, 0.25),
  });
  const d = imported.dataset;
  onProgress?.(0.25, 'fitting');
  const models = opts.la ? [fitDemandModel(d, { cutoff, la: opts.la })] : fitDemandModels(d, { cutoff });
  const threads =
    opts.threads === undefined
      ? autoThreads(models, simulations, horizonMonths)
      : integerOption(opts.threads, 'threads', 1, 64, 1);
  const { region, las, runs } = await forecastInThreads(
    models,
    { horizonMonths, simulations, seed, combination },
    threads,
    part(onProgress, 0.3, levers.length ? 0.7 : 0.95),
  );
  const forecast: DemandForecast = models.length === 1 ? las[0]! : region;
  const shares = highCostShares(d, { cutoff: models[0]!.origin });
  const laIndex = opts.la ? d.las.indexOf(opts.la) : 0;
  // One LA: its own shares, shrunk to the region's; a region: the region's pooled shares.
  const highCost =
    models.length === 1
      ? shares[laIndex]!
      : shares[0]!.map((s) => ({ ...s, own: s.region, share: s.region }));
  const spend = forecastSpend(runs, {
    costs,
    highCost,
    openAtOrigin: forecast.byCategory.map((c) => c.observed),
  });
  let scenarios: ReturnType<typeof compareScenarios> | undefined;
  if (levers.length) {
    onProgress?.(0.7, 'scenarios');
    // Scenarios need one model: the LA's, or the region pooled as one population.
    const model = models.length === 1 ? models[0]! : fitDemandModel(d, { cutoff });
    scenarios = compareScenarios(model, levers, {
      horizonMonths,
      simulations,
      seed,
      costs,
      highCost,
      combination,
      onProgress: part(onProgress, 0.7, 0.95),
    });
  }
  const history = observedHistory(d, { origin: forecast.origin, months: 24, la: opts.la });
  onProgress?.(1, 'done');
  if (format === 'csv') return toCsv(categorySheet(forecast, history));
  if (format === 'xlsx') return toXlsx(forecastSheets({ forecast, history, spend, scenarios }));
  const doc = {
    format: 'sufficiency-forecast/1',
    note:
      'Counts of children; money in pence. Intervals: 80% = p10 to p90, 95% = p2_5 to p97_5. Days are ISO dates. ' +
      'Categories: see docs/forecasting.md for the code mapping.',
    data: summariseDataset(d),
    importWarnings: { count: imported.warningCount, first: imported.warnings.slice(0, 50) },
    settings: {
      horizonMonths,
      simulations,
      seed,
      threads,
      cutoff: fromEpochDay(models[0]!.origin),
      combination,
      costs,
      scenariosOn: scenarios && models.length > 1 ? 'the region pooled as one population' : undefined,
    },
    forecast,
    las: models.length > 1 ? las : undefined,
    spend,
    scenarios,
    fanCharts: fanCharts(forecast, history),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// The worker-thread pool lives in src/workers/forecast-pool.ts (the web's jobs use it too).
export { autoThreads, forecastInThreads } from '../../workers/forecast-pool.ts';
