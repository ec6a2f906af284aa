/**
 * The provider's bed actions over the API: mark one of its beds unavailable, and end an
 * unavailability. Role and record are checked before the body, so another provider's bed answers
 * exactly as a missing one does, whatever is sent.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endUnavailability } from '../../../app/contracts/end-unavailability.ts';
import { markUnavailable } from '../../../app/ledger/mark-unavailable.ts';
import { findOwnBed, findOwnUnavailability } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { requireAuth } from '../../http/auth.ts';
import { ErrorBody } from './basics.ts';

const TAGS = ['Contracts'];
const Day = z.string().describe('YYYY-MM-DD');

/** preValidation: the caller's own record must exist, else 404 (before the body is looked at). */
export function ownRecord(
  param: string,
  find: (req: FastifyRequest, id: string) => Promise<unknown>,
  what: string,
) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.auth) return;
    const id = (req.params as Record<string, string>)[param] ?? '';
    if (!(await find(req, id)))
      return reply.code(404).send({ error: { code: 'not-found', message: `No such ${what}` } });
  };
}

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const providerOnly = requireAuth({ roles: ['provider-manager'] });
  const bedExists = ownRecord(
    'bedId',
    (req, id) => withTenant(app.db, req.auth!.tenant, (trx) => findOwnBed(trx, req.auth!.tenant.orgId, id)),
    'bed',
  );
  const unavailabilityExists = ownRecord(
    'unavailabilityId',
    (req, id) =>
      withTenant(app.db, req.auth!.tenant, (trx) => findOwnUnavailability(trx, req.auth!.tenant.orgId, id)),
    'unavailability',
  );

  api.post(
    '/api/v1/beds/:bedId/unavailability',
    {
      preValidation: [providerOnly, bedExists],
      schema: {
        summary:
          'Mark one of your beds unavailable: provider-led (not paid) or agreed with the LAs (paid as void)',
        tags: TAGS,
        params: z.object({ bedId: z.string() }),
        body: z.strictObject({
          kind: z.enum(['provider', 'agreed']),
          from: Day,
          to: Day.optional().describe('the first day the bed can be used again; omit while unknown'),
          reason: z.string(),
        }),
        response: {
          201: z.object({ id: z.string() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const b = req.body;
      const id = await withTenant(app.db, tenant, (trx) =>
        markUnavailable(trx, tenant, {
          bedId: req.params.bedId,
          kind: b.kind === 'agreed' ? 'unavailable-agreed' : 'unavailable-provider',
          from: b.from,
          ...(b.to ? { to: b.to } : {}),
          reason: b.reason,
        }),
      );
      return reply.code(201).send({ id });
    },
  );

  api.post(
    '/api/v1/unavailability/:unavailabilityId/end',
    {
      preValidation: [providerOnly, unavailabilityExists],
      schema: {
        summary: 'End an unavailability of one of your beds: the bed can be used again from `to`',
        tags: TAGS,
        params: z.object({ unavailabilityId: z.string() }),
        body: z.strictObject({ to: Day }),
        response: {
          200: z.object({ id: z.string(), to: Day }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      await withTenant(app.db, tenant, (trx) =>
        endUnavailability(trx, tenant, { unavailabilityId: req.params.unavailabilityId, to: req.body.to }),
      );
      return { id: req.params.unavailabilityId, to: req.body.to };
    },
  );
}
