/**
 * Business cases over the API (docs/simulation.md "Pages and API"): scenarios as scenario files
 * (the JSON the command line reads, docs/simulation.md §10), runs started as background jobs, and
 * their results and business-case packs. A scenario with errors is refused whole, each problem
 * named by the file's own dotted path (`las[2].share`); nothing is written. Writes honour
 * `Idempotency-Key`. Another organisation's scenario or run is not found, exactly like a missing one.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileForReader, requestForReader } from '../../../app/simulation/reader-view.ts';
import { packSheets, storedRun } from '../../../app/simulation/results.ts';
import { createScenario } from '../../../app/simulation/save-scenario.ts';
import { startRun } from '../../../app/simulation/start-run.ts';
import { findRun, findScenario, listRuns, listScenarios } from '../../../db/queries/simulation.ts';
import { withTenant } from '../../../db/tenant.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { BusinessCaseRequest } from '../../../domain/simulation/business-case.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import type { ScenarioFileJson } from '../../../importers/scenario/scenario-schema.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { BUSINESS_CASE_ROLES } from '../pages/business-cases.ts';
import { ErrorBody } from './basics.ts';

const gate = { preHandler: requireAuth({ roles: BUSINESS_CASE_ROLES }) };
const Status = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
const Json = z.record(z.string(), z.unknown());

const RunSummary = z.object({
  id: z.string(),
  status: Status,
  runs: z.number(),
  seed: z.number(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  links: z.object({ self: z.string(), job: z.string().nullable() }),
});

const ScenarioSummary = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }),
  contractId: z.string().nullable(),
  sharedWith: z.array(z.string()),
  updatedAt: z.date(),
  latestRun: z.object({ id: z.string(), status: Status, createdAt: z.date() }).nullable(),
});

const runLinks = (id: string, jobId: string, own: boolean) => ({
  self: `/api/v1/simulation-runs/${id}`,
  job: own ? `/api/v1/jobs/${jobId}` : null,
});

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/scenarios',
    {
      ...gate,
      schema: {
        summary: 'Business-case scenarios you can read: your own, then those a hub shares with you',
        tags: ['Business cases'],
        response: { 200: z.object({ scenarios: z.array(ScenarioSummary) }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const list = await withTenant(app.db, tenant, (trx) => listScenarios(trx, tenant.orgId));
      return {
        scenarios: list.map((s) => ({
          id: s.id,
          name: s.name,
          owner: { id: s.orgId, name: s.ownerName },
          contractId: s.contractId,
          sharedWith: s.sharedWith,
          updatedAt: s.updatedAt,
          latestRun: s.latestRun,
        })),
      };
    },
  );

  api.post(
    '/api/v1/scenarios',
    {
      ...gate,
      schema: {
        summary:
          'Save a scenario: the body is a scenario file (docs/simulation.md); errors name its fields, e.g. las[2].share',
        tags: ['Business cases'],
        querystring: z.object({ contractId: z.uuid().optional() }),
        body: Json,
        response: {
          201: z.object({
            id: z.string(),
            name: z.string(),
            links: z.object({ self: z.string(), runs: z.string() }),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const { _csrf: _ignored, ...file } = req.body;
      const id = await withTenant(app.db, tenant, (trx) =>
        createScenario(trx, tenant, { file, contractId: req.query.contractId ?? null }),
      );
      return reply.code(201).send({
        id,
        name: String(file.name).trim(),
        links: { self: `/api/v1/scenarios/${id}`, runs: `/api/v1/scenarios/${id}/runs` },
      });
    },
  );

  api.get(
    '/api/v1/scenarios/:scenarioId',
    {
      ...gate,
      schema: {
        summary: 'A scenario (its scenario file) and its runs',
        tags: ['Business cases'],
        params: z.object({ scenarioId: z.string() }),
        response: {
          200: ScenarioSummary.omit({ latestRun: true }).extend({
            scenario: Json,
            runs: z.array(RunSummary),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const out = await withTenant(app.db, tenant, async (trx) => {
        const s = await findScenario(trx, req.params.scenarioId);
        return s && { s, runs: await listRuns(trx, s.id) };
      });
      if (!out) notFound('scenario');
      const { s, runs } = out;
      const own = s.orgId === tenant.orgId;
      return {
        id: s.id,
        name: s.name,
        owner: { id: s.orgId, name: s.ownerName },
        contractId: s.contractId,
        sharedWith: own ? s.sharedWith : [],
        updatedAt: s.updatedAt,
        scenario: own ? s.file : fileForReader(s.file as ScenarioFileJson),
        runs: runs.map((r) => ({
          id: r.id,
          status: r.status,
          runs: r.runs,
          seed: r.seed,
          createdAt: r.createdAt,
          finishedAt: r.finishedAt,
          links: runLinks(r.id, r.jobId, own),
        })),
      };
    },
  );

  api.post(
    '/api/v1/scenarios/:scenarioId/runs',
    {
      ...gate,
      schema: {
        summary: 'Start a simulation of the scenario (a background job); runs and seed default to the file’s',
        tags: ['Business cases'],
        params: z.object({ scenarioId: z.string() }),
        body: z
          .object({
            runs: z.number().int().min(1).optional(),
            seed: z.number().int().min(0).optional(),
          })
          .optional(),
        response: {
          202: z.object({
            runId: z.string(),
            jobId: z.string(),
            status: Status,
            links: z.object({ self: z.string(), job: z.string().nullable() }),
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
      const body = req.body ?? {};
      const { runId, jobId } = await withTenant(app.db, tenant, (trx) =>
        startRun(trx, app.jobs, tenant, req.params.scenarioId, {
          ...(body.runs === undefined ? {} : { runs: body.runs }),
          ...(body.seed === undefined ? {} : { seed: body.seed }),
        }),
      );
      return reply.code(202).send({ runId, jobId, status: 'queued', links: runLinks(runId, jobId, true) });
    },
  );

  api.get(
    '/api/v1/simulation-runs/:runId',
    {
      ...gate,
      schema: {
        summary:
          'A simulation run: its status, the exact request, and the result once finished (money in pence)',
        tags: ['Business cases'],
        params: z.object({ runId: z.string() }),
        response: {
          200: RunSummary.extend({
            scenarioId: z.string(),
            progress: z.number().nullable(),
            message: z.string().nullable(),
            error: z.string().nullable(),
            request: Json,
            result: Json.nullable(),
          }).extend({
            links: z.object({ self: z.string(), job: z.string().nullable(), pack: z.string().nullable() }),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const run = await withTenant(app.db, tenant, (trx) => findRun(trx, req.params.runId));
      if (!run) notFound('simulation run');
      const own = run.orgId === tenant.orgId;
      return {
        id: run.id,
        scenarioId: run.scenarioId,
        status: run.status,
        progress: run.progress,
        message: run.message,
        error: run.error,
        runs: run.runs,
        seed: run.seed,
        createdAt: run.createdAt,
        finishedAt: run.finishedAt,
        request: own
          ? run.request
          : (requestForReader(run.request as unknown as BusinessCaseRequest) as unknown as Record<
              string,
              unknown
            >),
        result: run.result,
        links: {
          ...runLinks(run.id, run.jobId, own),
          pack: run.result ? `/api/v1/simulation-runs/${run.id}/pack.xlsx` : null,
        },
      };
    },
  );

  api.get(
    '/api/v1/simulation-runs/:runId/pack.xlsx',
    {
      ...gate,
      schema: {
        summary: 'The business-case pack of a finished run, as an xlsx workbook',
        tags: ['Business cases'],
        params: z.object({ runId: z.string() }),
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const run = await withTenant(app.db, req.auth!.tenant, (trx) => findRun(trx, req.params.runId));
      if (!run) notFound('simulation run');
      if (!run.result) throw new DomainError('conflict', 'The run has not finished');
      const bytes = await toXlsx(packSheets(storedRun(run.request, run.result)));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="${safeFileName(`business-case-${run.scenarioName}-${run.createdAt.toISOString().slice(0, 10)}.xlsx`)}"`,
        )
        .send(bytes as never); // binary: not serialised by the zod schemas
    },
  );
}
