/**
 * The spot-rate table: what the same placements would cost bought one at a time, by need segment
 * and date. Contract KPIs measure blocks against it (savings, break-even occupancy). The region's
 * commissioners and hub read the region's table and add their own rates.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addSpotRate } from '../../../app/contracts/add-spot-rate.ts';
import { listSpotRates } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { NEED_SEGMENTS } from '../../../domain/shared/codes.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { requireAuth } from '../../http/auth.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';
import { dateField } from './contracts-beds.ts';

const commissioners = { preHandler: requireAuth({ roles: ['commissioner', 'hub-analyst'] }) };
type Form = Record<string, string | undefined>;

export default function register(app: FastifyInstance): void {
  addNavItem({ href: '/spot-rates', text: 'Spot rates', roles: ['commissioner', 'hub-analyst'], order: 35 });

  const page = async (req: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const rates = await withTenant(app.db, req.auth!.tenant, (trx) => listSpotRates(trx));
    const segments = Object.entries(NEED_SEGMENTS).map(([key, text]) => ({
      key,
      text,
      rates: rates.filter((r) => r.segment === key),
    }));
    return { title: 'Spot rates', segments, count: rates.length, ...extra };
  };

  app.get('/spot-rates', commissioners, async (req, reply) =>
    reply.page(
      'pages/spot-rates/index.njk',
      await page(req, { values: { segment: '', from: {}, weeklyPrice: '' } }),
    ),
  );

  app.post('/spot-rates', commissioners, async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const { tenant } = req.auth!;
    try {
      await withTenant(app.db, tenant, (trx) =>
        addSpotRate(trx, tenant, {
          segment: body.segment ?? '',
          from: dateField(body, 'from'),
          weeklyPrice: body.weeklyPrice ?? '',
        }),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.fieldErrors.length === 0) throw err;
      return reply.page(
        'pages/spot-rates/index.njk',
        await page(req, {
          values: {
            segment: body.segment ?? '',
            from: {
              day: body['from-day'] ?? '',
              month: body['from-month'] ?? '',
              year: body['from-year'] ?? '',
            },
            weeklyPrice: body.weeklyPrice ?? '',
          },
          errors: formErrors(err.fieldErrors),
        }),
        400,
      );
    }
    flash(reply, {
      title: 'Spot rate added',
      text: `${NEED_SEGMENTS[body.segment as keyof typeof NEED_SEGMENTS]} from ${dateField(body, 'from')}.`,
    });
    return reply.redirect('/spot-rates', 303);
  });
}
