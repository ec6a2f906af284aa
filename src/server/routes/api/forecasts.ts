/**
 * Forecasts over the API (docs/forecasting.md "Pages, API and CLI"): POST starts a forecast job
 * from an imported SSDA903 dataset (honours Idempotency-Key; a bad body is refused with the field
 * named, e.g. scenarios.0.stepDownPerYear); GET gives its settings, status and, once finished, the
 * engine's figures (counts of children, money in pence); export.xlsx the spreadsheet. LA
 * commissioners read their own; hub analysts the finished forecasts their region's LAs share.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  comparisonOf,
  type ForecastDocument,
  shareForecast,
  startForecast,
} from '../../../app/forecasting/forecasts.ts';
import {
  costSourcesFor,
  defaultSettings,
  type ForecastSettings,
  learningWindow,
  prefillCosts,
  WEB_LIMITS,
} from '../../../app/forecasting/settings.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import {
  type ForecastRow,
  findForecast,
  forecastResult,
  listForecasts,
  listSharedForecasts,
  placementCostsByType,
} from '../../../db/queries/forecasting.ts';
import { withTenant } from '../../../db/tenant.ts';
import { AGE_BANDS } from '../../../domain/forecasting/age-bands.ts';
import { CATEGORY_KEYS, type PlacementCategory } from '../../../domain/forecasting/categories.ts';
import { forecastSheets } from '../../../domain/forecasting/report-sheets.ts';
import type { ScenarioLevers } from '../../../domain/forecasting/scenarios.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { poundsToPence } from '../../../domain/shared/money.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { ErrorBody } from './basics.ts';

const readers = { preHandler: requireAuth({ roles: ['commissioner', 'hub-analyst'] }) };
const keepers = { preHandler: requireAuth({ roles: ['commissioner'], orgKinds: ['local-authority'] }) };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Status = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
const Json = z.record(z.string(), z.unknown());
const category = z.enum(CATEGORY_KEYS as [PlacementCategory, ...PlacementCategory[]]);
const ageBand = z.enum(AGE_BANDS.map((b) => b.key) as [string, ...string[]]);

export const Levers = z
  .object({
    name: z.string().trim().min(1).max(60),
    entryChange: z.number().min(-1).max(5).optional(),
    entryChangeByAgeBand: z.partialRecord(ageBand, z.number().min(-1).max(5)).optional(),
    stepDownPerYear: z.number().min(0).max(0.99).optional(),
    residentialForLackOfFoster: z.number().min(0).max(1).optional(),
    fosterCategory: category.optional(),
    exitChange: z.number().min(-0.9).max(5).optional(),
    costInflation: z.number().min(-0.5).max(0.99).optional(),
  })
  .strict();

export const ForecastBody = z
  .object({
    datasetId: z.uuid().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    horizonMonths: z
      .number()
      .int()
      .min(WEB_LIMITS.horizonMonths.min)
      .max(WEB_LIMITS.horizonMonths.max)
      .optional(),
    simulations: z.number().int().min(WEB_LIMITS.simulations.min).max(WEB_LIMITS.simulations.max).optional(),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    cutoff: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
      .optional(),
    modelOnly: z.boolean().optional(),
    unitCosts: z
      .object({
        /** Weekly cost of a placement in pounds, by category; others keep the learned or default cost. */
        weekly: z.partialRecord(category, z.number().min(0).max(100_000)).optional(),
        annualUplift: z.number().gt(-0.5).lt(1).optional(),
      })
      .strict()
      .optional(),
    /** Learn weekly costs from your placements on the platform where there are enough (default true). */
    learnCosts: z.boolean().optional(),
    scenarios: z.array(Levers).max(WEB_LIMITS.scenarios).optional(),
  })
  .strict();

const ForecastSummary = z.object({
  id: z.string(),
  name: z.string(),
  la: z.object({ id: z.string(), name: z.string() }),
  status: Status,
  sharedWithHub: z.boolean(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  links: z.object({ self: z.string(), job: z.string().nullable(), export: z.string().nullable() }),
});

function summary(f: ForecastRow, own: boolean) {
  return {
    id: f.id,
    name: f.name,
    la: { id: f.orgId, name: f.laName },
    status: f.jobStatus,
    sharedWithHub: f.sharedAt !== null,
    createdAt: f.createdAt,
    finishedAt: f.finishedAt,
    links: {
      self: `/api/v1/forecasts/${f.id}`,
      job: own ? `/api/v1/jobs/${f.jobId}` : null,
      export: f.finishedAt ? `/api/v1/forecasts/${f.id}/export.xlsx` : null,
    },
  };
}

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/forecasts',
    {
      ...readers,
      schema: {
        summary: 'Forecasts: an LA commissioner’s own; a hub analyst’s region’s shared ones',
        tags: ['Forecasting'],
        response: { 200: z.object({ forecasts: z.array(ForecastSummary) }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const hub = req.auth!.user.orgKind === 'hub';
      const rows = await withTenant(app.db, tenant, (trx) =>
        hub ? listSharedForecasts(trx, tenant.regionCode) : listForecasts(trx, tenant.orgId),
      );
      return { forecasts: rows.map((f) => summary(f, !hub)) };
    },
  );

  api.post(
    '/api/v1/forecasts',
    {
      ...keepers,
      schema: {
        summary:
          'Start a forecast (a job) from an imported dataset (default: your latest): horizon 1-60 months (default 12), 100-2,000 runs, seed, unit costs in pounds a week, scenario levers as fractions. Honours Idempotency-Key',
        tags: ['Forecasting'],
        body: ForecastBody,
        response: {
          202: z.object({
            forecastId: z.string(),
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
      const b = req.body;
      const w = learningWindow(app.config.today());
      const { forecastId, jobId } = await withTenant(app.db, tenant, async (trx) => {
        const prefill = prefillCosts(
          b.learnCosts === false ? [] : await placementCostsByType(trx, tenant.orgId, w.from, w.to),
        );
        const base = defaultSettings(prefill);
        const weekly = { ...prefill.weekly };
        for (const [k, pounds] of Object.entries(b.unitCosts?.weekly ?? {}))
          weekly[k as PlacementCategory] = poundsToPence(pounds as number);
        const settings: ForecastSettings = {
          ...base,
          horizonMonths: b.horizonMonths ?? base.horizonMonths,
          simulations: b.simulations ?? base.simulations,
          seed: b.seed ?? base.seed,
          cutoff: b.cutoff ?? null,
          modelOnly: b.modelOnly ?? false,
          costs: { weekly, annualUplift: b.unitCosts?.annualUplift ?? base.costs.annualUplift },
          costSources: costSourcesFor(weekly, prefill),
          scenarios: (b.scenarios ?? []) as ScenarioLevers[],
        };
        return startForecast(trx, app.jobs, tenant, { datasetId: b.datasetId, name: b.name, settings });
      });
      return reply.code(202).send({
        forecastId,
        jobId,
        status: 'queued',
        links: { self: `/api/v1/forecasts/${forecastId}`, job: `/api/v1/jobs/${jobId}` },
      });
    },
  );

  api.get(
    '/api/v1/forecasts/:forecastId',
    {
      ...readers,
      schema: {
        summary:
          'A forecast: its settings, status and, once finished, the figures (children in care by category and age band with 80%/95% ranges, spend in pence by month and financial year, scenarios, observed history)',
        tags: ['Forecasting'],
        params: z.object({ forecastId: z.string() }),
        response: {
          200: ForecastSummary.extend({ settings: Json, result: Json.nullable() }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const { forecastId } = req.params;
      const found = UUID.test(forecastId)
        ? await withTenant(app.db, req.auth!.tenant, async (trx) => {
            const f = await findForecast(trx, forecastId);
            return f && { f, result: f.finishedAt ? await forecastResult(trx, forecastId) : undefined };
          })
        : undefined;
      if (!found) notFound('forecast');
      const own = found.f.orgId === req.auth!.user.orgId;
      return { ...summary(found.f, own), settings: found.f.settings, result: found.result ?? null };
    },
  );

  api.get(
    '/api/v1/forecasts/:forecastId/export.xlsx',
    {
      ...readers,
      schema: {
        summary:
          'A finished forecast as an xlsx workbook (every table: categories, age bands, flows, spend, scenarios, code mapping)',
        tags: ['Forecasting'],
        params: z.object({ forecastId: z.string() }),
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const { forecastId } = req.params;
      const found = UUID.test(forecastId)
        ? await withTenant(app.db, req.auth!.tenant, async (trx) => {
            const f = await findForecast(trx, forecastId);
            return f && { f, result: f.finishedAt ? await forecastResult(trx, forecastId) : undefined };
          })
        : undefined;
      if (!found) notFound('forecast');
      if (!found.result) throw new DomainError('conflict', 'The forecast has not finished');
      const doc = found.result as unknown as ForecastDocument;
      const bytes = await toXlsx(
        forecastSheets({
          forecast: doc.forecast,
          history: doc.history,
          spend: doc.spend,
          scenarios: comparisonOf(doc),
        }),
      );
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        appendAudit(trx, req.auth!.tenant, [
          { action: 'export', entityType: 'forecast', entityId: forecastId, detail: { format: 'xlsx' } },
        ]),
      );
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="${safeFileName(`forecast-${found.f.laName}-${doc.forecast.origin}`)}.xlsx"`,
        )
        .send(bytes as never);
    },
  );

  api.post(
    '/api/v1/forecasts/:forecastId/share',
    {
      ...keepers,
      schema: {
        summary:
          'Share a finished forecast with your region’s hub (its figures, never your returns): {"shared": true}, the default; {"shared": false} stops sharing it',
        tags: ['Forecasting'],
        params: z.object({ forecastId: z.string() }),
        body: z.object({ shared: z.boolean().optional() }).optional(),
        response: {
          200: z.object({ id: z.string(), sharedWithHub: z.boolean() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => {
      const { forecastId } = req.params;
      if (!UUID.test(forecastId)) notFound('forecast');
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        shareForecast(trx, req.auth!.tenant, forecastId, req.body?.shared ?? true),
      );
      return { id: forecastId, sharedWithHub: req.body?.shared ?? true };
    },
  );
}
