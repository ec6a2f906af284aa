/**
 * Ranking, both ways round. A provider sees every live referral routed to it ranked against each
 * of its vacancies (the soft block's point: the provider chooses the best match among several
 * LAs' children); an LA sees candidate homes ranked for its referral. Referrals or homes that fail
 * a hard rule are listed apart with their reasons, never silently dropped.
 */
import type { Referral } from '../referrals/profile.ts';
import type { EligibilityFailure } from './eligibility.ts';
import { type MatchOptions, type MatchResult, scoreMatch } from './score.ts';
import type { MatchTarget } from './target.ts';

type Eligible = Extract<MatchResult, { eligible: true }>;

export interface RankedReferral {
  referralId: string;
  /** 1 for the best match; referrals with equal scores share nothing: ties are broken (see below). */
  rank: number;
  match: Eligible;
}

export interface IneligibleReferral {
  referralId: string;
  failures: EligibilityFailure[];
}

export interface VacancyRanking {
  homeId: string;
  vacancyId: string | null;
  ranked: RankedReferral[];
  ineligible: IneligibleReferral[];
}

/**
 * Orders eligible matches: higher score first; then the child waiting longer; then the referral
 * id, so the same inputs always give the same order.
 */
function byScore<T extends { match: Eligible; createdOn: string; id: string }>(a: T, b: T): number {
  return b.match.score - a.match.score || a.createdOn.localeCompare(b.createdOn) || a.id.localeCompare(b.id);
}

/** Every referral ranked against one home or vacancy. */
export function rankReferrals(
  target: MatchTarget,
  referrals: readonly Referral[],
  options: MatchOptions,
): VacancyRanking {
  const scored: Array<{ id: string; createdOn: string; match: Eligible }> = [];
  const ineligible: IneligibleReferral[] = [];
  for (const r of referrals) {
    const m = scoreMatch(r, target, options);
    if (m.eligible) scored.push({ id: r.id, createdOn: r.createdOn, match: m });
    else ineligible.push({ referralId: r.id, failures: m.failures });
  }
  scored.sort(byScore);
  return {
    homeId: target.home.id,
    vacancyId: target.vacancy?.id ?? null,
    ranked: scored.map((s, i) => ({ referralId: s.id, rank: i + 1, match: s.match })),
    ineligible,
  };
}

/**
 * The provider's inbox: each vacancy with the live referrals routed to the provider ranked
 * against it. `routedTo(referralId)` may limit which referrals each home may see (tenancy: a
 * provider sees only referrals routed to it); by default every referral given is considered.
 */
export function rankForProvider(
  targets: readonly MatchTarget[],
  referrals: readonly Referral[],
  options: MatchOptions,
  routedTo: (referral: Referral, target: MatchTarget) => boolean = () => true,
): VacancyRanking[] {
  return targets.map((t) =>
    rankReferrals(
      t,
      referrals.filter((r) => routedTo(r, t)),
      options,
    ),
  );
}

export interface RankedHome {
  homeId: string;
  vacancyId: string | null;
  rank: number;
  match: Eligible;
}

export interface IneligibleHome {
  homeId: string;
  vacancyId: string | null;
  failures: EligibilityFailure[];
}

/** Candidate homes (or vacancies) ranked for one referral: the LA's view. */
export function rankHomes(
  referral: Referral,
  targets: readonly MatchTarget[],
  options: MatchOptions,
): { ranked: RankedHome[]; ineligible: IneligibleHome[] } {
  const scored: Array<{ id: string; createdOn: string; target: MatchTarget; match: Eligible }> = [];
  const ineligible: IneligibleHome[] = [];
  for (const t of targets) {
    const m = scoreMatch(referral, t, options);
    const vacancyId = t.vacancy?.id ?? null;
    const id = `${t.home.id}\u0000${vacancyId ?? ''}`;
    if (m.eligible) scored.push({ id, createdOn: '', target: t, match: m });
    else ineligible.push({ homeId: t.home.id, vacancyId, failures: m.failures });
  }
  scored.sort(byScore);
  return {
    ranked: scored.map((s, i) => ({
      homeId: s.target.home.id,
      vacancyId: s.target.vacancy?.id ?? null,
      rank: i + 1,
      match: s.match,
    })),
    ineligible,
  };
}
