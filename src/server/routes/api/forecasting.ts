/**
 * Forecasting over the API (docs/forecasting.md "Pages, API and CLI"): an LA's SSDA903 datasets
 * (POST uploads the CSV files and starts the import job), backtests, and the region's sum of the
 * forecasts its LAs share (for the hub). Forecasts themselves are in forecasts.ts. Another
 * organisation's dataset or backtest is not found, exactly like a missing one.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BACKTEST_HORIZONS,
  type BacktestSettings,
  defaultBacktestSettings,
  startBacktest,
} from '../../../app/forecasting/backtests.ts';
import { addDatasetFiles, createDataset, startImport } from '../../../app/forecasting/datasets.ts';
import type { ImportJobResult } from '../../../app/forecasting/ssda903-import-job.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import {
  datasetFiles,
  findBacktest,
  findDataset,
  latestRegionalForecast,
  listBacktests,
  listDatasets,
} from '../../../db/queries/forecasting.ts';
import { withTenant } from '../../../db/tenant.ts';
import type { BacktestResult } from '../../../domain/forecasting/backtest.ts';
import { backtestSheets } from '../../../domain/forecasting/backtest-sheets.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { readSsda903Upload } from '../pages/forecasting.ts';
import { ErrorBody } from './basics.ts';

const keepers = { preHandler: requireAuth({ roles: ['commissioner'], orgKinds: ['local-authority'] }) };
const hubs = { preHandler: requireAuth({ roles: ['hub-analyst'], orgKinds: ['hub'] }) };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Status = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
const Json = z.record(z.string(), z.unknown());
const Problem = z.object({
  field: z.string(),
  message: z.string(),
  row: z.number().optional(),
  record: z.string().optional(),
});
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const DatasetSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['draft', 'imported']),
  years: z.array(z.number()),
  children: z.number().nullable(),
  episodes: z.number().nullable(),
  createdAt: z.date(),
  importedAt: z.date().nullable(),
  lastImport: z
    .object({
      jobId: z.string(),
      /** queued, running, then imported or refused (or failed, cancelled). */
      status: z.enum(['queued', 'running', 'imported', 'refused', 'failed', 'cancelled']),
      errorCount: z.number().optional(),
      errors: z.array(Problem).optional(),
    })
    .nullable(),
  links: z.object({ self: z.string(), job: z.string().nullable() }),
});

function lastImport(
  d: { jobId: string | null; jobStatus: string | null; jobResult: unknown },
  withErrors: boolean,
) {
  if (!d.jobId || !d.jobStatus) return null;
  const r = d.jobResult as ImportJobResult | null;
  const status = d.jobStatus === 'succeeded' ? (r?.status ?? 'imported') : d.jobStatus;
  return {
    jobId: d.jobId,
    status: status as 'queued' | 'running' | 'imported' | 'refused' | 'failed' | 'cancelled',
    ...(r?.status === 'refused'
      ? { errorCount: r.errorCount, ...(withErrors ? { errors: r.errors } : {}) }
      : {}),
  };
}

function datasetSummary(d: Awaited<ReturnType<typeof listDatasets>>[number], withErrors = false) {
  const s = d.summary as { years?: number[]; children?: number; episodes?: number } | null;
  return {
    id: d.id,
    name: d.name,
    status: d.status,
    years: s?.years ?? [],
    children: s?.children ?? null,
    episodes: s?.episodes ?? null,
    createdAt: d.createdAt,
    importedAt: d.importedAt,
    lastImport: lastImport(d, withErrors),
    links: { self: `/api/v1/forecasting/datasets/${d.id}`, job: d.jobId ? `/api/v1/jobs/${d.jobId}` : null },
  };
}

export const BacktestBody = z
  .object({
    datasetId: z.uuid().optional(),
    cutoffs: z.array(LocalDate).min(1).max(8),
    horizonMonths: z
      .number()
      .int()
      .refine(
        (h) => (BACKTEST_HORIZONS as readonly number[]).includes(h),
        `one of ${BACKTEST_HORIZONS.join(', ')}`,
      )
      .optional(),
    simulations: z.number().int().min(100).max(2000).optional(),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    minCount: z.number().int().min(1).max(100_000).optional(),
    modelOnly: z.boolean().optional(),
  })
  .strict();

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/forecasting/datasets',
    {
      ...keepers,
      schema: {
        summary: 'Your SSDA903 datasets (LA commissioners): drafts and imported returns, newest first',
        tags: ['Forecasting'],
        response: { 200: z.object({ datasets: z.array(DatasetSummary) }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const rows = await withTenant(app.db, tenant, (trx) => listDatasets(trx, tenant.orgId));
      return { datasets: rows.map((d) => datasetSummary(d)) };
    },
  );

  api.post(
    '/api/v1/forecasting/datasets',
    {
      ...keepers,
      schema: {
        summary:
          'Upload SSDA903 returns and start their import (a job): multipart/form-data with fields name, year (or a year in each file name, like 2024_episodes.csv), strictCodes=yes, then the CSV files (header, episodes, uasc)',
        tags: ['Forecasting'],
        consumes: ['multipart/form-data'],
        response: {
          202: z.object({
            datasetId: z.string(),
            jobId: z.string(),
            status: Status,
            links: z.object({ self: z.string(), job: z.string() }),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          413: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const upload = await readSsda903Upload(req);
      const name = upload.fields.name?.trim() || `SSDA903 returns uploaded ${app.config.today()}`;
      const { datasetId, jobId } = await withTenant(app.db, tenant, async (trx) => {
        const id = await createDataset(trx, tenant, name);
        await addDatasetFiles(trx, tenant, id, upload.files, upload.fields.year);
        const job = await startImport(trx, app.jobs, tenant, id, {
          strictCodes: upload.fields.strictCodes === 'yes',
        });
        return { datasetId: id, jobId: job };
      });
      return reply.code(202).send({
        datasetId,
        jobId,
        status: 'queued',
        links: { self: `/api/v1/forecasting/datasets/${datasetId}`, job: `/api/v1/jobs/${jobId}` },
      });
    },
  );

  api.get(
    '/api/v1/forecasting/datasets/:datasetId',
    {
      ...keepers,
      schema: {
        summary:
          'An SSDA903 dataset: its files, what was imported (children, episodes, years, warnings), or why the last import was refused (every problem by file, row and column)',
        tags: ['Forecasting'],
        params: z.object({ datasetId: z.string() }),
        response: {
          200: DatasetSummary.extend({
            summary: Json.nullable(),
            files: z.array(
              z.object({
                fileName: z.string(),
                kind: z.string(),
                year: z.number(),
                byteSize: z.number(),
                rows: z.number().nullable(),
              }),
            ),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const { datasetId } = req.params;
      const found = UUID.test(datasetId)
        ? await withTenant(app.db, req.auth!.tenant, async (trx) => {
            const d = await findDataset(trx, datasetId);
            return d && { d, files: await datasetFiles(trx, datasetId) };
          })
        : undefined;
      if (!found) notFound('dataset');
      return {
        ...datasetSummary(found.d, true),
        summary: found.d.summary,
        files: found.files.map((f) => ({
          fileName: f.fileName,
          kind: f.kind,
          year: f.year,
          byteSize: f.byteSize,
          rows: f.rows,
        })),
      };
    },
  );

  const BacktestSummary = z.object({
    id: z.string(),
    datasetId: z.string(),
    status: Status,
    settings: Json,
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
    links: z.object({ self: z.string(), job: z.string(), export: z.string().nullable() }),
  });
  const backtestLinks = (b: { id: string; jobId: string; finishedAt: Date | null }) => ({
    self: `/api/v1/backtests/${b.id}`,
    job: `/api/v1/jobs/${b.jobId}`,
    export: b.finishedAt ? `/api/v1/backtests/${b.id}/export.xlsx` : null,
  });

  api.get(
    '/api/v1/backtests',
    {
      ...keepers,
      schema: {
        summary: 'Your backtests (LA commissioners), newest first',
        tags: ['Forecasting'],
        response: { 200: z.object({ backtests: z.array(BacktestSummary) }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const rows = await withTenant(app.db, tenant, (trx) => listBacktests(trx, tenant.orgId));
      return {
        backtests: rows.map((b) => ({
          id: b.id,
          datasetId: b.datasetId,
          status: b.jobStatus,
          settings: b.settings,
          createdAt: b.createdAt,
          finishedAt: b.finishedAt,
          links: backtestLinks(b),
        })),
      };
    },
  );

  api.post(
    '/api/v1/backtests',
    {
      ...keepers,
      schema: {
        summary:
          'Start a backtest (a job): fit at each cut-off, forecast horizonMonths ahead (3, 6, 12 or 24), score against what happened and against naive carry-forward',
        tags: ['Forecasting'],
        body: BacktestBody,
        response: {
          202: z.object({
            backtestId: z.string(),
            jobId: z.string(),
            status: Status,
            links: z.object({ self: z.string(), job: z.string() }),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const d = defaultBacktestSettings();
      const b = req.body;
      const settings: BacktestSettings = {
        cutoffs: b.cutoffs,
        horizonMonths: b.horizonMonths ?? d.horizonMonths,
        simulations: b.simulations ?? d.simulations,
        seed: b.seed ?? d.seed,
        minCount: b.minCount ?? d.minCount,
        modelOnly: b.modelOnly ?? d.modelOnly,
      };
      const { backtestId, jobId } = await withTenant(app.db, tenant, (trx) =>
        startBacktest(trx, app.jobs, tenant, { datasetId: b.datasetId, settings }),
      );
      return reply.code(202).send({
        backtestId,
        jobId,
        status: 'queued',
        links: { self: `/api/v1/backtests/${backtestId}`, job: `/api/v1/jobs/${jobId}` },
      });
    },
  );

  api.get(
    '/api/v1/backtests/:backtestId',
    {
      ...keepers,
      schema: {
        summary:
          'A backtest: its settings, status and, once finished, the scores (MAPE and naive MAPE, coverage of the 80% and 95% ranges; fractions) overall, per cut-off and per category, and every point',
        tags: ['Forecasting'],
        params: z.object({ backtestId: z.string() }),
        response: {
          200: BacktestSummary.extend({ result: Json.nullable() }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const { backtestId } = req.params;
      const b = UUID.test(backtestId)
        ? await withTenant(app.db, req.auth!.tenant, (trx) => findBacktest(trx, backtestId))
        : undefined;
      if (!b) notFound('backtest');
      return {
        id: b.id,
        datasetId: b.datasetId,
        status: b.jobStatus,
        settings: b.settings,
        createdAt: b.createdAt,
        finishedAt: b.finishedAt,
        result: b.result,
        links: backtestLinks(b),
      };
    },
  );

  api.get(
    '/api/v1/backtests/:backtestId/export.xlsx',
    {
      ...keepers,
      schema: {
        summary: 'A finished backtest’s scores and points as an xlsx workbook',
        tags: ['Forecasting'],
        params: z.object({ backtestId: z.string() }),
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const { backtestId } = req.params;
      const b = UUID.test(backtestId)
        ? await withTenant(app.db, req.auth!.tenant, (trx) => findBacktest(trx, backtestId))
        : undefined;
      if (!b) notFound('backtest');
      if (!b.result) throw new DomainError('conflict', 'The backtest has not finished');
      const bytes = await toXlsx(backtestSheets(b.result as unknown as BacktestResult));
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        appendAudit(trx, req.auth!.tenant, [
          { action: 'export', entityType: 'forecast-backtest', entityId: b.id, detail: { format: 'xlsx' } },
        ]),
      );
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="${safeFileName(`backtest-${b.id.slice(0, 8)}`)}.xlsx"`,
        )
        .send(bytes as never);
    },
  );

  api.get(
    '/api/v1/forecasting/region',
    {
      ...hubs,
      schema: {
        summary:
          'The region’s demand from the latest forecast each LA shares with the hub: expected children in care and new placements by placement category and financial year (hub analysts)',
        tags: ['Forecasting'],
        response: { 200: z.object({ region: Json.nullable() }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const region = await withTenant(app.db, tenant, (trx) =>
        latestRegionalForecast(trx, tenant.regionCode),
      );
      return { region: (region ?? null) as Record<string, unknown> | null };
    },
  );
}
