/**
 * An LA's placements, and recording that one has ended (planned or unplanned, on a date): the
 * bed's hold period starts that day. Child-level data: each read and change is audited. Another
 * LA's placement is "not found", exactly like a missing one.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { endPlacement } from '../../../app/ledger/end-placement.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import { findLaPlacement, listLaPlacements } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { requireAuth } from '../../http/auth.ts';
import { STATUS } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { dateField } from './contracts-beds.ts';

const laStaff = { preHandler: requireAuth({ roles: ['placement-officer', 'commissioner'] }) };
type Form = Record<string, string | undefined>;

const ROUTES: Record<string, string> = {
  block: 'Block',
  framework: 'Framework',
  spot: 'Spot',
  'in-house': 'In-house',
};

export default function register(app: FastifyInstance): void {
  app.get('/placements', laStaff, async (req, reply) => {
    const { tenant } = req.auth!;
    const { show } = req.query as { show?: string };
    const all = show === 'all';
    const placements = await withTenant(app.db, tenant, async (trx) => {
      const rows = await listLaPlacements(trx, tenant.orgId, { current: !all });
      await appendAudit(trx, tenant, [
        { action: 'read', entityType: 'placement-list', detail: { count: rows.length, all } },
      ]);
      return rows;
    });
    return reply.page('pages/placements/list.njk', { title: 'Placements', placements, all, routes: ROUTES });
  });

  const load = async (req: FastifyRequest, placementId: string) => {
    const { tenant } = req.auth!;
    return withTenant(app.db, tenant, async (trx) => {
      const p = await findLaPlacement(trx, tenant.orgId, placementId);
      if (!p) throw new DomainError('not-found', 'No such placement');
      await appendAudit(trx, tenant, [
        { action: 'read', entityType: 'placement', entityId: p.id, detail: { childId: p.childId } },
      ]);
      return p;
    });
  };

  app.get('/placements/:placementId/end', laStaff, async (req, reply) => {
    const { placementId } = req.params as { placementId: string };
    const p = await load(req, placementId);
    const today = app.config.today();
    return reply.page('pages/placements/end.njk', {
      title: `End placement ${p.childRef}`,
      p,
      values: {
        date: {
          day: String(Number(today.slice(8, 10))),
          month: String(Number(today.slice(5, 7))),
          year: today.slice(0, 4),
        },
        ending: '',
      },
    });
  });

  app.post('/placements/:placementId/end', laStaff, async (req, reply) => {
    const { placementId } = req.params as { placementId: string };
    const p = await load(req, placementId);
    const body = (req.body ?? {}) as Form;
    const { tenant } = req.auth!;
    const endDate = dateField(body, 'endDate');
    try {
      await withTenant(app.db, tenant, (trx) =>
        endPlacement(trx, tenant, {
          placementId: p.id,
          endDate,
          ending: (body.ending ?? '') as 'planned',
        }),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'not-found') throw err;
      const errors =
        err.fieldErrors.length > 0 ? err.fieldErrors : [{ field: 'endDate', message: err.message }];
      return reply.page(
        'pages/placements/end.njk',
        {
          title: `End placement ${p.childRef}`,
          p,
          values: {
            date: {
              day: body['endDate-day'] ?? '',
              month: body['endDate-month'] ?? '',
              year: body['endDate-year'] ?? '',
            },
            ending: body.ending ?? '',
          },
          errors: formErrors(errors),
        },
        STATUS[err.code],
      );
    }
    flash(reply, {
      title: `Placement ${p.childRef} ended`,
      text: `The last night was the night before ${endDate}. The bed’s hold period starts on ${endDate}.`,
    });
    return reply.redirect('/placements', 303);
  });
}
