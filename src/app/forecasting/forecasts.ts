/**
 * Forecasts as background jobs. Starting one fixes its settings (stored with it, so the figures
 * can always be reproduced); the `forecast` job then reads the LA's stored returns, and on the
 * forecast pool's worker threads (never on the server's event loop) fits the demand model,
 * simulates the baseline and each scenario, and works out the figures, which it stores with the
 * job's completion. The stored result is exactly what the engine gives in one thread for the same
 * seed.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../db/queries/audit.ts';
import {
  datasetData,
  findDataset,
  findForecast,
  insertForecast,
  latestImportedDataset,
  saveForecastResult,
  setForecastShared,
} from '../../db/queries/forecasting.ts';
import { type Tenant, type Tx, withTenant } from '../../db/tenant.ts';
import type { DatasetSummary } from '../../domain/forecasting/dataset.ts';
import { leversToAdjustments } from '../../domain/forecasting/scenarios.ts';
import { formatLongDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { decodeDataset } from '../../importers/ssda903/dataset-codec.ts';
import {
  defaultThreads,
  ForecastAborted,
  type ForecastWorkers,
  runInWorker,
  simulateInThreads,
} from '../../workers/forecast-pool.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { type JobContext, JobInterrupted } from '../jobs/runner.ts';
import type { ForecastDocument } from './forecast-document.ts';
import { checkSettings, type ForecastSettings } from './settings.ts';

export const FORECAST_JOB = 'forecast';
export {
  comparisonOf,
  type ForecastDocument,
  forecastDocument,
  RESULT_FORMAT,
} from './forecast-document.ts';

export function defaultForecastName(s: ForecastSettings, summary: { dataEnd: string }): string {
  const years = s.horizonMonths % 12 === 0 ? `${s.horizonMonths / 12}-year` : `${s.horizonMonths}-month`;
  const from = formatLongDate(s.cutoff ?? summary.dataEnd);
  const with_ = s.scenarios.length ? ` with ${s.scenarios.map((l) => l.name).join(', ')}` : '';
  return `${years} forecast from ${from}${with_}`.slice(0, 200);
}

export async function startForecast(
  trx: Tx,
  jobs: JobRunner,
  tenant: Tenant,
  input: { datasetId?: string; name?: string; settings: ForecastSettings },
): Promise<{ forecastId: string; jobId: string }> {
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
      { field: 'datasetId', message: 'Import the dataset’s returns before forecasting from it' },
    ]);
  const s = input.settings;
  checkSettings(s);
  const summary = dataset.summary as unknown as DatasetSummary;
  if (s.cutoff && (s.cutoff < summary.dataStart || s.cutoff > summary.dataEnd))
    throw new DomainError('validation', 'The cut-off is outside the data', [
      { field: 'cutoff', message: `must fall between ${summary.dataStart} and ${summary.dataEnd}` },
    ]);
  const forecastId = randomUUID();
  const jobId = await jobs.enqueue(trx, tenant, FORECAST_JOB, { forecastId });
  const name = input.name?.trim() || defaultForecastName(s, summary);
  await insertForecast(trx, {
    id: forecastId,
    orgId: tenant.orgId,
    datasetId: dataset.id,
    jobId,
    name,
    settings: s as unknown as Record<string, unknown>,
    userId: tenant.userId,
  });
  await appendAudit(trx, tenant, [
    {
      action: 'create',
      entityType: 'forecast',
      entityId: forecastId,
      detail: {
        datasetId: dataset.id,
        horizonMonths: s.horizonMonths,
        simulations: s.simulations,
        seed: s.seed,
      },
    },
  ]);
  return { forecastId, jobId };
}

/** Shares a finished forecast with the region's hub, or stops sharing it. */
export async function shareForecast(
  trx: Tx,
  tenant: Tenant,
  forecastId: string,
  share: boolean,
): Promise<void> {
  const f = await findForecast(trx, forecastId);
  if (!f || f.orgId !== tenant.orgId) throw new DomainError('not-found', 'No such forecast');
  if (!f.finishedAt) throw new DomainError('conflict', 'Only a finished forecast can be shared');
  await setForecastShared(trx, forecastId, share ? { userId: tenant.userId } : null);
  await appendAudit(trx, tenant, [
    { action: 'update', entityType: 'forecast', entityId: forecastId, detail: { sharedWithHub: share } },
  ]);
}

export interface ForecastJobOptions {
  /** Worker threads (default: every core, at most 8). */
  threads?: number;
  /** Workers kept between jobs (the server's); default: started and stopped per job. */
  workers?: ForecastWorkers;
}

export function forecastJob(opts: ForecastJobOptions = {}) {
  return async (ctx: JobContext): Promise<{ forecastId: string }> => {
    const forecastId = String(ctx.job.payload.forecastId ?? '');
    const loaded = await withTenant(ctx.db, ctx.tenant, async (trx) => {
      const f = await findForecast(trx, forecastId);
      if (!f) return undefined;
      const data = await datasetData(trx, f.datasetId);
      if (data)
        await appendAudit(trx, ctx.tenant, [
          { action: 'read', entityType: 'ssda903-dataset', entityId: f.datasetId, detail: { forecastId } },
        ]);
      return { f, data };
    });
    if (!loaded?.data) throw new DomainError('not-found', 'The forecast or its dataset no longer exists');
    if (loaded.f.finishedAt) return { forecastId };
    const s = loaded.f.settings as unknown as ForecastSettings;
    await ctx.progress(0.02, 'Reading the returns');
    const d = decodeDataset(loaded.data.data);
    const pool = { signal: ctx.signal, workers: opts.workers };
    let doc: ForecastDocument;
    try {
      await ctx.progress(0.05, 'Fitting the demand model');
      const model = await runInWorker(
        { type: 'fit', dataset: d, options: { cutoff: s.cutoff ?? undefined } },
        pool,
      );
      const tasks = [undefined, ...s.scenarios.map(leversToAdjustments)].map((adjust) => ({
        model,
        options: {
          horizonMonths: s.horizonMonths,
          simulations: s.simulations,
          seed: s.seed,
          ...(adjust ? { adjust } : {}),
        },
      }));
      let reported = Promise.resolve();
      let last = 0;
      const onProgress = (fraction: number) => {
        const now = Date.now();
        if (fraction < 1 && now - last < 250) return;
        last = now;
        const what = s.scenarios.length
          ? `the baseline and ${s.scenarios.length} scenario(s)`
          : 'the forecast';
        reported = reported
          .then(() =>
            ctx.progress(0.1 + 0.8 * fraction, `Simulating ${what}: ${Math.round(100 * fraction)}%`),
          )
          .catch(() => {});
      };
      const raws = await simulateInThreads(tasks, {
        ...pool,
        threads: Math.min(opts.threads ?? defaultThreads(), Math.max(1, tasks.length * 2)),
        workHere: false,
        onProgress,
      });
      await reported;
      if (ctx.signal.aborted) throw new JobInterrupted('forecast stopped');
      await ctx.progress(0.92, 'Working out spend and the scenarios');
      const [baseline, ...scenarios] = raws;
      doc = await runInWorker(
        { type: 'document', dataset: d, model, settings: s, raw: { baseline: baseline!, scenarios } },
        pool,
      );
    } catch (e) {
      if (e instanceof ForecastAborted) throw new JobInterrupted('forecast stopped');
      throw e;
    }
    if (ctx.signal.aborted) throw new JobInterrupted('forecast stopped');
    return ctx.completeWith(async (trx) => {
      if (!(await saveForecastResult(trx, forecastId, doc as unknown as Record<string, unknown>)))
        throw new DomainError('conflict', 'The forecast already has a result');
      return { forecastId };
    });
  };
}
