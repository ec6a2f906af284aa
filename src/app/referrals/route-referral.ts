/**
 * Routing a submitted referral (docs/referrals.md §5): who may receive it at each stage, sent in
 * the LA's transaction. Candidates are every open home in the directory, each with the earliest
 * stage at which this LA may reach it: `block` for free beds in soft blocks the LA takes part in,
 * `framework` for providers on a framework it uses, `open` otherwise (`targeted` for homes the LA
 * picked). The pure planner (`planRouting`) decides who is sent, who is refused and why, which beds
 * are held for others, and who is over the cap; this module stores the result.
 *
 * The LA cannot see other LAs' children, so routing scores without residents (compatibility counts
 * in full); the provider's inbox ranks with its residents.
 */

import {
  appendEvents,
  type EventRecord,
  type ReferralRow,
  recipientState,
  recipientsOf,
} from '../../db/queries/referrals.ts';
import {
  type BlockVacancy,
  blockVacancies,
  frameworkProviders,
  openHomes,
} from '../../db/queries/referrals-homes.ts';
import { insertRecipients } from '../../db/queries/referrals-intake.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import type { HomeProfile } from '../../domain/directory/home.ts';
import { type MatchOptions, matchOptions } from '../../domain/matching/score.ts';
import { type HoldPolicy, holdClock, type LaRelation } from '../../domain/referrals/hold-clock.ts';
import { formatLondonTime, type Instant } from '../../domain/referrals/instant.ts';
import type { Referral } from '../../domain/referrals/profile.ts';
import {
  DEFAULT_ROUTING_POLICY,
  planRouting,
  type RoutingCandidate,
  type RoutingPlan,
  type RoutingPolicy,
} from '../../domain/referrals/routing.ts';
import type { RoutingStage } from '../../domain/shared/codes.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { notify } from '../notifications/notify.ts';

/** A contract's hold: its `vacancy.holdDays`; the first half (rounded up) for the block's partners. */
export function holdPolicyOf(terms: unknown): HoldPolicy {
  const days = (terms as { vacancy?: { holdDays?: unknown } } | null)?.vacancy?.holdDays;
  const holdDays = typeof days === 'number' && Number.isInteger(days) && days >= 0 ? days : 0;
  return { holdDays, partnersOnlyDays: Math.ceil(holdDays / 2) };
}

/**
 * The routing policy. Contract terms do not (yet) carry an admissions and matching policy, so
 * every referral uses the defaults: 48 hours to respond, 72 to decide after interest, 48 for the
 * LA to accept an offer, and at most 10 providers.
 */
export function routingPolicy(): RoutingPolicy {
  return DEFAULT_ROUTING_POLICY;
}

export function routingMatchOptions(today: LocalDate): MatchOptions {
  return matchOptions(today);
}

export interface CandidateSet {
  candidates: RoutingCandidate[];
  homes: Map<string, HomeProfile>;
  /** The block vacancy each candidate home was offered under, if any. */
  vacancies: Map<string, BlockVacancy>;
}

function relationOf(v: BlockVacancy, tenant: Tenant): LaRelation {
  if (v.partyOrgIds.includes(tenant.orgId) || v.leadOrgId === tenant.orgId) return 'partner';
  return v.regionCode === tenant.regionCode ? 'consortium' : 'other';
}

/**
 * Every home this LA may send to, with the stage it belongs to. With `homeIds`, only those homes,
 * all at the `targeted` stage (the LA picked them from the directory).
 */
export async function candidatesFor(
  trx: Tx,
  tenant: Tenant,
  today: LocalDate,
  opts: { homeIds?: readonly string[] } = {},
): Promise<CandidateSet> {
  const vacancies = new Map<string, BlockVacancy>();
  for (const v of await blockVacancies(trx, today)) {
    const have = vacancies.get(v.homeId);
    // Prefer the block this LA is a partner in, then the one with most free beds.
    const better =
      !have ||
      (relationOf(v, tenant) === 'partner' && relationOf(have, tenant) !== 'partner') ||
      (relationOf(v, tenant) === relationOf(have, tenant) && v.bedIds.length > have.bedIds.length);
    if (better) vacancies.set(v.homeId, v);
  }
  const framework = new Set(opts.homeIds ? [] : await frameworkProviders(trx, tenant.orgId, today));
  const homes = await openHomes(trx, opts.homeIds ? { ids: opts.homeIds } : {});
  const candidates: RoutingCandidate[] = [];
  for (const home of homes) {
    const v = vacancies.get(home.id);
    if (v && (v.contractKind === 'soft-block' || v.contractKind === 'hard-block')) {
      const relation = relationOf(v, tenant);
      const clock = holdClock(v.freeSince ?? today, holdPolicyOf(v.terms), today);
      candidates.push({
        target: {
          home,
          residents: [],
          vacancy: { id: v.bedIds[0]!, beds: v.bedIds.length, availableFrom: today },
        },
        stage: opts.homeIds ? 'targeted' : relation === 'partner' ? 'block' : 'open',
        hold: { phase: clock.phase, laRelation: relation, nextPhaseOn: clock.nextPhaseOn },
      });
    } else {
      candidates.push({
        target: { home, residents: [] },
        stage: opts.homeIds ? 'targeted' : framework.has(home.providerOrgId) ? 'framework' : 'open',
      });
    }
  }
  return { candidates, homes: new Map(homes.map((h) => [h.id, h])), vacancies };
}

export interface RoutedHome {
  recipientId: string;
  homeId: string;
  homeName: string;
  providerOrgId: string;
  providerName: string;
  score: number;
  max: number;
  respondBy: Instant;
}

export interface RoutingSummary {
  stage: RoutingStage;
  sent: RoutedHome[];
  refused: Array<{ homeId: string; homeName: string; providerName: string; reasons: string[] }>;
  /** Refused homes left out of `refused` (an open search may rule out many). */
  refusedMore: number;
  held: Array<{ homeId: string; homeName: string; message: string }>;
  overCap: Array<{ homeId: string; homeName: string }>;
}

/** The most refused homes a routing record lists (the block stage's few are always all listed). */
const REFUSED_LISTED = 50;

/**
 * Plans routing at `stage` and sends: recipient rows with their deadlines and scores, a `routed`
 * event for each (the provider sees it), a `routing` event for the LA with who was not sent and
 * why, and a notification to each provider.
 */
export async function routeAtStage(
  trx: Tx,
  tenant: Tenant,
  input: {
    row: ReferralRow;
    referral: Referral;
    laName: string;
    stage: RoutingStage;
    set: CandidateSet;
    now: Instant;
    today: LocalDate;
  },
): Promise<RoutingSummary> {
  const already = (await recipientsOf(trx, input.row.id)).map(recipientState);
  const policy = routingPolicy();
  // One copy per home, whatever vacancy it was first sent against.
  const sentHomes = new Set(already.map((r) => r.homeId));
  const candidates = input.set.candidates.filter((c) => !sentHomes.has(c.target.home.id));
  const plan: RoutingPlan = planRouting(input.referral, candidates, {
    stage: input.stage,
    already,
    policy,
    match: routingMatchOptions(input.today),
    now: input.now,
  });
  const home = (id: string) => input.set.homes.get(id);
  const sent: RoutedHome[] = [];
  if (plan.send.length > 0) {
    const rows = await insertRecipients(
      trx,
      plan.send.map((s) => ({
        referral_id: input.row.id,
        org_id: tenant.orgId,
        provider_org_id: s.providerOrgId,
        home_id: s.homeId,
        stage: s.stage,
        status: 'routed',
        routed_at: new Date(input.now),
        respond_by: s.respondBy,
        vacancy_bed_id: s.vacancyId,
        contract_id: s.vacancyId ? (input.set.vacancies.get(s.homeId)?.contractId ?? null) : null,
        match_score: s.match.score,
        match_max: s.match.max,
      })),
    );
    const idOf = new Map(rows.map((r) => [r.homeId, r.id]));
    for (const s of plan.send) {
      const h = home(s.homeId)!;
      sent.push({
        recipientId: idOf.get(s.homeId)!,
        homeId: s.homeId,
        homeName: h.name,
        providerOrgId: s.providerOrgId,
        providerName: h.providerName,
        score: s.match.score,
        max: s.match.max,
        respondBy: s.respondBy,
      });
    }
  }
  const summary: RoutingSummary = {
    stage: input.stage,
    sent,
    refused: plan.refused.slice(0, REFUSED_LISTED).map((r) => ({
      homeId: r.homeId,
      homeName: home(r.homeId)?.name ?? 'A home',
      providerName: home(r.homeId)?.providerName ?? '',
      reasons: r.failures.map((f) => f.message),
    })),
    refusedMore: Math.max(0, plan.refused.length - REFUSED_LISTED),
    held: plan.held.map((h) => ({
      homeId: h.homeId,
      homeName: home(h.homeId)?.name ?? 'A home',
      message: h.message,
    })),
    overCap: plan.overCap.map((o) => ({ homeId: o.homeId, homeName: home(o.homeId)?.name ?? 'A home' })),
  };
  const events: EventRecord[] = sent.map((s) => ({
    referralId: input.row.id,
    laOrgId: tenant.orgId,
    recipientId: s.recipientId,
    providerOrgId: s.providerOrgId,
    type: 'routed',
    at: input.now,
    detail: { stage: input.stage, homeName: s.homeName, respondBy: s.respondBy, score: s.score, max: s.max },
  }));
  events.push({
    referralId: input.row.id,
    laOrgId: tenant.orgId,
    type: 'routing',
    at: input.now,
    detail: {
      stage: summary.stage,
      sent: summary.sent.map((s) => ({ homeId: s.homeId, homeName: s.homeName, score: s.score, max: s.max })),
      refused: summary.refused,
      refusedMore: summary.refusedMore,
      held: summary.held,
      overCap: summary.overCap,
    },
  });
  await appendEvents(trx, { orgId: tenant.orgId, userId: tenant.userId }, events);
  await notify(
    trx,
    sent.map((s) => ({
      orgId: s.providerOrgId,
      kind: 'referral-routed',
      title: `New referral from ${input.laName} for ${s.homeName}`,
      body: `Please respond by ${formatLondonTime(s.respondBy)}.`,
      link: `/inbox/${s.recipientId}`,
      referralId: input.row.id,
    })),
  );
  return summary;
}
