/**
 * Backtests as background jobs: fit on what the LA's returns showed at each chosen cut-off,
 * forecast, and score against what then happened, beside "carry the last count forward" (MAPE
 * per category and overall, and how often the actual fell inside the 80% and 95% intervals). The
 * whole backtest runs in a worker thread, so the server stays responsive; its result is exactly
 * the engine's `backtest` for the same settings. Backtests are the LA's own and never shared.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../db/queries/audit.ts';
import {
  datasetData,
  findBacktest,
  findDataset,
  insertBacktest,
  latestImportedDataset,
  saveBacktestResult,
} from '../../db/queries/forecasting.ts';
import { type Tenant, type Tx, withTenant } from '../../db/tenant.ts';
import type { BacktestResult } from '../../domain/forecasting/backtest.ts';
import { DEFAULT_COMBINATION } from '../../domain/forecasting/combine.ts';
import type { DatasetSummary } from '../../domain/forecasting/dataset.ts';
import { DEFAULT_SEED, DEFAULT_SIMULATIONS } from '../../domain/forecasting/forecast.ts';
import { addMonths, isLocalDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { decodeDataset } from '../../importers/ssda903/dataset-codec.ts';
import { backtestInWorker, ForecastAborted, type ForecastWorkers } from '../../workers/forecast-pool.ts';
import { type JobContext, JobInterrupted, type JobRunner } from '../jobs/runner.ts';

export const BACKTEST_JOB = 'forecast-backtest';
export const BACKTEST_HORIZONS = [3, 6, 12, 24] as const;
export const MAX_CUTOFFS = 8;

export interface BacktestSettings {
  cutoffs: LocalDate[];
  horizonMonths: number;
  simulations: number;
  seed: number;
  /** Categories with fewer children at a cut-off are left out of the percentages. */
  minCount: number;
  modelOnly: boolean;
}

export function defaultBacktestSettings(): Omit<BacktestSettings, 'cutoffs'> {
  return {
    horizonMonths: 12,
    simulations: DEFAULT_SIMULATIONS,
    seed: DEFAULT_SEED,
    minCount: 20,
    modelOnly: false,
  };
}

/**
 * Cut-offs the data allow for a horizon: every 31 March with at least a year of returns before
 * it (the rates need history) and the horizon's months after it.
 */
export function possibleCutoffs(
  summary: Pick<DatasetSummary, 'dataStart' | 'dataEnd'>,
  horizonMonths: number,
): LocalDate[] {
  const out: LocalDate[] = [];
  const first = Number(summary.dataStart.slice(0, 4)) + 1;
  const last = Number(summary.dataEnd.slice(0, 4));
  for (let y = first; y <= last; y++) {
    const c = `${y}-03-31`;
    if (addMonths(summary.dataStart, 12) <= c && addMonths(c, horizonMonths) <= summary.dataEnd) out.push(c);
  }
  return out;
}

export function checkBacktestSettings(s: BacktestSettings, summary: DatasetSummary): void {
  const errors: FieldError[] = [];
  if (!(BACKTEST_HORIZONS as readonly number[]).includes(s.horizonMonths))
    errors.push({ field: 'horizonMonths', message: `must be one of ${BACKTEST_HORIZONS.join(', ')} months` });
  if (!Number.isInteger(s.simulations) || s.simulations < 100 || s.simulations > 2000)
    errors.push({ field: 'simulations', message: 'must be a whole number from 100 to 2,000' });
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 2 ** 32 - 1)
    errors.push({ field: 'seed', message: 'must be a whole number from 0 to 4,294,967,295' });
  if (!Number.isInteger(s.minCount) || s.minCount < 1 || s.minCount > 100_000)
    errors.push({ field: 'minCount', message: 'must be a whole number from 1 to 100,000' });
  if (s.cutoffs.length === 0) errors.push({ field: 'cutoffs', message: 'Choose at least one cut-off' });
  if (s.cutoffs.length > MAX_CUTOFFS)
    errors.push({ field: 'cutoffs', message: `Choose at most ${MAX_CUTOFFS} cut-offs` });
  for (const c of s.cutoffs) {
    if (!isLocalDate(c)) errors.push({ field: 'cutoffs', message: `"${c}" is not a date (YYYY-MM-DD)` });
    else if (c < addMonths(summary.dataStart, 12))
      errors.push({ field: 'cutoffs', message: `${c} leaves less than a year of returns to fit on` });
    else if (Number.isInteger(s.horizonMonths) && addMonths(c, s.horizonMonths) > summary.dataEnd)
      errors.push({
        field: 'cutoffs',
        message: `${c} + ${s.horizonMonths} months runs past the end of the returns (${summary.dataEnd})`,
      });
  }
  throwIfInvalid(errors, 'The backtest cannot start');
}

export async function startBacktest(
  trx: Tx,
  jobs: JobRunner,
  tenant: Tenant,
  input: { datasetId?: string; settings: BacktestSettings },
): Promise<{ backtestId: string; jobId: string }> {
  const dataset = input.datasetId
    ? await findDataset(trx, input.datasetId)
    : await latestImportedDataset(trx, tenant.orgId);
  if (!dataset)
    throw new DomainError(
      input.datasetId ? 'not-found' : 'validation',
      input.datasetId ? 'No such dataset' : 'Import your SSDA903 returns first',
      input.datasetId ? [] : [{ field: 'datasetId', message: 'Import your SSDA903 returns first' }],
    );
  if (dataset.status !== 'imported' || !dataset.summary)
    throw new DomainError('validation', 'That dataset has not been imported yet', [
      { field: 'datasetId', message: 'Import the dataset’s returns before backtesting on it' },
    ]);
  const s = { ...input.settings, cutoffs: [...new Set(input.settings.cutoffs)].sort() };
  checkBacktestSettings(s, dataset.summary as unknown as DatasetSummary);
  const backtestId = randomUUID();
  const jobId = await jobs.enqueue(trx, tenant, BACKTEST_JOB, { backtestId });
  await insertBacktest(trx, {
    id: backtestId,
    orgId: tenant.orgId,
    datasetId: dataset.id,
    jobId,
    settings: s as unknown as Record<string, unknown>,
    userId: tenant.userId,
  });
  await appendAudit(trx, tenant, [
    {
      action: 'create',
      entityType: 'forecast-backtest',
      entityId: backtestId,
      detail: { datasetId: dataset.id, ...s },
    },
  ]);
  return { backtestId, jobId };
}

export function backtestOptions(s: BacktestSettings) {
  return {
    cutoffs: s.cutoffs,
    horizonMonths: s.horizonMonths,
    simulations: s.simulations,
    seed: s.seed,
    minCount: s.minCount,
    combination: s.modelOnly ? { ...DEFAULT_COMBINATION, naiveWeight: 0 } : DEFAULT_COMBINATION,
  };
}

export function backtestJob(opts: { workers?: ForecastWorkers } = {}) {
  return async (ctx: JobContext): Promise<{ backtestId: string }> => {
    const backtestId = String(ctx.job.payload.backtestId ?? '');
    const loaded = await withTenant(ctx.db, ctx.tenant, async (trx) => {
      const b = await findBacktest(trx, backtestId);
      if (!b) return undefined;
      const data = await datasetData(trx, b.datasetId);
      if (data)
        await appendAudit(trx, ctx.tenant, [
          { action: 'read', entityType: 'ssda903-dataset', entityId: b.datasetId, detail: { backtestId } },
        ]);
      return { b, data };
    });
    if (!loaded?.data) throw new DomainError('not-found', 'The backtest or its dataset no longer exists');
    if (loaded.b.finishedAt) return { backtestId };
    const s = loaded.b.settings as unknown as BacktestSettings;
    await ctx.progress(0.02, 'Reading the returns');
    const d = decodeDataset(loaded.data.data);
    let reported = Promise.resolve();
    let result: BacktestResult;
    try {
      result = await backtestInWorker(d, backtestOptions(s), {
        signal: ctx.signal,
        workers: opts.workers,
        onProgress: (f, m) => {
          reported = reported.then(() => ctx.progress(0.05 + 0.9 * f, m)).catch(() => {});
        },
      });
    } catch (e) {
      if (e instanceof ForecastAborted) throw new JobInterrupted('backtest stopped');
      throw e;
    }
    await reported;
    if (ctx.signal.aborted) throw new JobInterrupted('backtest stopped');
    return ctx.completeWith(async (trx) => {
      if (!(await saveBacktestResult(trx, backtestId, result as unknown as Record<string, unknown>)))
        throw new DomainError('conflict', 'The backtest already has a result');
      return { backtestId };
    });
  };
}
