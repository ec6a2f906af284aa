/**
 * What the pages and the API show, read under the caller's row-level security and shaped once:
 * the referring LA's view of one referral (its copies, deadlines, hold clocks, questions, offers,
 * timeline, and the homes it was not sent to and why), and a provider's view of one copy (the
 * anonymised profile, or the fuller papers once it is interested; never names or dates of birth).
 * Every read of a child's referral is audited in the same transaction.
 */
import { appendAudit } from '../../db/queries/audit.ts';
import {
  domainReferral,
  eventsOf,
  findRecipient,
  messagesOf,
  recipientState,
  recipientsWithHomes,
  referralForLa,
  referralState,
} from '../../db/queries/referrals.ts';
import { freeBedsOfHome, openHomes, residentsByHome } from '../../db/queries/referrals-homes.ts';
import {
  bedIntervalsOf,
  bedLabel,
  contractNameAndTerms,
  referralForProvider,
} from '../../db/queries/referrals-intake.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { scoreMatch } from '../../domain/matching/score.ts';
import { HOLD_PHASES, type HoldClock, holdClock } from '../../domain/referrals/hold-clock.ts';
import { formatLondonTime, type Instant, isAtOrAfter } from '../../domain/referrals/instant.ts';
import { REFERRAL_STATUSES } from '../../domain/referrals/lifecycle.ts';
import { isLive, RECIPIENT_STATUSES, type RecipientStatus } from '../../domain/referrals/recipient.ts';
import { canWiden } from '../../domain/referrals/routing.ts';
import { providerView, sharingStageFor } from '../../domain/referrals/sharing.ts';
import {
  DECLINE_REASONS,
  type DeclineReason,
  ROUTING_STAGES,
  type RoutingStage,
} from '../../domain/shared/codes.ts';
import { formatLongDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { formatPence } from '../../domain/shared/money.ts';
import { holdPolicyOf, routingMatchOptions, routingPolicy } from './route-referral.ts';

/** How a vacancy stands today: free (with its hold clock) or filled. */
export interface VacancyView {
  bedId: string;
  filled: boolean;
  clock: (HoldClock & { phaseLabel: string; nextLabel: string | null }) | null;
}

async function vacancyView(trx: Tx, bedId: string, terms: unknown, today: LocalDate): Promise<VacancyView> {
  const intervals = await bedIntervalsOf(trx, bedId);
  const filled = intervals.some((i) => i.to === null || i.to > today);
  if (filled) return { bedId, filled: true, clock: null };
  const ends = intervals.map((i) => i.to!).filter((d) => d <= today);
  const freeSince = ends.length ? ends.reduce((a, b) => (a > b ? a : b)) : today;
  const c = holdClock(freeSince, holdPolicyOf(terms), today);
  return {
    bedId,
    filled: false,
    clock: { ...c, phaseLabel: HOLD_PHASES[c.phase], nextLabel: c.next ? HOLD_PHASES[c.next] : null },
  };
}

export const EVENT_LABELS: Record<string, string> = {
  submitted: 'Referral sent',
  'search-widened': 'Search widened',
  routing: 'Routed',
  routed: 'Sent to the home',
  viewed: 'Opened by the provider',
  'interest-expressed': 'Provider interested',
  'papers-released': 'Fuller papers released',
  'question-asked': 'Question asked',
  'question-answered': 'Question answered',
  shortlisted: 'Shortlisted',
  'offer-made': 'Offer made',
  'offer-received': 'Offer received',
  'offer-accepted': 'Offer accepted',
  'offer-refused': 'Offer refused',
  'offer-lapsed': 'Offer lapsed',
  declined: 'Declined by the provider',
  expired: 'No response in time',
  superseded: 'Superseded',
  withdrawn: 'Withdrawn',
  placed: 'Child placed',
  closed: 'Referral closed',
};

function eventText(type: string, d: Record<string, unknown>): string {
  switch (type) {
    case 'submitted':
      return `First to ${ROUTING_STAGES[d.stage as RoutingStage]?.toLowerCase() ?? d.stage}.`;
    case 'search-widened':
      return `From ${ROUTING_STAGES[d.from as RoutingStage]?.toLowerCase()} to ${ROUTING_STAGES[d.to as RoutingStage]?.toLowerCase()}.`;
    case 'routing': {
      const sent = (d.sent as unknown[] | undefined)?.length ?? 0;
      const refused = ((d.refused as unknown[] | undefined)?.length ?? 0) + Number(d.refusedMore ?? 0);
      return `${ROUTING_STAGES[d.stage as RoutingStage] ?? d.stage}: sent to ${sent} ${sent === 1 ? 'home' : 'homes'}, ${refused} not sent.`;
    }
    case 'routed':
      return d.respondBy ? `Respond by ${formatLondonTime(String(d.respondBy))}.` : '';
    case 'offer-made': {
      const o = d.offer as { startOn?: string; weeklyPrice?: number; expiresAt?: string } | undefined;
      return o?.startOn
        ? `Start ${formatLongDate(o.startOn)}${o.weeklyPrice ? `, ${formatPence(o.weeklyPrice)} a week` : ''}; open until ${formatLondonTime(String(o.expiresAt))}.`
        : '';
    }
    case 'declined':
    case 'offer-refused':
      return `${DECLINE_REASONS[d.reason as DeclineReason] ?? d.reason}${d.note ? `: ${String(d.note)}` : ''}.`;
    case 'superseded':
      return d.cause === 'vacancy-filled'
        ? 'The vacancy was filled by another placement.'
        : 'The child was placed elsewhere.';
    case 'placed':
    case 'closed':
      return d.outcome ? String(d.outcome) : '';
    case 'expired':
      return d.wasOffered ? 'The offer was not accepted in time.' : 'The response deadline passed.';
    default:
      return d.note ? String(d.note) : '';
  }
}

export interface TimelineEntry {
  at: Date;
  type: string;
  label: string;
  text: string;
  homeName: string | null;
  actor: string | null;
}

/** The referring LA's view of its referral; audited. Not found for anyone else. */
export async function readReferralForLa(
  trx: Tx,
  tenant: Tenant,
  referralId: string,
  today: LocalDate,
  now: Instant,
) {
  const row = await referralForLa(trx, referralId);
  if (!row || row.org_id !== tenant.orgId) throw new DomainError('not-found', 'No such referral');
  const referral = domainReferral(row, { laCode: row.laCode ?? '', childRef: row.childRef });
  const state = referralState(row);
  const recipientRows = await recipientsWithHomes(trx, row.id);
  const messages = await messagesOf(trx, { referralId: row.id });
  const recipients = [];
  for (const r of recipientRows) {
    const s = recipientState(r);
    const vacancy = r.vacancy_bed_id
      ? await vacancyView(trx, r.vacancy_bed_id, r.contractTerms, today)
      : null;
    const thread = messages.filter((m) => m.recipientId === r.id);
    recipients.push({
      id: r.id,
      homeId: r.home_id,
      homeName: r.homeName,
      homeDistrict: r.homeDistrict,
      providerName: r.providerName,
      contractName: r.contractName,
      stage: s.stage,
      stageLabel: ROUTING_STAGES[s.stage],
      status: s.status,
      statusLabel: RECIPIENT_STATUSES[s.status],
      live: isLive(s.status),
      respondBy: s.respondBy,
      overdue: isLive(s.status) && s.status !== 'offered' && isAtOrAfter(now, s.respondBy),
      score: r.match_score,
      max: r.match_max,
      offer:
        s.offer && (s.status === 'offered' || s.status === 'accepted')
          ? {
              ...s.offer,
              bedLabel: r.offerBedLabel,
              open: s.status === 'offered' && !isAtOrAfter(now, s.offer.expiresAt),
            }
          : null,
      decline: s.decline ? { ...s.decline, reasonLabel: DECLINE_REASONS[s.decline.reason] } : null,
      openQuestions: thread.filter((m) => m.kind === 'question' && s.openQuestionIds.includes(m.id)),
      thread,
      vacancy,
    });
  }
  const events = await eventsOf(trx, row.id);
  const routing = events
    .filter((e) => e.type === 'routing')
    .map(
      (e) =>
        e.detail as {
          stage: RoutingStage;
          refused?: Array<{ homeName: string; providerName?: string; reasons: string[] }>;
          refusedMore?: number;
          held?: Array<{ homeName: string; message: string }>;
          overCap?: Array<{ homeName: string }>;
        },
    );
  const timeline: TimelineEntry[] = events
    .filter((e) => e.type !== 'papers-released')
    .map((e) => ({
      at: e.at,
      type: e.type,
      label: EVENT_LABELS[e.type] ?? e.type,
      text: eventText(e.type, e.detail as Record<string, unknown>),
      homeName: e.homeName,
      actor: e.actorOrgName,
    }));
  const widen = canWiden(state, recipientRows.map(recipientState), routingPolicy(), now);
  await appendAudit(trx, tenant, [
    { action: 'read', entityType: 'referral', entityId: row.id, detail: { childId: row.child_id } },
  ]);
  return {
    row,
    referral,
    state,
    statusLabel: REFERRAL_STATUSES[state.status],
    stageLabel: state.stage ? ROUTING_STAGES[state.stage] : null,
    recipients,
    notSent: routing.flatMap((r) => (r.refused ?? []).map((x) => ({ ...x, stage: r.stage }))),
    notSentMore: routing.reduce((n, r) => n + (r.refusedMore ?? 0), 0),
    held: routing.flatMap((r) => r.held ?? []),
    overCap: routing.flatMap((r) => r.overCap ?? []),
    timeline,
    widen: widen.allowed
      ? { allowed: true as const, to: widen.to, toLabel: ROUTING_STAGES[widen.to] }
      : { allowed: false as const, reason: widen.reason },
    questionsWaiting: recipients.reduce((n, r) => n + r.openQuestions.length, 0),
    offersOpen: recipients.filter((r) => r.offer?.open).length,
  };
}

/** A provider's copy with the referral and the LA's name; not found for anyone else. */
export async function providerCopy(trx: Tx, tenant: Tenant, recipientId: string) {
  const r = await findRecipient(trx, recipientId);
  if (!r || r.provider_org_id !== tenant.orgId) throw new DomainError('not-found', 'No such referral');
  const referral = await referralForProvider(trx, r.referral_id);
  if (!referral) throw new DomainError('not-found', 'No such referral');
  return { r, referral, domain: domainReferral(referral, { laCode: referral.laCode ?? '' }) };
}

/**
 * A provider's view of one copy: the shared fields for its stage, the match against its home (with
 * its residents and free beds), the question thread, the free beds it may offer and the events of
 * its copy. Audited as a read of the child's referral.
 */
export async function readCopyForProvider(
  trx: Tx,
  tenant: Tenant,
  recipientId: string,
  today: LocalDate,
  now: Instant,
) {
  const { r, referral, domain } = await providerCopy(trx, tenant, recipientId);
  const s = recipientState(r);
  const [home] = await openHomes(trx, { ids: [r.home_id] });
  const residents = (await residentsByHome(trx, tenant.orgId, today)).get(r.home_id) ?? [];
  const free = await freeBedsOfHome(trx, r.home_id, today);
  const match = home
    ? scoreMatch(
        domain,
        {
          home,
          residents,
          ...(free.length ? { vacancy: { id: free[0]!.id, beds: free.length, availableFrom: today } } : {}),
        },
        routingMatchOptions(today),
      )
    : null;
  const contract = r.contract_id ? await contractNameAndTerms(trx, r.contract_id) : undefined;
  const vacancy = r.vacancy_bed_id ? await vacancyView(trx, r.vacancy_bed_id, contract?.terms, today) : null;
  const thread = await messagesOf(trx, { recipientId: r.id });
  const events = (await eventsOf(trx, referral.id)).filter(
    (e) => e.recipientId === r.id && e.type !== 'papers-released',
  );
  const offerBed = s.offer ? await bedLabel(trx, s.offer.vacancyId) : undefined;
  await appendAudit(trx, tenant, [
    {
      action: 'read',
      entityType: 'referral',
      entityId: referral.id,
      detail: { recipientId: r.id, sharing: sharingStageFor(s.status) },
    },
  ]);
  return {
    recipient: {
      ...s,
      statusLabel: RECIPIENT_STATUSES[s.status],
      live: isLive(s.status),
      stageLabel: ROUTING_STAGES[s.stage],
      overdue:
        isLive(s.status) &&
        s.status !== 'offered' &&
        s.openQuestionIds.length === 0 &&
        isAtOrAfter(now, s.respondBy),
    },
    referralRef: referral.reference,
    laName: referral.laName,
    home: home ?? null,
    sharing: sharingStageFor(s.status),
    view: providerView(domain, s.status),
    match,
    residents,
    freeBeds: free,
    vacancy,
    contractName: contract?.name ?? null,
    offerBedLabel: offerBed?.label ?? null,
    thread,
    timeline: events.map((e) => ({
      at: e.at,
      type: e.type,
      label: EVENT_LABELS[e.type] ?? e.type,
      text: eventText(e.type, e.detail as Record<string, unknown>),
      actor: e.actorOrgName,
    })),
    can: actionsFor(s.status, s.openQuestionIds.length),
  };
}

/** What the provider may do next, by where its copy stands. */
export function actionsFor(status: RecipientStatus, openQuestions: number) {
  return {
    interest: status === 'routed' || status === 'viewed',
    ask: ['interested', 'questions', 'shortlisted', 'offered'].includes(status),
    shortlist: status === 'interested' || status === 'questions',
    offer: ['interested', 'questions', 'shortlisted'].includes(status),
    decline: isLive(status),
    openQuestions,
  };
}
