/** The spot-rate table over the API: read your region's rates; add one of your own. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addSpotRate } from '../../../app/contracts/add-spot-rate.ts';
import { listSpotRates } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { NEED_SEGMENTS, type NeedSegment } from '../../../domain/shared/codes.ts';
import { requireAuth } from '../../http/auth.ts';
import { ErrorBody } from './basics.ts';

const Segment = z.enum(Object.keys(NEED_SEGMENTS) as [NeedSegment, ...NeedSegment[]]);

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const commissioners = requireAuth({ roles: ['commissioner', 'hub-analyst'] });

  api.get(
    '/api/v1/spot-rates',
    {
      preHandler: commissioners,
      schema: {
        summary: 'Spot rates by need segment and date: yours and your region’s',
        tags: ['Contracts'],
        response: {
          200: z.object({
            rates: z.array(
              z.object({
                id: z.string(),
                keptBy: z.object({ id: z.string(), name: z.string() }),
                regionCode: z.string(),
                segment: Segment,
                from: z.string(),
                weeklyPence: z.number(),
              }),
            ),
          }),
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req) => {
      const rows = await withTenant(app.db, req.auth!.tenant, (trx) => listSpotRates(trx));
      return {
        rates: rows.map((r) => ({
          id: r.id,
          keptBy: { id: r.orgId, name: r.orgName },
          regionCode: r.regionCode,
          segment: r.segment,
          from: r.from,
          weeklyPence: r.weekly,
        })),
      };
    },
  );

  api.post(
    '/api/v1/spot-rates',
    {
      preHandler: commissioners,
      schema: {
        summary:
          'Add a spot rate for a need segment from a date (kept by your organisation, for your region)',
        tags: ['Contracts'],
        body: z.strictObject({
          segment: Segment,
          from: z.string().describe('YYYY-MM-DD'),
          weeklyPence: z.number().int(),
        }),
        response: { 201: z.object({ id: z.string() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const id = await withTenant(app.db, tenant, (trx) => addSpotRate(trx, tenant, req.body));
      return reply.code(201).send({ id });
    },
  );
}
