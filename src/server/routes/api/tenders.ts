/**
 * Tenders over the API (docs/tenders.md "Pages and API"): start a tender, set its rules, send bids
 * (JSON; the pages take files), score it and read the evaluation (ranking, award, sensitivity, audit
 * trail) and the history of changes. The running hub's analysts write; commissioners of the
 * participating LAs read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addBids } from '../../../app/tenders/add-bids.ts';
import { changeRules } from '../../../app/tenders/change-rules.ts';
import { closeTender } from '../../../app/tenders/close-tender.ts';
import { createTender } from '../../../app/tenders/create-tender.ts';
import { isUuid, readTender, requireTender, type TenderView } from '../../../app/tenders/load.ts';
import { removeBid } from '../../../app/tenders/remove-bid.ts';
import { scoreTender } from '../../../app/tenders/score-tender.ts';
import { parseCriteria } from '../../../app/tenders/tender-form.ts';
import { listTenders, regionLaOrgs } from '../../../db/queries/tenders.ts';
import { withTenant } from '../../../db/tenant.ts';
import { DomainError, throwIfInvalid } from '../../../domain/shared/errors.ts';
import { DEFAULT_TENDER_RULES, PRICE_METHODS, type PriceMethod } from '../../../domain/tenders/tender.ts';
import { tenderTables } from '../../../domain/tenders/tender-tables.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { ErrorBody } from './basics.ts';
import { ApiTable, apiTable } from './regional.ts';

const Rules = z.strictObject({
  priceWeight: z.number().int(),
  qualityWeight: z.number().int(),
  priceMethod: z.enum(Object.keys(PRICE_METHODS) as [PriceMethod, ...PriceMethod[]]),
  priceCeiling: z.number().int().nullable().describe('Pence a bed a week; bids above it are excluded'),
  minQualityPercent: z.number().int(),
  award: z.strictObject({
    minBeds: z.number().int(),
    maxBeds: z.number().int(),
    maxProviders: z.number().int(),
    maxBedsPerSetting: z.number().int(),
    wholeSettings: z.boolean(),
  }),
  sensitivity: z.strictObject({ from: z.number().int(), to: z.number().int(), step: z.number().int() }),
});

const BidBody = z.strictObject({
  lot: z.string().min(1).max(20),
  ref: z.string().min(1).max(200),
  provider: z.string().min(1).max(200),
  homes: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        urn: z.string().max(20).nullable(),
        beds: z.number().int(),
      }),
    )
    .min(1),
  weeklyPrice: z.number().int().describe('Pence a bed a week'),
  quality: z.record(z.string(), z.number()).describe('Moderated mark by criterion id'),
});

const TenderSummary = z.object({
  id: z.string(),
  reference: z.string(),
  name: z.string(),
  status: z.string(),
  hubName: z.string(),
  bids: z.number(),
  lastEvaluatedAt: z.date().nullable(),
});

function tenderBody(v: TenderView) {
  return {
    id: v.tender.id,
    reference: v.tender.reference,
    name: v.tender.name,
    status: v.tender.status,
    revision: v.tender.revision,
    rules: v.rules,
    lots: v.lots,
    criteria: v.criteria,
    parties: v.parties,
    bids: v.bids.map((b) => ({
      id: b.id,
      lot: b.lot,
      ref: b.ref,
      provider: b.provider,
      homes: b.homes.map((h) => ({ name: h.name, urn: h.urn, beds: h.beds })),
      weeklyPrice: b.weeklyPrice,
      quality: b.quality,
      source: b.source,
    })),
    lastEvaluation: v.evaluation
      ? { id: v.evaluation.id, evaluatedAt: v.evaluation.evaluatedAt, current: v.evaluation.current }
      : null,
  };
}

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const readers = requireAuth({ roles: ['hub-analyst', 'commissioner'] });
  const runners = requireAuth({ roles: ['hub-analyst'] });
  /** preValidation: a tender the caller may see, else 404 before the body is looked at. */
  const visibleTender = async (req: FastifyRequest) => {
    const { tenderId } = req.params as { tenderId: string };
    if (!isUuid(tenderId)) notFound('tender');
    await withTenant(app.db, req.auth!.tenant, (trx) => requireTender(trx, tenderId));
  };

  api.get(
    '/api/v1/tenders',
    {
      preHandler: readers,
      schema: {
        summary: 'Tenders you run, or that your authority takes part in',
        tags: ['Tenders'],
        response: { 200: z.object({ tenders: z.array(TenderSummary) }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const rows = await withTenant(app.db, req.auth!.tenant, (trx) => listTenders(trx));
      return {
        tenders: rows.map((t) => ({
          id: t.id,
          reference: t.reference,
          name: t.name,
          status: t.status,
          hubName: t.hubName,
          bids: Number(t.bids ?? 0),
          lastEvaluatedAt: t.lastEvaluatedAt ?? null,
        })),
      };
    },
  );

  api.post(
    '/api/v1/tenders',
    {
      preValidation: runners,
      schema: {
        summary:
          'Start a tender: lots, quality criteria (weights add up to 100), participating LAs, rules (default 70:30)',
        tags: ['Tenders'],
        body: z.strictObject({
          reference: z.string().min(1).max(40),
          name: z.string().min(1).max(200),
          lots: z
            .array(
              z.strictObject({
                code: z.string().min(1).max(20).regex(/^\S+$/),
                name: z.string().min(1).max(200),
              }),
            )
            .min(1),
          criteria: z
            .array(
              z.strictObject({
                label: z.string().min(1).max(100),
                weight: z.number().int(),
                maxScore: z.number().int(),
              }),
            )
            .min(1),
          parties: z
            .array(z.uuid())
            .default([])
            .describe('Organisation ids of participating LAs of your region'),
          rules: Rules.optional(),
        }),
        response: { 201: z.object({ id: z.string() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const auth = req.auth!;
      const b = req.body;
      const { criteria, errors } = parseCriteria(
        b.criteria.map((c) => `${c.label}, ${c.weight}, ${c.maxScore}`).join('\n'),
      );
      throwIfInvalid(errors, 'The criteria are not valid');
      if (new Set(b.lots.map((l) => l.code)).size !== b.lots.length)
        throw new DomainError('validation', 'A lot is listed twice', [
          { field: 'lots', message: 'each lot code once' },
        ]);
      const las = await withTenant(app.db, auth.tenant, (trx) => regionLaOrgs(trx, auth.user.regionCode));
      if (b.parties.some((p) => !las.some((l) => l.id === p)))
        throw new DomainError('validation', 'Parties must be LAs of your region', [
          { field: 'parties', message: 'must be local authorities of your region' },
        ]);
      const id = await createTender(
        app.db,
        auth.tenant,
        {
          reference: b.reference,
          name: b.name,
          lots: b.lots,
          criteria,
          partyOrgIds: [...new Set(b.parties)],
        },
        b.rules ?? DEFAULT_TENDER_RULES,
      );
      return reply.code(201).send({ id });
    },
  );

  api.get(
    '/api/v1/tenders/:tenderId',
    {
      preHandler: readers,
      schema: {
        summary: 'A tender: its rules, lots, criteria, parties, bids and the last scoring',
        tags: ['Tenders'],
        params: z.object({ tenderId: z.string() }),
        response: { 200: z.any().describe('The tender'), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      if (!isUuid(req.params.tenderId)) notFound('tender');
      return tenderBody(await readTender(app.db, req.auth!.tenant, req.params.tenderId));
    },
  );

  api.put(
    '/api/v1/tenders/:tenderId/rules',
    {
      preValidation: [runners, visibleTender],
      schema: {
        summary:
          'Change the rules (weights, price method, ceiling, minimum quality, award limits, sensitivity range); kept in the history',
        tags: ['Tenders'],
        params: z.object({ tenderId: z.string() }),
        body: Rules,
        response: {
          200: z.object({ changed: z.number() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => changeRules(app.db, req.auth!.tenant, req.params.tenderId, req.body),
  );

  api.post(
    '/api/v1/tenders/:tenderId/bids',
    {
      preValidation: [runners, visibleTender],
      schema: {
        summary: 'Add bids (all or nothing; replace: true replaces the bids received so far)',
        tags: ['Tenders'],
        params: z.object({ tenderId: z.string() }),
        body: z.strictObject({ bids: z.array(BidBody).min(1), replace: z.boolean().default(false) }),
        response: {
          201: z.object({ added: z.number(), replaced: z.number() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const result = await addBids(app.db, req.auth!.tenant, req.params.tenderId, {
        kind: 'api',
        bids: req.body.bids,
        replace: req.body.replace,
      });
      return reply.code(201).send(result);
    },
  );

  api.delete(
    '/api/v1/tenders/:tenderId/bids/:bidId',
    {
      preHandler: runners,
      schema: {
        summary: 'Remove a bid',
        tags: ['Tenders'],
        params: z.object({ tenderId: z.string(), bidId: z.string() }),
        response: { 200: z.object({ removed: z.string() }), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const { tenderId, bidId } = req.params;
      if (!isUuid(tenderId) || !isUuid(bidId)) notFound('bid');
      const bid = await removeBid(app.db, req.auth!.tenant, tenderId, bidId);
      return { removed: bid.ref };
    },
  );

  api.post(
    '/api/v1/tenders/:tenderId/evaluations',
    {
      preValidation: [runners, visibleTender],
      schema: {
        summary:
          'Score the bids as they stand: ranking, award under the limits, sensitivity and audit trail (kept)',
        tags: ['Tenders'],
        params: z.object({ tenderId: z.string() }),
        response: {
          201: z.object({
            id: z.string(),
            evaluation: z.any().describe('TenderEvaluation (docs/tenders.md)'),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { evaluationId, evaluation } = await scoreTender(app.db, req.auth!.tenant, req.params.tenderId);
      return reply.code(201).send({ id: evaluationId, evaluation });
    },
  );

  api.post(
    '/api/v1/tenders/:tenderId/close',
    {
      preValidation: [runners, visibleTender],
      schema: {
        summary:
          'Close a tender scored at its current revision: that evaluation becomes the record; bids, rules and scoring can no longer change',
        tags: ['Tenders'],
        params: z.object({ tenderId: z.string() }),
        response: {
          200: z.object({ reference: z.string(), revision: z.number(), evaluationId: z.string() }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => closeTender(app.db, req.auth!.tenant, req.params.tenderId),
  );

  api.get(
    '/api/v1/tenders/:tenderId/evaluation',
    {
      preHandler: readers,
      schema: {
        summary: 'The last scoring: the engine’s result and the same tables as the page and the xlsx',
        tags: ['Tenders'],
        params: z.object({ tenderId: z.string() }),
        response: {
          200: z.object({
            id: z.string(),
            evaluatedAt: z.date(),
            evaluatedBy: z.string().nullable(),
            current: z.boolean().describe('False when the bids or rules changed since'),
            evaluation: z.any().describe('TenderEvaluation (docs/tenders.md)'),
            tables: z.array(ApiTable),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      if (!isUuid(req.params.tenderId)) notFound('tender');
      const v = await readTender(app.db, req.auth!.tenant, req.params.tenderId);
      if (!v.evaluation) notFound('evaluation');
      return {
        id: v.evaluation.id,
        evaluatedAt: v.evaluation.evaluatedAt,
        evaluatedBy: v.evaluation.evaluatedBy ?? null,
        current: v.evaluation.current,
        evaluation: v.evaluation.result,
        tables: tenderTables(v.evaluation.result).map(apiTable),
      };
    },
  );

  api.get(
    '/api/v1/tenders/:tenderId/history',
    {
      preHandler: readers,
      schema: {
        summary: 'Who changed what, and when (rules, bids, scoring)',
        tags: ['Tenders'],
        params: z.object({ tenderId: z.string() }),
        response: {
          200: z.object({
            events: z.array(
              z.object({
                at: z.date(),
                who: z.string().nullable(),
                kind: z.string(),
                detail: z.record(z.string(), z.unknown()),
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
      if (!isUuid(req.params.tenderId)) notFound('tender');
      const v = await readTender(app.db, req.auth!.tenant, req.params.tenderId);
      return {
        events: v.events.map((e) => ({
          at: e.at,
          who: e.userName ?? null,
          kind: e.kind,
          detail: e.detail as Record<string, unknown>,
        })),
      };
    },
  );
}
