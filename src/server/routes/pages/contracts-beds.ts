/**
 * The provider's bed actions: mark one of its beds unavailable (provider-led, not paid; or agreed
 * with the LAs, paid as void) with dates and a reason, and end an unavailability. Another
 * provider's bed is "not found", exactly like a missing one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endUnavailability } from '../../../app/contracts/end-unavailability.ts';
import { markUnavailable } from '../../../app/ledger/mark-unavailable.ts';
import { findOwnBed, findOwnUnavailability } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { addDays } from '../../../domain/shared/dates.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { requireAuth } from '../../http/auth.ts';
import { STATUS } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';

const providers = { preHandler: requireAuth({ roles: ['provider-manager'] }) };
type Form = Record<string, string | undefined>;

/** A GOV.UK date input's three boxes as YYYY-MM-DD ('' when all are blank). */
export function dateField(body: Form, name: string): string {
  const d = (body[`${name}-day`] ?? '').trim();
  const m = (body[`${name}-month`] ?? '').trim();
  const y = (body[`${name}-year`] ?? '').trim();
  if (!d && !m && !y) return '';
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function dateValues(body: Form, name: string) {
  return {
    day: body[`${name}-day`] ?? '',
    month: body[`${name}-month`] ?? '',
    year: body[`${name}-year`] ?? '',
  };
}

function splitDate(d: string) {
  return { day: String(Number(d.slice(8, 10))), month: String(Number(d.slice(5, 7))), year: d.slice(0, 4) };
}

function formFailure(reply: FastifyReply, err: unknown, template: string, context: Record<string, unknown>) {
  if (!(err instanceof DomainError) || err.fieldErrors.length === 0 || err.code === 'not-found') throw err;
  return reply.page(template, { ...context, errors: formErrors(err.fieldErrors) }, STATUS[err.code]);
}

export default function register(app: FastifyInstance): void {
  const loadBed = async (req: FastifyRequest, bedId: string) => {
    const tenant = req.auth!.tenant;
    const bed = await withTenant(app.db, tenant, (trx) => findOwnBed(trx, tenant.orgId, bedId));
    if (!bed) throw new DomainError('not-found', 'No such bed');
    return bed;
  };

  app.get('/beds/:bedId/unavailable', providers, async (req, reply) => {
    const { bedId } = req.params as { bedId: string };
    const bed = await loadBed(req, bedId);
    return reply.page('pages/contracts/unavailable.njk', {
      title: `Mark ${bed.label} in ${bed.homeName} unavailable`,
      bed,
      values: { from: splitDate(app.config.today()), to: {}, kind: '', reason: '' },
    });
  });

  app.post('/beds/:bedId/unavailable', providers, async (req, reply) => {
    const { bedId } = req.params as { bedId: string };
    const bed = await loadBed(req, bedId);
    const body = (req.body ?? {}) as Form;
    const to = dateField(body, 'to');
    const kind =
      body.kind === 'agreed' ? 'unavailable-agreed' : body.kind === 'provider' ? 'unavailable-provider' : '';
    const tenant = req.auth!.tenant;
    try {
      await withTenant(app.db, tenant, (trx) =>
        markUnavailable(trx, tenant, {
          bedId: bed.id,
          kind: kind as 'unavailable-provider',
          from: dateField(body, 'from'),
          ...(to ? { to } : {}),
          reason: body.reason ?? '',
        }),
      );
    } catch (err) {
      return formFailure(reply, err, 'pages/contracts/unavailable.njk', {
        title: `Mark ${bed.label} in ${bed.homeName} unavailable`,
        bed,
        values: {
          from: dateValues(body, 'from'),
          to: dateValues(body, 'to'),
          kind: body.kind ?? '',
          reason: body.reason ?? '',
        },
      });
    }
    flash(reply, {
      title: `${bed.label} in ${bed.homeName} is marked unavailable`,
      text:
        body.kind === 'agreed'
          ? 'Agreed with the LAs: these days are paid as void.'
          : 'Provider-led: these days are not paid.',
    });
    return reply.redirect(bed.contractId ? `/contracts/${bed.contractId}/beds` : '/contracts', 303);
  });

  const loadUnavailability = async (req: FastifyRequest, id: string) => {
    const tenant = req.auth!.tenant;
    const u = await withTenant(app.db, tenant, (trx) => findOwnUnavailability(trx, tenant.orgId, id));
    if (!u) throw new DomainError('not-found', 'No such unavailability');
    return u;
  };

  app.get('/unavailability/:unavailabilityId/end', providers, async (req, reply) => {
    const { unavailabilityId } = req.params as { unavailabilityId: string };
    const u = await loadUnavailability(req, unavailabilityId);
    const today = app.config.today();
    return reply.page('pages/contracts/end-unavailability.njk', {
      title: `End the unavailability of ${u.bedLabel} in ${u.homeName}`,
      u,
      lastDay: u.to ? addDays(u.to, -1) : null,
      values: { to: splitDate(today > u.from ? today : addDays(u.from, 1)) },
    });
  });

  app.post('/unavailability/:unavailabilityId/end', providers, async (req, reply) => {
    const { unavailabilityId } = req.params as { unavailabilityId: string };
    const u = await loadUnavailability(req, unavailabilityId);
    const body = (req.body ?? {}) as Form;
    const tenant = req.auth!.tenant;
    try {
      await withTenant(app.db, tenant, (trx) =>
        endUnavailability(trx, tenant, { unavailabilityId: u.id, to: dateField(body, 'to') }),
      );
    } catch (err) {
      return formFailure(reply, err, 'pages/contracts/end-unavailability.njk', {
        title: `End the unavailability of ${u.bedLabel} in ${u.homeName}`,
        u,
        lastDay: u.to ? addDays(u.to, -1) : null,
        values: { to: dateValues(body, 'to') },
      });
    }
    flash(reply, { title: `${u.bedLabel} in ${u.homeName} can be used again from ${dateField(body, 'to')}` });
    return reply.redirect(u.contractId ? `/contracts/${u.contractId}/beds` : '/contracts', 303);
  });
}
