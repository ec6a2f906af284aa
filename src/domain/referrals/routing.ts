/**
 * Routing: who a referral goes to, in what order. First the vacancies in soft blocks the LA takes
 * part in, where the home's registration and statement of purpose fit; after the response window
 * in the contract's admissions and matching policy the LA may widen to framework providers, then
 * to an open search. A cap limits how many providers one referral reaches, so the best-fitting
 * homes hear about a child and the rest are not sent referrals they will only decline.
 */
import type { EligibilityFailure } from '../matching/eligibility.ts';
import { type MatchOptions, type MatchResult, scoreMatch } from '../matching/score.ts';
import type { MatchTarget } from '../matching/target.ts';
import type { RoutingStage } from '../shared/codes.ts';
import { formatLongDate, type LocalDate } from '../shared/dates.ts';
import { HOLD_PHASES, type HoldPhase, type LaRelation, phaseAdmits } from './hold-clock.ts';
import { addHours, formatLondonTime, type Instant, isAtOrAfter, normaliseInstant } from './instant.ts';
import type { ReferralEvent, ReferralState } from './lifecycle.ts';
import type { Referral } from './profile.ts';
import { isLive, type RecipientState } from './recipient.ts';
import { moved, refuse, type Transition } from './transition.ts';

/** The timing and reach rules of a contract's admissions and matching policy. */
export interface RoutingPolicy {
  /** Hours the providers at one stage have to respond before the LA may widen the search. */
  responseWindowHours: number;
  /** Hours a provider that has shown interest has to offer or decline. */
  decisionWindowHours: number;
  /** Hours an offer stays open for the LA to accept. */
  offerWindowHours: number;
  /** Most provider organisations one referral may reach, over all stages. */
  maxProviders: number;
}

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = {
  responseWindowHours: 48,
  decisionWindowHours: 72,
  offerWindowHours: 48,
  maxProviders: 10,
};

/** Stages in the order a search widens; a targeted send (homes the LA picked) ranks with open. */
export const STAGE_ORDER: readonly RoutingStage[] = ['block', 'framework', 'open'];
export function stageRank(stage: RoutingStage): number {
  return stage === 'targeted' ? 2 : STAGE_ORDER.indexOf(stage);
}

export interface RoutingCandidate {
  target: MatchTarget;
  /**
   * The earliest stage at which this LA may send to this home: 'block' when the LA is a partner
   * in a soft block covering it, 'framework' when the provider is on a framework the LA uses,
   * 'open' otherwise ('targeted' when the LA picked it from the directory).
   */
  stage: RoutingStage;
  /** For a held vacancy: the clock's phase and how this LA stands to the vacancy's contract. */
  hold?: { phase: HoldPhase; laRelation: LaRelation; nextPhaseOn: LocalDate | null };
}

type Eligible = Extract<MatchResult, { eligible: true }>;
type Where = { homeId: string; providerOrgId: string; vacancyId: string | null };

export interface RoutingPlan {
  stage: RoutingStage;
  /** Send to these, best match first, each with the provider's response deadline. */
  send: Array<Where & { stage: RoutingStage; match: Eligible; respondBy: Instant }>;
  /** Not sent: the home's registration or the vacancy rules the child out. The LA is told why. */
  refused: Array<Where & { failures: EligibilityFailure[] }>;
  /** Not sent yet: the bed is held for other LAs until a date. */
  held: Array<Where & { message: string }>;
  /** Eligible, but the cap on providers was reached. */
  overCap: Where[];
}

const where = (c: RoutingCandidate): Where => ({
  homeId: c.target.home.id,
  providerOrgId: c.target.home.providerOrgId,
  vacancyId: c.target.vacancy?.id ?? null,
});
const key = (w: { homeId: string; vacancyId: string | null }) => `${w.homeId}\u0000${w.vacancyId ?? ''}`;

/**
 * Who to send a referral to at `stage`: candidates whose stage has been reached, not already
 * sent, eligible, admitted by the hold clock; best match first until the provider cap is met
 * (homes of a provider already reached cost nothing against the cap).
 */
export function planRouting(
  referral: Referral,
  candidates: readonly RoutingCandidate[],
  ctx: {
    stage: RoutingStage;
    already: readonly RecipientState[];
    policy: RoutingPolicy;
    match: MatchOptions;
    now: Instant;
  },
): RoutingPlan {
  const plan: RoutingPlan = { stage: ctx.stage, send: [], refused: [], held: [], overCap: [] };
  const sent = new Set(ctx.already.map(key));
  const providers = new Set(ctx.already.map((r) => r.providerOrgId));
  const eligible: Array<{ c: RoutingCandidate; match: Eligible }> = [];
  for (const c of candidates) {
    const w = where(c);
    if (stageRank(c.stage) > stageRank(ctx.stage) || sent.has(key(w))) continue;
    const m = scoreMatch(referral, c.target, ctx.match);
    if (!m.eligible) {
      plan.refused.push({ ...w, failures: m.failures });
    } else if (c.hold && !phaseAdmits(c.hold.phase, c.hold.laRelation)) {
      const until = c.hold.nextPhaseOn ? ` until ${formatLongDate(c.hold.nextPhaseOn)}` : '';
      plan.held.push({ ...w, message: `${HOLD_PHASES[c.hold.phase]}${until}.` });
    } else {
      eligible.push({ c, match: m });
    }
  }
  eligible.sort((a, b) => b.match.score - a.match.score || key(where(a.c)).localeCompare(key(where(b.c))));
  const respondBy = addHours(ctx.now, ctx.policy.responseWindowHours);
  for (const { c, match } of eligible) {
    const w = where(c);
    if (!providers.has(w.providerOrgId) && providers.size >= ctx.policy.maxProviders) {
      plan.overCap.push(w);
      continue;
    }
    providers.add(w.providerOrgId);
    plan.send.push({ ...w, stage: c.stage, match, respondBy });
  }
  return plan;
}

/**
 * The stage a new referral starts at: the first with a home that fits and is admitted now. An LA
 * in no soft block, or whose block homes cannot take this child, starts at once with framework
 * providers rather than waiting out a window nobody can answer.
 */
export function initialStage(
  referral: Referral,
  candidates: readonly RoutingCandidate[],
  match: MatchOptions,
): RoutingStage {
  for (const stage of STAGE_ORDER) {
    const fits = candidates.some(
      (c) =>
        stageRank(c.stage) === stageRank(stage) &&
        scoreMatch(referral, c.target, match).eligible &&
        (!c.hold || phaseAdmits(c.hold.phase, c.hold.laRelation)),
    );
    if (fits) return stage;
  }
  return 'open';
}

export type WidenCheck =
  | { allowed: true; to: RoutingStage }
  | { allowed: false; reason: string; notBefore?: Instant };

/**
 * Whether the LA may widen the search now: once the stage's response window has passed, or
 * sooner if every provider at this stage has already answered no (or none was sent).
 */
export function canWiden(
  s: ReferralState,
  recipients: readonly RecipientState[],
  policy: RoutingPolicy,
  now: Instant,
): WidenCheck {
  if (s.status !== 'searching' && s.status !== 'offered')
    return { allowed: false, reason: 'The referral is not searching.' };
  if (s.stage === null || s.stageStartedAt === null)
    return { allowed: false, reason: 'The referral has not been sent.' };
  const at = stageRank(s.stage);
  if (at >= STAGE_ORDER.length - 1)
    return { allowed: false, reason: 'The search is already open to every provider.' };
  const to = STAGE_ORDER[at + 1]!;
  const windowEnds = addHours(s.stageStartedAt, policy.responseWindowHours);
  if (isAtOrAfter(now, windowEnds)) return { allowed: true, to };
  const waiting = recipients.some((r) => r.referralId === s.id && r.stage === s.stage && isLive(r.status));
  if (!waiting) return { allowed: true, to };
  return {
    allowed: false,
    reason: `Providers at this stage have until ${formatLondonTime(windowEnds)} to respond.`,
    notBefore: windowEnds,
  };
}

/** Moves the referral to the next stage (an event, with its time). */
export function widenSearch(
  s: ReferralState,
  ctx: { recipients: readonly RecipientState[]; policy: RoutingPolicy },
  nowRaw: Instant,
): Transition<ReferralState, ReferralEvent> {
  const now = normaliseInstant(nowRaw);
  const check = canWiden(s, ctx.recipients, ctx.policy, now);
  if (!check.allowed) return refuse('conflict', check.reason);
  return moved({ ...s, stage: check.to, stageStartedAt: now, updatedAt: now }, [
    { referralId: s.id, at: now, type: 'search-widened', from: s.stage!, to: check.to },
  ]);
}

/** Deadlines from the policy for the steps after routing. */
export function decideBy(policy: RoutingPolicy, now: Instant): Instant {
  return addHours(now, policy.decisionWindowHours);
}
export function offerExpiresAt(policy: RoutingPolicy, now: Instant): Instant {
  return addHours(now, policy.offerWindowHours);
}
