/**
 * An LA records a placement of one of its children in a bed (the ledger's exclusion constraint
 * lets exactly one of any number of simultaneous claims on a bed succeed; the others get 409
 * bed-unavailable), and records that one of its placements has ended (planned or unplanned): the
 * bed's hold period starts that day. Another LA's placement or child answers exactly as a missing
 * one does.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endPlacement } from '../../../app/ledger/end-placement.ts';
import { recordPlacement } from '../../../app/ledger/record-placement.ts';
import { findLaPlacement } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { NEED_SEGMENTS, type NeedSegment } from '../../../domain/shared/codes.ts';
import { requireAuth } from '../../http/auth.ts';
import { ErrorBody } from './basics.ts';
import { ownRecord } from './beds.ts';

const Pence = z.number().int().min(0).describe('weekly, in whole pence');

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/placements',
    {
      preValidation: requireAuth({ roles: ['placement-officer'] }),
      schema: {
        summary: 'Record a placement of one of your children in a bed (written into the bed ledger)',
        description:
          'Of any number of simultaneous placements into one bed from the same day, exactly one succeeds; the others get 409 bed-unavailable and nothing of them is written. Send an Idempotency-Key header to make a retry safe.',
        tags: ['Contracts'],
        body: z.strictObject({
          childId: z.uuid(),
          bedId: z.uuid(),
          startDate: z.string().describe('YYYY-MM-DD: the first night in the bed'),
          route: z.enum(['block', 'framework', 'spot', 'in-house']).optional(),
          contractId: z.uuid().nullable().optional().describe('found from the bed when omitted'),
          urgency: z.string().max(40).nullable().optional(),
          needSegment: z.enum(Object.keys(NEED_SEGMENTS) as [NeedSegment, ...NeedSegment[]]).optional(),
          costs: z.strictObject({
            core: Pence,
            education: Pence.optional(),
            health: Pence.optional(),
            therapy: Pence.optional(),
            transport: Pence.optional(),
            additional: Pence.optional(),
            other: Pence.optional(),
          }),
        }),
        response: {
          201: z.object({ id: z.string(), childId: z.string(), bedId: z.string(), startDate: z.string() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const id = await withTenant(app.db, tenant, (trx) => recordPlacement(trx, tenant, req.body));
      return reply
        .code(201)
        .send({ id, childId: req.body.childId, bedId: req.body.bedId, startDate: req.body.startDate });
    },
  );
  const placementExists = ownRecord(
    'placementId',
    (req, id) =>
      withTenant(app.db, req.auth!.tenant, (trx) => findLaPlacement(trx, req.auth!.tenant.orgId, id)),
    'placement',
  );

  api.post(
    '/api/v1/placements/:placementId/end',
    {
      preValidation: [requireAuth({ roles: ['placement-officer', 'commissioner'] }), placementExists],
      schema: {
        summary:
          'End one of your placements: endDate is the day the child left (their last night was the night before)',
        tags: ['Contracts'],
        params: z.object({ placementId: z.string() }),
        body: z.strictObject({
          endDate: z.string().describe('YYYY-MM-DD'),
          ending: z.enum(['planned', 'unplanned']),
        }),
        response: {
          200: z.object({ id: z.string(), endDate: z.string(), ending: z.enum(['planned', 'unplanned']) }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      await withTenant(app.db, tenant, (trx) =>
        endPlacement(trx, tenant, { placementId: req.params.placementId, ...req.body }),
      );
      return { id: req.params.placementId, ...req.body };
    },
  );
}
