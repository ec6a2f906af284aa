/**
 * The provider's pages: one vacancy inbox across all LAs (every live referral routed to it, with
 * its deadline, ranked per home by the match score with its reasons), a referral (the anonymised
 * profile first; the fuller papers once it says it is interested; never names or dates of birth),
 * referrals side by side, and its responses: interest, a question to the LA, shortlist, an offer,
 * or a decline with a reason code. Every view of a child's referral is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readInbox } from '../../../app/referrals/inbox.ts';
import { CODES, declineItems } from '../../../app/referrals/labels.ts';
import { readCopyForProvider } from '../../../app/referrals/read-referrals.ts';
import {
  askQuestion,
  declineReferral,
  expressInterest,
  makeOffer,
  shortlistReferral,
  viewAsProvider,
} from '../../../app/referrals/respond-to-referral.ts';
import { withTenant } from '../../../db/tenant.ts';
import { DomainError, type FieldError } from '../../../domain/shared/errors.ts';
import { parsePounds } from '../../../domain/shared/money.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { type FormErrors, formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const managers = { preHandler: requireAuth({ roles: ['provider-manager'], orgKinds: ['provider'] }) };
type Body = Record<string, string | string[] | undefined>;
const str = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const nowInstant = () => new Date().toISOString();
const MAX_COMPARED = 4;

function recipientIdOf(req: FastifyRequest): string {
  const { recipientId } = req.params as { recipientId?: string };
  if (!recipientId || !UUID.test(recipientId)) notFound();
  return recipientId;
}

function validationOf(err: unknown): FieldError[] {
  if (err instanceof DomainError && err.code === 'validation' && err.fieldErrors.length > 0)
    return [...err.fieldErrors];
  throw err;
}

export default function register(app: FastifyInstance): void {
  addNavItem({ href: '/inbox', text: 'Referral inbox', roles: ['provider-manager'], order: 10 });

  app.get('/inbox', managers, async (req, reply) => {
    const tenant = req.auth!.tenant;
    const inbox = await withTenant(app.db, tenant, (trx) =>
      readInbox(trx, tenant, app.config.today(), nowInstant()),
    );
    return reply.page('pages/inbox/index.njk', { title: 'Referral inbox', inbox, codes: CODES });
  });

  app.get('/inbox/compare', managers, async (req, reply) => {
    const q = req.query as { ids?: string | string[] };
    const wanted = [
      ...new Set((Array.isArray(q.ids) ? q.ids : q.ids ? [q.ids] : []).filter((id) => UUID.test(id))),
    ];
    if (wanted.length < 2) {
      return reply.page(
        'pages/referrals/problem.njk',
        {
          title: 'Choose referrals to compare',
          message: `Tick between 2 and ${MAX_COMPARED} referrals in your inbox, then select “Compare”.`,
          back: '/inbox',
          backText: 'Go back to the inbox',
        },
        400,
      );
    }
    const tenant = req.auth!.tenant;
    const today = app.config.today();
    const now = nowInstant();
    const views = await withTenant(app.db, tenant, async (trx) => {
      const out = [];
      for (const id of wanted.slice(0, MAX_COMPARED)) {
        await viewAsProvider(trx, tenant, id, now);
        out.push(await readCopyForProvider(trx, tenant, id, today, now));
      }
      return out;
    });
    return reply.page('pages/inbox/compare.njk', { title: 'Compare referrals', views, codes: CODES });
  });

  const showPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    recipientId: string,
    extra: { errors?: FormErrors; values?: Record<string, string> } = {},
    status = 200,
  ) => {
    const tenant = req.auth!.tenant;
    const today = app.config.today();
    const now = nowInstant();
    const view = await withTenant(app.db, tenant, async (trx) => {
      await viewAsProvider(trx, tenant, recipientId, now);
      return readCopyForProvider(trx, tenant, recipientId, today, now);
    });
    const values = extra.values ?? {};
    return reply.page(
      'pages/inbox/show.njk',
      {
        title: `Referral from ${view.laName} for ${view.home?.name ?? 'your home'}`,
        v: view,
        codes: CODES,
        values,
        errors: extra.errors,
        declineItems: declineItems(values.reason),
        bedItems: view.freeBeds.map((b, i) => ({
          value: b.id,
          text: b.label,
          checked: values.bedId ? values.bedId === b.id : i === 0,
        })),
        riskText: view.view.risks.length
          ? view.view.risks.map((r) => CODES.risks[r]).join(', ')
          : 'No known risk',
      },
      status,
    );
  };

  app.get('/inbox/:recipientId', managers, async (req, reply) => showPage(req, reply, recipientIdOf(req)));

  const simple = (
    path: string,
    run: typeof expressInterest | typeof shortlistReferral,
    message: { title: string; text: string },
  ) =>
    app.post(`/inbox/:recipientId/${path}`, managers, async (req, reply) => {
      const recipientId = recipientIdOf(req);
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        run(trx, req.auth!.tenant, { recipientId, now: nowInstant() }),
      );
      flash(reply, message);
      return reply.redirect(`/inbox/${recipientId}`, 303);
    });
  simple('interest', expressInterest, {
    title: 'You said you are interested',
    text: 'The fuller papers are open to you below, and the local authority has been told.',
  });
  simple('shortlist', shortlistReferral, {
    title: 'Shortlisted',
    text: 'The local authority has been told.',
  });

  app.post('/inbox/:recipientId/question', managers, async (req, reply) => {
    const recipientId = recipientIdOf(req);
    const b = (req.body ?? {}) as Body;
    try {
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        askQuestion(trx, req.auth!.tenant, { recipientId, body: str(b.body), now: nowInstant() }),
      );
    } catch (err) {
      return showPage(
        req,
        reply,
        recipientId,
        { errors: formErrors(validationOf(err)), values: { body: str(b.body) } },
        400,
      );
    }
    flash(reply, {
      title: 'Question sent',
      text: 'The local authority has been told. Your deadline waits while the question is open.',
    });
    return reply.redirect(`/inbox/${recipientId}`, 303);
  });

  app.post('/inbox/:recipientId/offer', managers, async (req, reply) => {
    const recipientId = recipientIdOf(req);
    const b = (req.body ?? {}) as Body;
    const values = {
      bedId: str(b.bedId),
      'startOn-day': str(b['startOn-day']),
      'startOn-month': str(b['startOn-month']),
      'startOn-year': str(b['startOn-year']),
      weeklyPrice: str(b.weeklyPrice),
    };
    const startOn = `${values['startOn-year'].padStart(4, '0')}-${values['startOn-month'].padStart(2, '0')}-${values['startOn-day'].padStart(2, '0')}`;
    const price = values.weeklyPrice ? parsePounds(values.weeklyPrice) : undefined;
    try {
      if (values.weeklyPrice && (price === undefined || price <= 0)) {
        throw new DomainError('validation', 'Cannot make the offer', [
          { field: 'weeklyPrice', message: 'Enter the weekly price in pounds, like 4300 or 4,300.50' },
        ]);
      }
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        makeOffer(trx, req.auth!.tenant, {
          recipientId,
          bedId: values.bedId,
          startOn,
          ...(price !== undefined ? { weeklyPricePence: price } : {}),
          now: nowInstant(),
          today: app.config.today(),
        }),
      );
    } catch (err) {
      return showPage(req, reply, recipientId, { errors: formErrors(validationOf(err)), values }, 400);
    }
    flash(reply, {
      title: 'Offer made',
      text: 'The local authority has been told and can accept or refuse it.',
    });
    return reply.redirect(`/inbox/${recipientId}`, 303);
  });

  app.post('/inbox/:recipientId/decline', managers, async (req, reply) => {
    const recipientId = recipientIdOf(req);
    const b = (req.body ?? {}) as Body;
    const values = { reason: str(b.reason), note: str(b.note) };
    try {
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        declineReferral(trx, req.auth!.tenant, { recipientId, ...values, now: nowInstant() }),
      );
    } catch (err) {
      return showPage(req, reply, recipientId, { errors: formErrors(validationOf(err)), values }, 400);
    }
    flash(reply, { title: 'Referral declined', text: 'The local authority has been told the reason.' });
    return reply.redirect('/inbox', 303);
  });
}
