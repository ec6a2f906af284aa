/**
 * The referring LA's pages (docs/referrals.md "Pages and API"): its referrals, making one with
 * GOV.UK question pages (one topic each; the draft is kept between pages; a refused page writes
 * nothing), checking the answers and sending, then tracking it: each home's status and deadline,
 * the vacancy hold clocks, questions to answer, offers to accept or refuse, the timeline, the homes
 * not sent and why, widening the search, and withdrawing or closing it. Placement officers act;
 * commissioners may read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptOffer } from '../../../app/referrals/accept-offer.ts';
import {
  ANSWER_FIELDS,
  type Answers,
  pageAnswers,
  pageBySlug,
  pageOfField,
  REFERRAL_PAGES,
  readReferralAnswers,
} from '../../../app/referrals/answers.ts';
import { scheduleHousekeeping } from '../../../app/referrals/housekeeping.ts';
import { answerText, CODES, declineItems, questionItems } from '../../../app/referrals/labels.ts';
import {
  answerQuestion,
  CLOSE_OUTCOMES,
  endReferral,
  refuseOffer,
  routeAgain,
  widenReferralSearch,
} from '../../../app/referrals/manage-referral.ts';
import { readReferralForLa } from '../../../app/referrals/read-referrals.ts';
import {
  createDraft,
  deleteDraft,
  listDrafts,
  readDraft,
  saveDraftPage,
} from '../../../app/referrals/save-draft.ts';
import { submitReferral } from '../../../app/referrals/submit-referral.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import { listReferralsForLa } from '../../../db/queries/referrals.ts';
import { withTenant } from '../../../db/tenant.ts';
import { formatLongDate } from '../../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../../domain/shared/errors.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { type FormErrors, formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const readers = {
  preHandler: requireAuth({ roles: ['placement-officer', 'commissioner'], orgKinds: ['local-authority'] }),
};
const officers = { preHandler: requireAuth({ roles: ['placement-officer'], orgKinds: ['local-authority'] }) };

type Body = Record<string, string | string[] | undefined>;
const body = (req: FastifyRequest): Body => (req.body ?? {}) as Body;
const str = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const nowInstant = () => new Date().toISOString();

/** The route's id parameters; anything that is not an id is "not found", like a missing record. */
export function ids<K extends string>(req: FastifyRequest, ...names: K[]): Record<K, string> {
  const params = req.params as Record<string, string>;
  for (const n of names) if (!UUID.test(params[n] ?? '')) notFound();
  return params as Record<K, string>;
}

/** Validation errors as GOV.UK form errors; anything else is rethrown. */
function validationOf(err: unknown): FieldError[] {
  if (err instanceof DomainError && err.code === 'validation' && err.fieldErrors.length > 0)
    return [...err.fieldErrors];
  throw err;
}

/** Errors for one form among several on a page: each field's id carries a suffix. */
function suffixed(errors: readonly FieldError[], suffix: string): FormErrors {
  const f = formErrors(errors);
  return {
    summary: f.summary.map((s) => ({ ...s, href: `${s.href}-${suffix}` })),
    byField: f.byField,
  };
}

export default function register(app: FastifyInstance): void {
  addNavItem({
    href: '/referrals',
    text: 'Referrals',
    roles: ['placement-officer', 'commissioner'],
    order: 10,
  });
  scheduleHousekeeping(app);

  // ---------------------------------------------------------------- the LA's referrals
  app.get('/referrals', readers, async (req, reply) => {
    const { show } = req.query as { show?: string };
    const status = show === 'ended' ? 'ended' : show === 'all' ? 'all' : 'live';
    const tenant = req.auth!.tenant;
    const { referrals, drafts } = await withTenant(app.db, tenant, async (trx) => {
      const referrals = await listReferralsForLa(trx, tenant.orgId, { status });
      const drafts = req.auth!.user.role === 'placement-officer' ? await listDrafts(trx, tenant) : [];
      await appendAudit(
        trx,
        tenant,
        referrals.map((r) => ({
          action: 'read' as const,
          entityType: 'referral',
          entityId: r.id,
          detail: { via: 'list' },
        })),
      );
      return { referrals, drafts };
    });
    return reply.page('pages/referrals/index.njk', {
      title: 'Referrals',
      referrals: referrals.map((r) => ({
        ...r,
        sent: Number(r.sent),
        live: Number(r.live),
        offers: Number(r.offers),
        questions: Number(r.questions),
      })),
      drafts,
      show: status,
      codes: CODES,
      canAct: req.auth!.user.role === 'placement-officer',
    });
  });

  // ---------------------------------------------------------------- making a referral
  app.get('/referrals/new', officers, async (_req, reply) =>
    reply.page('pages/referrals/start.njk', { title: 'Make a referral', pages: REFERRAL_PAGES }),
  );

  app.post('/referrals/new', officers, async (req, reply) => {
    const id = await withTenant(app.db, req.auth!.tenant, (trx) => createDraft(trx, req.auth!.tenant));
    return reply.redirect(`/referrals/drafts/${id}/${REFERRAL_PAGES[0]!.slug}`, 303);
  });

  app.get('/referrals/drafts/:draftId', officers, async (req, reply) => {
    const { draftId } = ids(req, 'draftId');
    const draft = await withTenant(app.db, req.auth!.tenant, (trx) =>
      readDraft(trx, req.auth!.tenant, draftId),
    );
    const next = REFERRAL_PAGES.find((p) => draft.answers[`_page_${p.slug}`] !== 'done');
    return reply.redirect(`/referrals/drafts/${draftId}/${next ? next.slug : 'check'}`, 303);
  });

  const questionPage = (
    reply: FastifyReply,
    draftId: string,
    slug: string,
    values: Answers,
    errors?: FormErrors,
    returnTo?: string,
  ) => {
    const page = pageBySlug(slug)!;
    const i = REFERRAL_PAGES.indexOf(page);
    return reply.page(
      'pages/referrals/question.njk',
      {
        title: page.title,
        page,
        step: i + 1,
        steps: REFERRAL_PAGES.length,
        draftId,
        values,
        items: questionItems(values),
        errors,
        returnTo,
        back: i === 0 ? '/referrals' : `/referrals/drafts/${draftId}/${REFERRAL_PAGES[i - 1]!.slug}`,
        fields: ANSWER_FIELDS,
      },
      errors ? 400 : 200,
    );
  };

  for (const page of REFERRAL_PAGES) {
    app.get(`/referrals/drafts/:draftId/${page.slug}`, officers, async (req, reply) => {
      const { draftId } = ids(req, 'draftId');
      const draft = await withTenant(app.db, req.auth!.tenant, (trx) =>
        readDraft(trx, req.auth!.tenant, draftId),
      );
      const { from } = req.query as { from?: string };
      return questionPage(
        reply,
        draftId,
        page.slug,
        draft.answers,
        undefined,
        from === 'check' ? 'check' : undefined,
      );
    });

    app.post(`/referrals/drafts/:draftId/${page.slug}`, officers, async (req, reply) => {
      const { draftId } = ids(req, 'draftId');
      const b = body(req);
      const posted = pageAnswers(page, b);
      const today = app.config.today();
      try {
        await withTenant(app.db, req.auth!.tenant, (trx) =>
          saveDraftPage(trx, req.auth!.tenant, { draftId, page, posted, today }),
        );
      } catch (err) {
        const errors = validationOf(err);
        const draft = await withTenant(app.db, req.auth!.tenant, (trx) =>
          readDraft(trx, req.auth!.tenant, draftId, { audit: false }),
        );
        return questionPage(
          reply,
          draftId,
          page.slug,
          { ...draft.answers, ...posted },
          formErrors(errors),
          str(b.returnTo) || undefined,
        );
      }
      const i = REFERRAL_PAGES.indexOf(page);
      const next =
        str(b.returnTo) === 'check' || i === REFERRAL_PAGES.length - 1
          ? 'check'
          : REFERRAL_PAGES[i + 1]!.slug;
      return reply.redirect(`/referrals/drafts/${draftId}/${next}`, 303);
    });
  }

  const checkPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    draftId: string,
    extra: FieldError[] = [],
  ) => {
    const draft = await withTenant(app.db, req.auth!.tenant, (trx) =>
      readDraft(trx, req.auth!.tenant, draftId),
    );
    const read = readReferralAnswers(draft.answers, app.config.today());
    const errors = [...(read.ok ? [] : read.errors), ...extra];
    const sections = REFERRAL_PAGES.map((p) => ({
      page: p,
      rows: p.fields
        .filter(
          (f) =>
            ![
              'outOfLaReasonOther',
              'communicationOther',
              'culturalNeedsOther',
              'additionalSupportOther',
            ].includes(f) || draft.answers[f],
        )
        .map((f) => ({
          key: { text: ANSWER_FIELDS[f] },
          value: { text: answerText(draft.answers, f) },
          actions: {
            items: [
              {
                href: `/referrals/drafts/${draftId}/${p.slug}?from=check#${f}`,
                text: 'Change',
                visuallyHiddenText: ANSWER_FIELDS[f].toLowerCase(),
              },
            ],
          },
        })),
    }));
    const summary = errors.map((e) => {
      const p = pageOfField(e.field);
      return {
        text: e.message,
        href: p ? `/referrals/drafts/${draftId}/${p.slug}?from=check#${e.field}` : '#',
      };
    });
    return reply.page(
      'pages/referrals/check.njk',
      {
        title: 'Check your answers before sending the referral',
        draftId,
        sections,
        errors: errors.length ? { summary, byField: {} } : undefined,
        ready: errors.length === 0,
      },
      extra.length ? 400 : 200,
    );
  };

  app.get('/referrals/drafts/:draftId/check', officers, async (req, reply) => {
    const { draftId } = ids(req, 'draftId');
    return checkPage(req, reply, draftId);
  });

  app.post('/referrals/drafts/:draftId/check', officers, async (req, reply) => {
    const { draftId } = ids(req, 'draftId');
    const tenant = req.auth!.tenant;
    let result: Awaited<ReturnType<typeof submitReferral>>;
    try {
      result = await withTenant(app.db, tenant, async (trx) => {
        const draft = await readDraft(trx, tenant, draftId, { audit: false });
        return submitReferral(trx, tenant, {
          answers: draft.answers,
          now: nowInstant(),
          today: app.config.today(),
          draftId,
        });
      });
    } catch (err) {
      return checkPage(req, reply, draftId, validationOf(err));
    }
    const sent = result.routing.sent.length;
    flash(reply, {
      title: `Referral ${result.reference} sent`,
      text:
        sent > 0
          ? `Sent to ${sent} ${sent === 1 ? 'home' : 'homes'} (${CODES.stages[result.routing.stage].toLowerCase()}).` +
            (result.routing.refused.length
              ? ` ${result.routing.refused.length} not sent: see why below.`
              : '')
          : 'No home could take this referral at this stage: see why below, and widen the search.',
    });
    return reply.redirect(`/referrals/${result.referralId}`, 303);
  });

  app.post('/referrals/drafts/:draftId/delete', officers, async (req, reply) => {
    const { draftId } = ids(req, 'draftId');
    await withTenant(app.db, req.auth!.tenant, (trx) => deleteDraft(trx, req.auth!.tenant, draftId));
    flash(reply, { title: 'Draft deleted' });
    return reply.redirect('/referrals', 303);
  });

  // ---------------------------------------------------------------- tracking a referral
  const trackPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    referralId: string,
    extra: { errors?: FormErrors; values?: Record<string, string> } = {},
    status = 200,
  ) => {
    const tenant = req.auth!.tenant;
    const view = await withTenant(app.db, tenant, (trx) =>
      readReferralForLa(trx, tenant, referralId, app.config.today(), nowInstant()),
    );
    return reply.page(
      'pages/referrals/show.njk',
      {
        title: `Referral ${view.row.reference}`,
        v: view,
        codes: CODES,
        declineItems: declineItems(extra.values?.reason),
        values: extra.values ?? {},
        errors: extra.errors,
        canAct: req.auth!.user.role === 'placement-officer',
        latestStartText: formatLongDate(view.referral.requirements.latestStart),
        riskText: view.referral.child.risks.length
          ? view.referral.child.risks.map((r) => CODES.risks[r]).join(', ')
          : 'No known risk',
      },
      status,
    );
  };

  app.get('/referrals/:referralId', readers, async (req, reply) => {
    const { referralId } = ids(req, 'referralId');
    return trackPage(req, reply, referralId);
  });

  app.post('/referrals/:referralId/widen', officers, async (req, reply) => {
    const { referralId } = ids(req, 'referralId');
    const summary = await withTenant(app.db, req.auth!.tenant, (trx) =>
      widenReferralSearch(trx, req.auth!.tenant, {
        referralId,
        now: nowInstant(),
        today: app.config.today(),
      }),
    );
    flash(reply, {
      title: `Search widened to ${CODES.stages[summary.stage].toLowerCase()}`,
      text: `Sent to ${summary.sent.length} more ${summary.sent.length === 1 ? 'home' : 'homes'}.`,
    });
    return reply.redirect(`/referrals/${referralId}`, 303);
  });

  app.post('/referrals/:referralId/send', officers, async (req, reply) => {
    const { referralId } = ids(req, 'referralId');
    const summary = await withTenant(app.db, req.auth!.tenant, (trx) =>
      routeAgain(trx, req.auth!.tenant, { referralId, now: nowInstant(), today: app.config.today() }),
    );
    flash(reply, {
      title:
        summary.sent.length > 0
          ? `Sent to ${summary.sent.length} more ${summary.sent.length === 1 ? 'home' : 'homes'}`
          : 'No other home that fits has a place at this stage',
      text: summary.refused.length ? 'See below which homes were not sent it, and why.' : undefined,
    });
    return reply.redirect(`/referrals/${referralId}`, 303);
  });

  app.post('/referrals/:referralId/recipients/:recipientId/answer', officers, async (req, reply) => {
    const { referralId, recipientId } = ids(req, 'referralId', 'recipientId');
    const b = body(req);
    const questionId = str(b.questionId);
    try {
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        answerQuestion(trx, req.auth!.tenant, {
          referralId,
          recipientId,
          questionId,
          body: str(b.body),
          now: nowInstant(),
        }),
      );
    } catch (err) {
      const errors = validationOf(err);
      return trackPage(
        req,
        reply,
        referralId,
        { errors: suffixed(errors, questionId), values: { [`body-${questionId}`]: str(b.body) } },
        400,
      );
    }
    flash(reply, { title: 'Answer sent', text: 'The provider has been told.' });
    return reply.redirect(`/referrals/${referralId}`, 303);
  });

  app.post('/referrals/:referralId/recipients/:recipientId/accept', officers, async (req, reply) => {
    const { referralId, recipientId } = ids(req, 'referralId', 'recipientId');
    try {
      const r = await withTenant(app.db, req.auth!.tenant, (trx) =>
        acceptOffer(trx, req.auth!.tenant, { referralId, recipientId, now: nowInstant() }),
      );
      flash(reply, {
        title: `Offer accepted: ${r.homeName}`,
        text: `The placement starts on ${formatLongDate(r.startOn)} and is in the bed ledger.`,
      });
      return reply.redirect(`/referrals/${referralId}`, 303);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'bed-unavailable' || err.code === 'conflict')) {
        return reply.page(
          'pages/referrals/problem.njk',
          { title: 'The offer cannot be accepted', message: err.message, back: `/referrals/${referralId}` },
          409,
        );
      }
      throw err;
    }
  });

  app.post('/referrals/:referralId/recipients/:recipientId/refuse', officers, async (req, reply) => {
    const { referralId, recipientId } = ids(req, 'referralId', 'recipientId');
    const b = body(req);
    try {
      await withTenant(app.db, req.auth!.tenant, (trx) =>
        refuseOffer(trx, req.auth!.tenant, {
          referralId,
          recipientId,
          reason: str(b.reason),
          note: str(b.note),
          now: nowInstant(),
        }),
      );
    } catch (err) {
      const errors = validationOf(err);
      return trackPage(
        req,
        reply,
        referralId,
        { errors: suffixed(errors, recipientId), values: { reason: str(b.reason), note: str(b.note) } },
        400,
      );
    }
    flash(reply, { title: 'Offer refused', text: 'The provider has been told.' });
    return reply.redirect(`/referrals/${referralId}`, 303);
  });

  // ---------------------------------------------------------------- withdrawing and closing
  const endPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    how: 'withdraw' | 'close',
    referralId: string,
    values: Record<string, string> = {},
    errors?: FormErrors,
  ) => {
    const tenant = req.auth!.tenant;
    const view = await withTenant(app.db, tenant, (trx) =>
      readReferralForLa(trx, tenant, referralId, app.config.today(), nowInstant()),
    );
    if (!['searching', 'offered'].includes(view.state.status)) {
      throw new DomainError('conflict', `This referral is already ${view.statusLabel.toLowerCase()}.`);
    }
    return reply.page(
      `pages/referrals/${how}.njk`,
      {
        title:
          how === 'withdraw'
            ? `Withdraw referral ${view.row.reference}`
            : `Close referral ${view.row.reference}`,
        v: view,
        values,
        errors,
        outcomeItems: Object.entries(CLOSE_OUTCOMES).map(([value, text]) => ({
          value,
          text,
          checked: values.outcome === value,
        })),
        typeItems: Object.entries(CODES.placementTypes).map(([value, text]) => ({
          value,
          text,
          checked: values.placementType === value,
        })),
        live: view.recipients.filter((r) => r.live).length,
      },
      errors ? 400 : 200,
    );
  };

  for (const how of ['withdraw', 'close'] as const) {
    app.get(`/referrals/:referralId/${how}`, officers, async (req, reply) => {
      const { referralId } = ids(req, 'referralId');
      return endPage(req, reply, how, referralId);
    });
    app.post(`/referrals/:referralId/${how}`, officers, async (req, reply) => {
      const { referralId } = ids(req, 'referralId');
      const b = body(req);
      const values = {
        outcome: str(b.outcome),
        placementType: str(b.placementType),
        note: str(b.note),
        'startOn-day': str(b['startOn-day']),
        'startOn-month': str(b['startOn-month']),
        'startOn-year': str(b['startOn-year']),
      };
      const startOn =
        values['startOn-day'] || values['startOn-month'] || values['startOn-year']
          ? `${values['startOn-year'].padStart(4, '0')}-${values['startOn-month'].padStart(2, '0')}-${values['startOn-day'].padStart(2, '0')}`
          : '';
      try {
        await withTenant(app.db, req.auth!.tenant, (trx) =>
          endReferral(trx, req.auth!.tenant, {
            referralId,
            how,
            outcome: values.outcome,
            placementType: values.placementType,
            startOn,
            note: values.note,
            now: nowInstant(),
            today: app.config.today(),
          }),
        );
      } catch (err) {
        const errors = validationOf(err);
        return endPage(req, reply, how, referralId, values, formErrors(errors));
      }
      flash(reply, {
        title: how === 'withdraw' ? 'Referral withdrawn' : 'Referral closed',
        text: 'Every home it was still with has been told.',
      });
      return reply.redirect(`/referrals/${referralId}`, 303);
    });
  }
}
