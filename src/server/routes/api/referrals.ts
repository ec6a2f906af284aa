/**
 * The referring LA's referral operations over the API (the same use cases as the pages): make and
 * send a referral, read where it stands, widen the search, send it to homes picked in the
 * directory, answer a question, accept or refuse an offer, withdraw or close it; and sought vs
 * secured. Bodies are zod schemas (errors name the field); the domain's rules then name the field
 * the same way the pages do. Role and record are checked before the body, so another LA's referral
 * answers exactly as a missing one does, whatever is sent.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptOffer } from '../../../app/referrals/accept-offer.ts';
import {
  answerQuestion,
  endReferral,
  refuseOffer,
  routeAgain,
  widenReferralSearch,
} from '../../../app/referrals/manage-referral.ts';
import {
  findPdsImport,
  PDS_EXTENSIONS,
  PDS_MAX_BYTES,
  startPdsImport,
} from '../../../app/referrals/pds-import-job.ts';
import { exportPdsRecords } from '../../../app/referrals/placements-standard.ts';
import { readOutcomes } from '../../../app/referrals/read-outcomes.ts';
import { readReferralForLa } from '../../../app/referrals/read-referrals.ts';
import { sendToHomes } from '../../../app/referrals/send-to-homes.ts';
import { submitReferral } from '../../../app/referrals/submit-referral.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import { findRecipient, findReferral, listReferralsForLa } from '../../../db/queries/referrals.ts';
import { withTenant } from '../../../db/tenant.ts';
import {
  ADDITIONAL_SUPPORT,
  COMMUNICATION_REQUIREMENTS,
  CULTURAL_NEEDS,
  DECLINE_REASONS,
  LEGAL_STATUSES,
  LIVING_COMPANIONS,
  OUT_OF_LA_REASONS,
  PETS,
  PLACEMENT_TYPES,
  PRESENCE,
  REFERRAL_OUTCOMES,
  REGISTRATION_CATEGORIES,
  RISKS,
  SEXES,
  SUITABILITIES,
  URGENCIES,
} from '../../../domain/shared/codes.ts';
import { placementsStandardCsv, placementsStandardXlsx } from '../../../exports/placements-standard.ts';
import { safeFileName } from '../../../exports/spreadsheet.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { readUpload } from '../../http/uploads.ts';

import { ErrorBody } from './basics.ts';

const TAGS = ['Referrals'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const now = () => new Date().toISOString();
const code = <T extends Record<string, unknown>>(list: T) => z.enum(Object.keys(list) as [keyof T & string]);
const Day = z.string().describe('YYYY-MM-DD');
const Errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

/** A referral's answers: the Placements Data Standard fields with the form's names (docs/referrals.md §1). */
export const ReferralAnswers = z.strictObject({
  childRef: z.string().describe('the LA’s case reference for the child (never a name)'),
  bornIn: z.string().describe('month of birth, YYYY-MM (only the month is kept)'),
  sex: code(SEXES),
  primaryNeed: code(REGISTRATION_CATEGORIES),
  legalStatus: code(LEGAL_STATUSES).optional(),
  risks: z.array(code(RISKS)).default([]),
  riskOther: z.string().optional(),
  riskToOthersOther: z.string().optional(),
  neededBy: code(URGENCIES),
  latestStart: Day,
  siblingCount: z.number().int(),
  isPreferredLocationLocal: z.boolean(),
  outOfLaReason: code(OUT_OF_LA_REASONS).optional(),
  outOfLaReasonOther: z.string().optional(),
  preferredLocationNote: z.string().optional(),
  familyPostcodeSector: z.string().optional().describe('a postcode sector like W5 3, never a full postcode'),
  schoolPostcodeSector: z.string().optional(),
  keepSchool: z.boolean(),
  communicationNeeds: code(PRESENCE),
  communicationRequirements: z.array(code(COMMUNICATION_REQUIREMENTS)),
  communicationOther: z.string().optional(),
  homeAdaptationRequired: z.boolean(),
  culturalNeeds: code(CULTURAL_NEEDS),
  culturalNeedsOther: z.string().optional(),
  livingCompanions: code(LIVING_COMPANIONS),
  pets: code(PETS),
  additionalSupport: z.array(code(ADDITIONAL_SUPPORT)).default([]),
  additionalSupportOther: z.string().optional(),
  deprivationOfLiberty: z.boolean(),
  fosterSuitability: code(SUITABILITIES),
  residentialSuitability: code(SUITABILITIES),
  supportedAccommodationSuitability: code(SUITABILITIES),
  penPortrait: z.string(),
});

const Routed = z.object({
  recipientId: z.string(),
  homeId: z.string(),
  homeName: z.string(),
  providerName: z.string(),
  score: z.number(),
  max: z.number(),
  respondBy: z.string(),
});
const NotSent = z.object({ homeId: z.string(), homeName: z.string(), reasons: z.array(z.string()) });
const Routing = z.object({
  stage: z.string(),
  sent: z.array(Routed),
  refused: z.array(NotSent),
  held: z.array(z.object({ homeId: z.string(), homeName: z.string(), message: z.string() })),
  overCap: z.array(z.object({ homeId: z.string(), homeName: z.string() })),
});

const ReferralSummary = z.object({
  id: z.string(),
  reference: z.string(),
  childRef: z.string(),
  status: z.string(),
  stage: z.string().nullable(),
  neededBy: z.string(),
  latestStart: z.string(),
  outcome: z.string().nullable(),
  createdAt: z.date(),
  submittedAt: z.date().nullable(),
  homesSent: z.number(),
  homesLive: z.number(),
  offersOpen: z.number(),
  questionsOpen: z.number(),
});

const Offer = z.object({
  bedId: z.string(),
  bedLabel: z.string().nullable(),
  startOn: z.string(),
  weeklyPricePence: z.number().nullable(),
  expiresAt: z.string(),
  open: z.boolean(),
});

const ReferralDetail = z.object({
  id: z.string(),
  reference: z.string(),
  childRef: z.string(),
  status: z.string(),
  stage: z.string().nullable(),
  submittedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  placement: z
    .object({ placementType: z.string(), startOn: z.string(), homeId: z.string().nullable() })
    .nullable(),
  ageYears: z.number(),
  latestStart: z.string(),
  recipients: z.array(
    z.object({
      id: z.string(),
      homeId: z.string(),
      homeName: z.string(),
      providerName: z.string(),
      stage: z.string(),
      status: z.string(),
      respondBy: z.string(),
      score: z.number().nullable(),
      max: z.number().nullable(),
      offer: Offer.nullable(),
      decline: z.object({ by: z.string(), reason: z.string(), note: z.string().optional() }).nullable(),
      openQuestions: z.array(z.object({ id: z.string(), body: z.string(), at: z.date() })),
      vacancy: z
        .object({
          bedId: z.string(),
          filled: z.boolean(),
          phase: z.string().nullable(),
          nextPhaseOn: z.string().nullable(),
          holdEndsOn: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  notSent: z.array(z.object({ homeName: z.string(), stage: z.string(), reasons: z.array(z.string()) })),
  timeline: z.array(
    z.object({
      at: z.date(),
      type: z.string(),
      label: z.string(),
      text: z.string(),
      homeName: z.string().nullable(),
    }),
  ),
  widen: z.object({ allowed: z.boolean(), to: z.string().optional(), reason: z.string().optional() }),
});

const OutcomeRow = z.object({
  laCode: z.string().nullable(),
  laName: z.string().optional(),
  referrals: z.number(),
  byOutcome: z.record(z.string(), z.number()),
  placed: z.number(),
  placedPercent: z.number().nullable(),
  idealMet: z.number(),
  idealMetPercent: z.number().nullable(),
  medianDaysToPlace: z.number().nullable(),
  medianProvidersApproached: z.number().nullable(),
  declineReasons: z.record(z.string(), z.number()),
  soughtVsSecured: z.array(z.object({ sought: z.string(), secured: z.string(), count: z.number() })),
});

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const readers = requireAuth({
    roles: ['placement-officer', 'commissioner'],
    orgKinds: ['local-authority'],
  });
  const officers = requireAuth({ roles: ['placement-officer'], orgKinds: ['local-authority'] });

  const notFoundReply = (reply: FastifyReply, what: string) =>
    reply.code(404).send({ error: { code: 'not-found', message: `No such ${what}` } });
  /** preValidation: the LA's own referral (and copy, if named) must exist, else 404 before the body. */
  const ownReferral = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.auth || reply.sent) return;
    const p = req.params as { referralId?: string; recipientId?: string };
    const tenant = req.auth.tenant;
    const ok =
      UUID.test(p.referralId ?? '') &&
      (p.recipientId === undefined || UUID.test(p.recipientId)) &&
      (await withTenant(app.db, tenant, async (trx) => {
        const r = await findReferral(trx, p.referralId!);
        if (!r || r.org_id !== tenant.orgId) return false;
        if (p.recipientId === undefined) return true;
        const c = await findRecipient(trx, p.recipientId);
        return Boolean(c && c.referral_id === r.id && c.org_id === tenant.orgId);
      }));
    if (!ok) return notFoundReply(reply, p.recipientId ? 'offer' : 'referral');
  };
  const Params = z.object({ referralId: z.string() });
  const CopyParams = z.object({ referralId: z.string(), recipientId: z.string() });

  api.get(
    '/api/v1/referrals',
    {
      preHandler: readers,
      schema: {
        summary: 'Your LA’s referrals, newest first, with how many homes each is live with',
        tags: TAGS,
        querystring: z.object({ status: z.enum(['live', 'ended', 'all']).default('live') }),
        response: { 200: z.object({ referrals: z.array(ReferralSummary) }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const rows = await withTenant(app.db, tenant, async (trx) => {
        const rows = await listReferralsForLa(trx, tenant.orgId, { status: req.query.status });
        await appendAudit(
          trx,
          tenant,
          rows.map((r) => ({
            action: 'read' as const,
            entityType: 'referral',
            entityId: r.id,
            detail: { via: 'api' },
          })),
        );
        return rows;
      });
      return {
        referrals: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          childRef: r.childRef,
          status: r.status,
          stage: r.stage,
          neededBy: r.neededBy,
          latestStart: r.latestStart,
          outcome: r.outcome,
          createdAt: r.createdAt,
          submittedAt: r.submittedAt,
          homesSent: Number(r.sent),
          homesLive: Number(r.live),
          offersOpen: Number(r.offers),
          questionsOpen: Number(r.questions),
        })),
      };
    },
  );

  api.post(
    '/api/v1/referrals',
    {
      preValidation: officers,
      schema: {
        summary: 'Make a referral and send it: first to free beds in your soft blocks where the home fits',
        description:
          'Creates the pseudonymised child record and the referral, submits and routes it in one transaction. Refused answers write nothing; each error names the field.',
        tags: TAGS,
        body: ReferralAnswers,
        response: {
          201: z.object({ referralId: z.string(), reference: z.string(), routing: Routing }),
          ...Errors,
        },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const r = await withTenant(app.db, tenant, (trx) =>
        submitReferral(trx, tenant, { answers: req.body, now: now(), today: app.config.today() }),
      );
      return reply.code(201).send({ ...r, routing: { ...r.routing } });
    },
  );

  api.get(
    '/api/v1/referrals/outcomes',
    {
      preHandler: requireAuth({ roles: ['placement-officer', 'commissioner', 'hub-analyst'] }),
      schema: {
        summary: 'Sought vs secured: how referrals ended, per LA (your own; a hub sees its region’s)',
        tags: TAGS,
        response: {
          200: z.object({ perLa: z.array(OutcomeRow), overall: OutcomeRow, records: z.number() }),
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req) => withTenant(app.db, req.auth!.tenant, (trx) => readOutcomes(trx)),
  );

  api.get(
    '/api/v1/referrals/export',
    {
      preHandler: readers,
      schema: {
        summary: 'Your referrals and agreed placements in the Placements Data Standard layout (xlsx or csv)',
        tags: TAGS,
        querystring: z.object({
          format: z.enum(['xlsx', 'csv']).default('xlsx'),
          officers: z.enum(['yes', 'no']).default('no'),
        }),
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const records = await withTenant(app.db, tenant, (trx) =>
        exportPdsRecords(trx, tenant, {
          today: app.config.today(),
          officerNames: req.query.officers === 'yes',
        }),
      );
      const name = safeFileName(
        `${req.auth!.user.orgName}-referrals-placements-data-standard-${app.config.today()}`,
      );
      if (req.query.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(placementsStandardCsv(records));
      }
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await placementsStandardXlsx(records));
    },
  );

  const ImportLinks = z.object({ self: z.string(), job: z.string(), page: z.string() });
  const importLinks = (jobId: string) => ({
    self: `/api/v1/referrals/import/${jobId}`,
    job: `/api/v1/jobs/${jobId}`,
    page: `/jobs/${jobId}`,
  });
  const Problem = z.object({
    field: z.string(),
    message: z.string(),
    row: z.number().optional(),
    record: z.string().optional(),
  });

  api.post(
    '/api/v1/referrals/import',
    {
      preHandler: officers,
      schema: {
        summary:
          'Upload a Placements Data Standard file (multipart field "file", CSV or XLSX, up to 5 MB) and start its import (a job): all or nothing',
        description:
          'The file is checked as it arrives (its type, its size, and an XLSX for zip bombs and other hostile archives: 400 naming the file, or 413) and stored; a job then imports it. Follow the job at links.job, and read the outcome at links.self: rows with an agreed placement become ended referrals with their outcome (the child must be one of yours), rows without become drafts, rows already recorded are skipped; or, for a refused file, every problem with its row and column, and nothing saved. Honours Idempotency-Key: a repeat gets the same job.',
        tags: TAGS,
        consumes: ['multipart/form-data'],
        response: {
          202: z.object({ jobId: z.string(), status: z.string(), links: ImportLinks }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          413: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const file = await readUpload(req, { maxBytes: PDS_MAX_BYTES, extensions: PDS_EXTENSIONS });
      const jobId = await startPdsImport(app.db, app.jobs, req.auth!.tenant, file);
      return reply.code(202).send({ jobId, status: 'queued', links: importLinks(jobId) });
    },
  );

  api.get(
    '/api/v1/referrals/import/:jobId',
    {
      preHandler: officers,
      schema: {
        summary:
          'The outcome of a Placements Data Standard import: while it runs, its status and progress; then what was recorded, or why the file was refused',
        description:
          'outcome is null until the job has finished; then "imported" with the summary (placed: ended referrals with their placement; drafts: referrals saved as drafts; skipped: rows already recorded; warnings that did not stop it), or "refused" with every problem (row and column, or the child) and nothing saved. A job that failed has status "failed" and its error.',
        tags: TAGS,
        params: z.object({ jobId: z.string() }),
        response: {
          200: z.object({
            jobId: z.string(),
            status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
            progress: z.number(),
            message: z.string(),
            error: z.string().nullable(),
            fileName: z.string(),
            outcome: z.enum(['imported', 'refused']).nullable(),
            rows: z.number().nullable(),
            summary: z
              .object({
                placed: z.number(),
                drafts: z.number(),
                skipped: z.number(),
                warnings: z.array(Problem),
              })
              .nullable(),
            errors: z.array(Problem).nullable(),
            links: ImportLinks,
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const found = await findPdsImport(app.db, req.auth!.tenant, req.params.jobId);
      if (!found) notFound('import');
      const { job, result } = found;
      return {
        jobId: job.id,
        status: job.status,
        progress: job.progress,
        message: job.message,
        error: job.error,
        fileName: String((job.payload as { fileName?: unknown }).fileName ?? ''),
        outcome: result?.status ?? null,
        rows: result?.status === 'imported' ? result.rows : null,
        summary: result?.status === 'imported' ? result.summary : null,
        errors: result?.status === 'refused' ? result.errors : null,
        links: importLinks(job.id),
      };
    },
  );

  api.get(
    '/api/v1/referrals/:referralId',
    {
      preHandler: readers,
      schema: {
        summary:
          'Where a referral stands: each home’s copy, deadlines, hold clocks, questions, offers, timeline, homes not sent and why',
        tags: TAGS,
        params: Params,
        response: { 200: ReferralDetail, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!UUID.test(req.params.referralId)) return notFoundReply(reply, 'referral');
      const tenant = req.auth!.tenant;
      const v = await withTenant(app.db, tenant, (trx) =>
        readReferralForLa(trx, tenant, req.params.referralId, app.config.today(), now()),
      );
      return {
        id: v.row.id,
        reference: v.row.reference,
        childRef: v.row.childRef,
        status: v.state.status,
        stage: v.state.stage,
        submittedAt: v.state.submittedAt,
        outcome: v.state.outcome,
        placement: v.state.placement
          ? {
              placementType: v.state.placement.placementType,
              startOn: v.state.placement.startOn,
              homeId: v.state.placement.homeId,
            }
          : null,
        ageYears: v.referral.child.ageYears,
        latestStart: v.referral.requirements.latestStart,
        recipients: v.recipients.map((r) => ({
          id: r.id,
          homeId: r.homeId,
          homeName: r.homeName,
          providerName: r.providerName,
          stage: r.stage,
          status: r.status,
          respondBy: r.respondBy,
          score: r.score,
          max: r.max,
          offer: r.offer
            ? {
                bedId: r.offer.vacancyId,
                bedLabel: r.offer.bedLabel,
                startOn: r.offer.startOn,
                weeklyPricePence: r.offer.weeklyPrice ?? null,
                expiresAt: r.offer.expiresAt,
                open: r.offer.open,
              }
            : null,
          decline: r.decline,
          openQuestions: r.openQuestions.map((q) => ({ id: q.id, body: q.body, at: q.at })),
          vacancy: r.vacancy
            ? {
                bedId: r.vacancy.bedId,
                filled: r.vacancy.filled,
                phase: r.vacancy.clock?.phase ?? null,
                nextPhaseOn: r.vacancy.clock?.nextPhaseOn ?? null,
                holdEndsOn: r.vacancy.clock?.holdEndsOn ?? null,
              }
            : null,
        })),
        notSent: v.notSent.map((n) => ({ homeName: n.homeName, stage: n.stage, reasons: n.reasons })),
        timeline: v.timeline.map((e) => ({
          at: e.at,
          type: e.type,
          label: e.label,
          text: e.text,
          homeName: e.homeName,
        })),
        widen: v.widen.allowed
          ? { allowed: true, to: v.widen.to }
          : { allowed: false, reason: v.widen.reason },
      };
    },
  );

  api.post(
    '/api/v1/referrals/:referralId/widen',
    {
      preValidation: [officers, ownReferral],
      schema: {
        summary: 'Widen the search to the next stage (framework providers, then an open search) and send',
        tags: TAGS,
        params: Params,
        response: { 200: Routing, ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, (trx) =>
        widenReferralSearch(trx, tenant, {
          referralId: req.params.referralId,
          now: now(),
          today: app.config.today(),
        }),
      );
    },
  );

  api.post(
    '/api/v1/referrals/:referralId/send',
    {
      preValidation: [officers, ownReferral],
      schema: {
        summary:
          'Send the referral again at its stage: to homes that fit and have not had it (new vacancies)',
        tags: TAGS,
        params: Params,
        response: { 200: Routing, ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, (trx) =>
        routeAgain(trx, tenant, { referralId: req.params.referralId, now: now(), today: app.config.today() }),
      );
    },
  );

  api.post(
    '/api/v1/referrals/:referralId/send-to-homes',
    {
      preValidation: [officers, ownReferral],
      schema: {
        summary:
          'Send the referral to homes you picked (targeted): homes that do not fit are refused with reasons',
        tags: TAGS,
        params: Params,
        body: z.strictObject({ homeIds: z.array(z.string()).min(1).max(50) }),
        response: { 200: Routing.omit({ stage: true }).extend({ referralId: z.string() }), ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, (trx) =>
        sendToHomes(trx, tenant, {
          referralId: req.params.referralId,
          homeIds: req.body.homeIds,
          now: now(),
          today: app.config.today(),
        }),
      );
    },
  );

  api.post(
    '/api/v1/referrals/:referralId/withdraw',
    {
      preValidation: [officers, ownReferral],
      schema: {
        summary: 'Withdraw the referral: every home it is still with is told',
        tags: TAGS,
        params: Params,
        body: z.strictObject({ note: z.string().optional() }),
        response: { 200: z.object({ status: z.string() }), ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      await withTenant(app.db, tenant, (trx) =>
        endReferral(trx, tenant, {
          referralId: req.params.referralId,
          how: 'withdraw',
          note: req.body.note,
          now: now(),
          today: app.config.today(),
        }),
      );
      return { status: 'withdrawn' };
    },
  );

  api.post(
    '/api/v1/referrals/:referralId/close',
    {
      preValidation: [officers, ownReferral],
      schema: {
        summary: 'Close the referral with where the child went (or that no placement was found)',
        tags: TAGS,
        params: Params,
        body: z.strictObject({
          outcome: code(REFERRAL_OUTCOMES),
          placementType: code(PLACEMENT_TYPES).optional(),
          startOn: Day.optional(),
          note: z.string().optional(),
        }),
        response: { 200: z.object({ status: z.string() }), ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      await withTenant(app.db, tenant, (trx) =>
        endReferral(trx, tenant, {
          referralId: req.params.referralId,
          how: 'close',
          ...req.body,
          now: now(),
          today: app.config.today(),
        }),
      );
      return { status: 'closed' };
    },
  );

  api.post(
    '/api/v1/referrals/:referralId/recipients/:recipientId/answers',
    {
      preValidation: [officers, ownReferral],
      schema: {
        summary: 'Answer a provider’s question (both sides see the thread)',
        tags: TAGS,
        params: CopyParams,
        body: z.strictObject({ questionId: z.string(), body: z.string() }),
        response: { 201: z.object({ status: z.string() }), ...Errors },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const r = await withTenant(app.db, tenant, (trx) =>
        answerQuestion(trx, tenant, {
          ...req.params,
          questionId: req.body.questionId,
          body: req.body.body,
          now: now(),
        }),
      );
      return reply.code(201).send({ status: r.state.status });
    },
  );

  api.post(
    '/api/v1/referrals/:referralId/recipients/:recipientId/accept',
    {
      preValidation: [officers, ownReferral],
      schema: {
        summary: 'Accept an offer: the placement is written into the bed ledger in the same transaction',
        description:
          'Other LAs’ copies for the bed end (they are told). Two acceptances of one bed at once cannot both succeed: the second gets 409 bed-unavailable and nothing of it is written.',
        tags: TAGS,
        params: CopyParams,
        response: {
          200: z.object({
            placementId: z.string(),
            referralId: z.string(),
            homeName: z.string(),
            startOn: z.string(),
            vacancyFilled: z.number(),
          }),
          ...Errors,
        },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, (trx) => acceptOffer(trx, tenant, { ...req.params, now: now() }));
    },
  );

  api.post(
    '/api/v1/referrals/:referralId/recipients/:recipientId/refuse',
    {
      preValidation: [officers, ownReferral],
      schema: {
        summary: 'Refuse an offer, with a reason code',
        tags: TAGS,
        params: CopyParams,
        body: z.strictObject({ reason: code(DECLINE_REASONS), note: z.string().optional() }),
        response: { 200: z.object({ status: z.string() }), ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const r = await withTenant(app.db, tenant, (trx) =>
        refuseOffer(trx, tenant, { ...req.params, reason: req.body.reason, note: req.body.note, now: now() }),
      );
      return { status: r.state.status };
    },
  );
}
