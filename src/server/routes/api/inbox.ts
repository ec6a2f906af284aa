/**
 * The provider's inbox over the API: every live referral routed to it with its deadline, ranked
 * per home by the match score with its reasons; one copy (the anonymised profile, or the fuller
 * papers once interested; never names or dates of birth); and the responses: interest, a question,
 * shortlist, an offer of a bed, a decline with a reason code. Every view is audited. The copy is
 * checked before the body, so another provider's copy answers exactly as a missing one does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readInbox } from '../../../app/referrals/inbox.ts';
import { readCopyForProvider } from '../../../app/referrals/read-referrals.ts';
import {
  askQuestion,
  declineReferral,
  expressInterest,
  makeOffer,
  shortlistReferral,
  viewAsProvider,
} from '../../../app/referrals/respond-to-referral.ts';
import { findRecipient } from '../../../db/queries/referrals.ts';
import { withTenant } from '../../../db/tenant.ts';
import { DECLINE_REASONS } from '../../../domain/shared/codes.ts';
import { requireAuth } from '../../http/auth.ts';
import { ErrorBody } from './basics.ts';

const TAGS = ['Referral inbox'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const now = () => new Date().toISOString();
const Errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

const Reason = z.object({ factor: z.string(), points: z.number(), max: z.number(), text: z.string() });
const Item = z.object({
  recipientId: z.string(),
  referralId: z.string(),
  laName: z.string(),
  laCode: z.string(),
  homeId: z.string(),
  homeName: z.string(),
  status: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  openQuestions: z.number(),
  ageYears: z.number(),
  sex: z.string(),
  primaryNeed: z.string(),
  risks: z.array(z.string()).readonly(),
  neededBy: z.string(),
  latestStart: z.string(),
});
const InboxBody = z.object({
  items: z.array(Item),
  homes: z.array(
    z.object({
      homeId: z.string(),
      homeName: z.string(),
      freeBeds: z.array(z.object({ id: z.string(), label: z.string() })),
      residents: z.number(),
      hold: z
        .object({ phaseLabel: z.string(), nextPhaseOn: z.string().nullable(), contractName: z.string() })
        .nullable(),
      ranked: z.array(
        z.object({
          rank: z.number(),
          item: Item,
          score: z.number(),
          max: z.number(),
          reasons: z.array(Reason),
        }),
      ),
      ineligible: z.array(
        z.object({ item: Item, failures: z.array(z.object({ rule: z.string(), message: z.string() })) }),
      ),
    }),
  ),
});

/** The shared fields a provider may see: the profile, and the papers' extra fields once interested. */
const SharedReferral = z.object({
  referralId: z.string(),
  laCode: z.string(),
  createdOn: z.string(),
  ageYears: z.number(),
  sex: z.string(),
  primaryNeed: z.string(),
  risks: z.array(z.string()),
  neededBy: z.string(),
  latestStart: z.string(),
  siblingCount: z.number(),
  familyPostcodeSector: z.string().optional(),
  keepSchool: z.boolean(),
  communicationNeeds: z.string(),
  homeAdaptationRequired: z.boolean(),
  culturalNeeds: z.string(),
  livingCompanions: z.string(),
  pets: z.string(),
  additionalSupport: z.array(z.string()),
  deprivationOfLiberty: z.boolean(),
  suitability: z.record(z.string(), z.string()),
  penPortrait: z.string(),
  riskOther: z.string().optional(),
  riskToOthersOther: z.string().optional(),
  legalStatus: z.string().optional(),
  isPreferredLocationLocal: z.boolean().optional(),
  outOfLaReason: z.string().optional(),
  outOfLaReasonOther: z.string().optional(),
  preferredLocationNote: z.string().optional(),
  schoolPostcodeSector: z.string().optional(),
  communicationRequirements: z.array(z.string()).optional(),
  communicationOther: z.string().optional(),
  culturalNeedsOther: z.string().optional(),
  additionalSupportOther: z.string().optional(),
});

const CopyBody = z.object({
  recipientId: z.string(),
  laName: z.string(),
  homeId: z.string().nullable(),
  homeName: z.string().nullable(),
  status: z.string(),
  stage: z.string(),
  respondBy: z.string(),
  openQuestions: z.number(),
  sharing: z.enum(['profile', 'papers']),
  referral: SharedReferral,
  match: z.union([
    z.object({ eligible: z.literal(true), score: z.number(), max: z.number(), reasons: z.array(Reason) }),
    z.object({
      eligible: z.literal(false),
      failures: z.array(z.object({ rule: z.string(), message: z.string() })),
    }),
    z.null(),
  ]),
  offer: z
    .object({
      bedId: z.string(),
      startOn: z.string(),
      weeklyPricePence: z.number().nullable(),
      expiresAt: z.string(),
    })
    .nullable(),
  freeBeds: z.array(z.object({ id: z.string(), label: z.string() })),
  thread: z.array(
    z.object({ id: z.string(), kind: z.string(), body: z.string(), at: z.date(), authorOrgName: z.string() }),
  ),
});

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const managers = requireAuth({ roles: ['provider-manager'], orgKinds: ['provider'] });
  const Params = z.object({ recipientId: z.string() });

  /** preValidation: the provider's own copy must exist, else 404 before the body is read. */
  const ownCopy = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.auth || reply.sent) return;
    const { recipientId } = req.params as { recipientId?: string };
    const tenant = req.auth.tenant;
    const ok =
      UUID.test(recipientId ?? '') &&
      (await withTenant(app.db, tenant, async (trx) => {
        const r = await findRecipient(trx, recipientId!);
        return Boolean(r && r.provider_org_id === tenant.orgId);
      }));
    if (!ok) return reply.code(404).send({ error: { code: 'not-found', message: 'No such referral' } });
  };

  api.get(
    '/api/v1/inbox',
    {
      preHandler: managers,
      schema: {
        summary:
          'Your vacancy inbox: live referrals from every LA, with deadlines, ranked per home with reasons',
        tags: TAGS,
        response: { 200: InboxBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const inbox = await withTenant(app.db, tenant, (trx) =>
        readInbox(trx, tenant, app.config.today(), now()),
      );
      return {
        items: inbox.items,
        homes: inbox.homes.map((h) => ({
          homeId: h.home.id,
          homeName: h.home.name,
          freeBeds: h.freeBeds,
          residents: h.residents,
          hold: h.hold,
          ranked: h.ranked.map((x) => ({
            rank: x.rank,
            item: x.item,
            score: x.match.score,
            max: x.match.max,
            reasons: x.match.reasons,
          })),
          ineligible: h.ineligible,
        })),
      };
    },
  );

  api.get(
    '/api/v1/inbox/:recipientId',
    {
      preHandler: [managers, ownCopy],
      schema: {
        summary:
          'One referral as shared with you (profile; fuller papers once interested), its match and thread',
        tags: TAGS,
        params: Params,
        response: { 200: CopyBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const v = await withTenant(app.db, tenant, async (trx) => {
        await viewAsProvider(trx, tenant, req.params.recipientId, now());
        return readCopyForProvider(trx, tenant, req.params.recipientId, app.config.today(), now());
      });
      const m = v.match;
      return {
        recipientId: v.recipient.id,
        laName: v.laName,
        homeId: v.home?.id ?? null,
        homeName: v.home?.name ?? null,
        status: v.recipient.status,
        stage: v.recipient.stage,
        respondBy: v.recipient.respondBy,
        openQuestions: v.recipient.openQuestionIds.length,
        sharing: v.sharing,
        referral: v.view as z.infer<typeof SharedReferral>,
        match:
          m === null
            ? null
            : m.eligible
              ? { eligible: true as const, score: m.score, max: m.max, reasons: m.reasons }
              : { eligible: false as const, failures: m.failures },
        offer: v.recipient.offer
          ? {
              bedId: v.recipient.offer.vacancyId,
              startOn: v.recipient.offer.startOn,
              weeklyPricePence: v.recipient.offer.weeklyPrice ?? null,
              expiresAt: v.recipient.offer.expiresAt,
            }
          : null,
        freeBeds: v.freeBeds,
        thread: v.thread.map((t) => ({
          id: t.id,
          kind: t.kind,
          body: t.body,
          at: t.at,
          authorOrgName: t.authorOrgName,
        })),
      };
    },
  );

  const Status = z.object({ status: z.string() });
  api.post(
    '/api/v1/inbox/:recipientId/interest',
    {
      preValidation: [managers, ownCopy],
      schema: {
        summary: 'Say you are interested: the fuller papers are released to you',
        tags: TAGS,
        params: Params,
        response: { 200: Status, ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const r = await withTenant(app.db, tenant, (trx) =>
        expressInterest(trx, tenant, { recipientId: req.params.recipientId, now: now() }),
      );
      return { status: r.state.status };
    },
  );

  api.post(
    '/api/v1/inbox/:recipientId/shortlist',
    {
      preValidation: [managers, ownCopy],
      schema: {
        summary: 'Shortlist the referral',
        tags: TAGS,
        params: Params,
        response: { 200: Status, ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const r = await withTenant(app.db, tenant, (trx) =>
        shortlistReferral(trx, tenant, { recipientId: req.params.recipientId, now: now() }),
      );
      return { status: r.state.status };
    },
  );

  api.post(
    '/api/v1/inbox/:recipientId/questions',
    {
      preValidation: [managers, ownCopy],
      schema: {
        summary:
          'Ask the referring LA a question (both sides see the thread; your deadline waits for the answer)',
        tags: TAGS,
        params: Params,
        body: z.strictObject({ body: z.string() }),
        response: { 201: z.object({ questionId: z.string(), status: z.string() }), ...Errors },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const r = await withTenant(app.db, tenant, (trx) =>
        askQuestion(trx, tenant, { recipientId: req.params.recipientId, body: req.body.body, now: now() }),
      );
      return reply.code(201).send({ questionId: r.questionId, status: r.state.status });
    },
  );

  api.post(
    '/api/v1/inbox/:recipientId/offer',
    {
      preValidation: [managers, ownCopy],
      schema: {
        summary:
          'Offer a bed in the home: start date and, optionally, the weekly price (the contract’s price otherwise)',
        tags: TAGS,
        params: Params,
        body: z.strictObject({
          bedId: z.string(),
          startOn: z.string().describe('YYYY-MM-DD'),
          weeklyPricePence: z.number().int().positive().optional(),
        }),
        response: { 200: z.object({ status: z.string(), expiresAt: z.string() }), ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const r = await withTenant(app.db, tenant, (trx) =>
        makeOffer(trx, tenant, {
          recipientId: req.params.recipientId,
          ...req.body,
          now: now(),
          today: app.config.today(),
        }),
      );
      return { status: r.state.status, expiresAt: r.state.offer!.expiresAt };
    },
  );

  api.post(
    '/api/v1/inbox/:recipientId/decline',
    {
      preValidation: [managers, ownCopy],
      schema: {
        summary: 'Decline the referral with a reason code',
        tags: TAGS,
        params: Params,
        body: z.strictObject({
          reason: z.enum(Object.keys(DECLINE_REASONS) as [string]),
          note: z.string().optional(),
        }),
        response: { 200: Status, ...Errors },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      const r = await withTenant(app.db, tenant, (trx) =>
        declineReferral(trx, tenant, {
          recipientId: req.params.recipientId,
          reason: req.body.reason,
          note: req.body.note,
          now: now(),
        }),
      );
      return { status: r.state.status };
    },
  );
}
