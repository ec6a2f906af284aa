/**
 * A provider's vacancy inbox: every live referral routed to it, from every LA, with its deadline,
 * and for each of its homes the referrals routed there ranked by the transparent match score with
 * its reasons (`rankForProvider`), against the home's free beds and the children living there now
 * (age, sex, risks). One database round trip for the rows, then the engine. Audited: each
 * referral shown is a read of a child's referral.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { localAuthorities } from '../../db/queries/organisations.ts';
import { domainReferral } from '../../db/queries/referrals.ts';
import {
  blockVacancies,
  openHomes,
  providerFreeBeds,
  residentsByHome,
} from '../../db/queries/referrals-homes.ts';
import { liveCopiesByReferral, referralProfiles } from '../../db/queries/referrals-offers.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import type { HomeProfile } from '../../domain/directory/home.ts';
import type { EligibilityFailure } from '../../domain/matching/eligibility.ts';
import { rankForProvider } from '../../domain/matching/rank.ts';
import type { MatchResult } from '../../domain/matching/score.ts';
import type { MatchTarget } from '../../domain/matching/target.ts';
import { HOLD_PHASES, holdClock } from '../../domain/referrals/hold-clock.ts';
import { type Instant, normaliseInstant } from '../../domain/referrals/instant.ts';
import type { Referral } from '../../domain/referrals/profile.ts';
import { RECIPIENT_STATUSES, type RecipientState } from '../../domain/referrals/recipient.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { holdPolicyOf, routingMatchOptions } from './route-referral.ts';

type Eligible = Extract<MatchResult, { eligible: true }>;

export interface InboxItem {
  recipientId: string;
  referralId: string;
  laName: string;
  laCode: string;
  homeId: string;
  homeName: string;
  status: RecipientState['status'];
  statusLabel: string;
  /** The provider's deadline for its next step; for an open offer, when the offer lapses. */
  deadline: Instant;
  overdue: boolean;
  openQuestions: number;
  ageYears: number;
  sex: Referral['child']['sex'];
  primaryNeed: Referral['child']['primaryNeed'];
  risks: Referral['child']['risks'];
  neededBy: Referral['requirements']['neededBy'];
  latestStart: LocalDate;
}

export interface InboxHome {
  home: HomeProfile;
  freeBeds: Array<{ id: string; label: string }>;
  residents: number;
  hold: {
    phaseLabel: string;
    nextPhaseOn: LocalDate | null;
    nextLabel: string | null;
    contractName: string;
  } | null;
  ranked: Array<{ rank: number; item: InboxItem; match: Eligible }>;
  ineligible: Array<{ item: InboxItem; failures: EligibilityFailure[] }>;
}

export interface Inbox {
  items: InboxItem[];
  homes: InboxHome[];
}

/** Loads the provider's live copies and everything ranking needs (the benchmark times this). */
export async function loadInboxRows(trx: Tx, tenant: Tenant, today: LocalDate) {
  // One row per referral with its live copies here as a JSON list (a referral routed to 50 homes
  // costs one row, not 50); then each referral's profile, read once.
  const copies = await liveCopiesByReferral(trx, tenant.orgId);
  const byReferral = new Map(copies.map((c) => [c.referralId, c.copies]));
  const referrals = (await referralProfiles(trx, [...byReferral.keys()])).map((r) => ({
    ...r,
    copies: byReferral.get(r.id) ?? [],
  }));
  const las = await localAuthorities(trx);
  const homes = await openHomes(trx, { providerOrgIds: [tenant.orgId] });
  const free = await providerFreeBeds(trx, tenant.orgId, today);
  const residents = await residentsByHome(trx, tenant.orgId, today);
  const vacancies = await blockVacancies(trx, today);
  return { referrals, las, homes, free, residents, vacancies };
}

export type InboxRows = Awaited<ReturnType<typeof loadInboxRows>>;

/** Ranks the loaded rows: pure apart from the clock. */
export function rankInbox(data: InboxRows, today: LocalDate, now: Instant): Inbox {
  // Deadlines are compared as canonical ISO text (the same order as the instants, and cheaper).
  const nowText = normaliseInstant(now);
  const la = new Map(data.las.map((o) => [o.id, o]));
  const homeName = new Map(data.homes.map((h) => [h.id, h.name]));
  const referrals = new Map<string, Referral>();
  /** Home → referral → its copy there. */
  const items = new Map<string, Map<string, InboxItem>>();
  const homeIds = new Set<string>();
  for (const row of data.referrals) {
    const referral = domainReferral(row, { laCode: la.get(row.org_id)?.laCode ?? '' });
    referrals.set(row.id, referral);
    for (const [id, homeId, status, respondBy, offerExpiresAt, openQuestions] of row.copies) {
      homeIds.add(homeId);
      const deadline = status === 'offered' && offerExpiresAt ? offerExpiresAt : respondBy;
      let here = items.get(homeId);
      if (!here) {
        here = new Map();
        items.set(homeId, here);
      }
      here.set(row.id, {
        recipientId: id,
        referralId: row.id,
        laName: la.get(row.org_id)?.name ?? '',
        laCode: referral.laCode,
        homeId,
        homeName: homeName.get(homeId) ?? '',
        status,
        statusLabel: RECIPIENT_STATUSES[status],
        deadline,
        overdue: openQuestions === 0 && nowText >= deadline,
        openQuestions,
        ageYears: referral.child.ageYears,
        sex: referral.child.sex,
        primaryNeed: referral.child.primaryNeed,
        risks: referral.child.risks,
        neededBy: referral.requirements.neededBy,
        latestStart: referral.requirements.latestStart,
      });
    }
  }
  const shown = data.homes.filter((h) => homeIds.has(h.id) || (data.free.get(h.id)?.length ?? 0) > 0);
  const targets: MatchTarget[] = shown.map((home) => {
    const beds = data.free.get(home.id) ?? [];
    return {
      home,
      residents: data.residents.get(home.id) ?? [],
      ...(beds.length ? { vacancy: { id: beds[0]!.id, beds: beds.length, availableFrom: today } } : {}),
    };
  });
  const rankings = rankForProvider(targets, [...referrals.values()], routingMatchOptions(today), (r, t) =>
    Boolean(items.get(t.home.id)?.has(r.id)),
  );
  const homes: InboxHome[] = rankings.map((ranking, i) => {
    const t = targets[i]!;
    const v = data.vacancies.find((x) => x.homeId === t.home.id);
    const clock = v ? holdClock(v.freeSince ?? today, holdPolicyOf(v.terms), today) : null;
    return {
      home: t.home,
      freeBeds: data.free.get(t.home.id) ?? [],
      residents: t.residents.length,
      hold:
        v && clock
          ? {
              phaseLabel: HOLD_PHASES[clock.phase],
              nextPhaseOn: clock.nextPhaseOn,
              nextLabel: clock.next ? HOLD_PHASES[clock.next] : null,
              contractName: v.contractName,
            }
          : null,
      ranked: ranking.ranked.map((x) => ({
        rank: x.rank,
        item: items.get(t.home.id)!.get(x.referralId)!,
        match: x.match,
      })),
      ineligible: ranking.ineligible.map((x) => ({
        item: items.get(t.home.id)!.get(x.referralId)!,
        failures: x.failures,
      })),
    };
  });
  return {
    items: [...items.values()]
      .flatMap((m) => [...m.values()])
      .sort(
        (a, b) =>
          (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) ||
          a.homeName.localeCompare(b.homeName),
      ),
    homes,
  };
}

/** The inbox, audited: each referral shown is recorded as read. */
export async function readInbox(trx: Tx, tenant: Tenant, today: LocalDate, now: Instant): Promise<Inbox> {
  const inbox = rankInbox(await loadInboxRows(trx, tenant, today), today, now);
  const seen = [...new Set(inbox.items.map((i) => i.referralId))];
  await appendAudit(
    trx,
    tenant,
    seen.map((id) => ({
      action: 'read' as const,
      entityType: 'referral',
      entityId: id,
      detail: { via: 'inbox' },
    })),
  );
  return inbox;
}
