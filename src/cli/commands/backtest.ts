/**
 * `sufficiency backtest --ssda903 DIR --cutoff DATE --horizon-months 12`: fit on the data known at
 * each cut-off, forecast, and compare with what happened, for the forecast and for "carry the last
 * count forward" alike: MAPE per category and overall, and how often the actual fell inside the
 * 80% and 95% intervals. Several cut-offs (comma-separated, or none for every 31 March the data
 * allow) make a rolling-origin backtest.
 */
import type { Command } from 'commander';
import { backtest, yearlyCutoffs } from '../../domain/forecasting/backtest.ts';
import { backtestSheets } from '../../domain/forecasting/backtest-sheets.ts';
import { DEFAULT_COMBINATION } from '../../domain/forecasting/combine.ts';
import { summariseDataset } from '../../domain/forecasting/dataset.ts';
import { DEFAULT_SEED, DEFAULT_SIMULATIONS } from '../../domain/forecasting/forecast.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { toCsv, toXlsx } from '../../exports/spreadsheet.ts';
import { importSsda903 } from '../../importers/ssda903/import-files.ts';
import { progressBar, writeOutput } from '../output.ts';
import { dateOption, formatOption, integerOption, part } from './forecast.ts';

export interface BacktestCommandOptions {
  ssda903: string;
  cutoff?: string;
  horizonMonths?: string;
  la?: string;
  simulations?: string;
  seed?: string;
  format?: string;
  out?: string;
  minCount?: string;
  modelOnly?: boolean;
}

export function register(program: Command): void {
  program
    .command('backtest')
    .description(
      'backtest the forecast against what happened: MAPE per category against naive, interval coverage',
    )
    .requiredOption(
      '--ssda903 <dir>',
      'folder of 903 returns: <YEAR>/header.csv, episodes.csv (or <LA>/<YEAR>/...)',
    )
    .option('--cutoff <dates>', 'cut-off day(s), comma-separated (default: every 31 March the data allow)')
    .option('--horizon-months <n>', 'months ahead to score, 1 to 60', '12')
    .option('--la <name>', 'one LA of a multi-LA folder (default: all pooled)')
    .option('--simulations <n>', `simulation runs per cut-off (default ${DEFAULT_SIMULATIONS})`)
    .option('--seed <n>', `random seed (default ${DEFAULT_SEED})`)
    .option('--min-count <n>', 'leave out categories with fewer children at a cut-off (default 20)')
    .option(
      '--model-only',
      'score the simulation alone, without the combination with the last observed count',
    )
    .option('--format <format>', 'json, csv (every point) or xlsx (scores and points)', 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: BacktestCommandOptions) => {
      writeOutput(await runBacktest(opts, progressBar('Backtesting')), opts.out);
    });
}

export async function runBacktest(
  opts: BacktestCommandOptions,
  onProgress?: (fraction: number, message: string) => void,
): Promise<string | Buffer> {
  const format = formatOption(opts.format);
  const horizonMonths = integerOption(opts.horizonMonths, 'horizon-months', 1, 60, 12);
  const simulations = integerOption(opts.simulations, 'simulations', 10, 100_000, DEFAULT_SIMULATIONS);
  const seed = integerOption(opts.seed, 'seed', 0, 2 ** 32 - 1, DEFAULT_SEED);
  const minCount = integerOption(opts.minCount, 'min-count', 1, 100_000, 20);
  const { dataset } = await importSsda903(opts.ssda903, { onProgress: part(onProgress, 0, 0.2) });
  const cutoffs = opts.cutoff
    ? opts.cutoff.split(',').map((c) => dateOption(c.trim(), 'cutoff'))
    : yearlyCutoffs(dataset, horizonMonths);
  if (cutoffs.length === 0) {
    throw new DomainError(
      'validation',
      'the data are too short for a backtest: no cut-off leaves a horizon to compare',
      [
        {
          field: 'cutoff',
          message: `needs two years of data before and ${horizonMonths} months after a cut-off`,
        },
      ],
    );
  }
  const combination = opts.modelOnly ? { ...DEFAULT_COMBINATION, naiveWeight: 0 } : DEFAULT_COMBINATION;
  const result = backtest(dataset, {
    cutoffs,
    horizonMonths,
    simulations,
    seed,
    la: opts.la,
    minCount,
    combination,
    onProgress: part(onProgress, 0.2, 1),
  });
  if (format === 'csv') return toCsv(backtestSheets(result)[1]!);
  if (format === 'xlsx') return toXlsx(backtestSheets(result));
  const doc = {
    format: 'sufficiency-backtest/1',
    note: 'MAPE = mean absolute percentage error over every (cut-off, category, month end) point; naive = the count at the cut-off carried forward; coverage = share of points inside the interval. Fractions, not percentages.',
    data: summariseDataset(dataset),
    settings: { cutoffs, horizonMonths, simulations, seed, minCount, combination, la: opts.la },
    overall: result.overall,
    byCutoff: result.byCutoff,
    byCategory: result.byCategory,
    excluded: result.excluded,
    points: result.points,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
