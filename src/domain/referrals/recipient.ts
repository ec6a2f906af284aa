/**
 * One provider's copy of a referral (a "recipient"): from the moment it is routed to a home until
 * it ends accepted, declined, superseded, expired or withdrawn. Every step is an event with its
 * time, so the LA can see where each copy stands and the provider's response times are measurable.
 *
 *   routed → viewed → interested (papers released) → questions → shortlisted → offered → accepted
 *   any live state → declined (reason code) | expired (deadline passed) | superseded | withdrawn
 */
import { DECLINE_REASONS, type DeclineReason, isCode, type RoutingStage } from '../shared/codes.ts';
import { isLocalDate, type LocalDate } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';
import { type Instant, isAtOrAfter, normaliseInstant } from './instant.ts';
import { moved, refuse, type Transition } from './transition.ts';

export const RECIPIENT_STATUSES = {
  routed: 'Sent, not yet opened',
  viewed: 'Viewed',
  interested: 'Interested (papers released)',
  questions: 'Questions asked',
  shortlisted: 'Shortlisted',
  offered: 'Offer made',
  accepted: 'Offer accepted',
  declined: 'Declined',
  superseded: 'Superseded by another placement',
  expired: 'No response in time',
  withdrawn: 'Withdrawn by the local authority',
} as const;
export type RecipientStatus = keyof typeof RECIPIENT_STATUSES;

export const TERMINAL_RECIPIENT_STATUSES: ReadonlySet<RecipientStatus> = new Set([
  'accepted',
  'declined',
  'superseded',
  'expired',
  'withdrawn',
]);
/** Order of the live states: a later state never moves back to an earlier one. */
const PROGRESS: readonly RecipientStatus[] = [
  'routed',
  'viewed',
  'interested',
  'questions',
  'shortlisted',
  'offered',
];

export interface Offer {
  vacancyId: string;
  startOn: LocalDate;
  weeklyPrice?: Pence;
  madeAt: Instant;
  /** The LA must accept by then, or the offer lapses. */
  expiresAt: Instant;
}

export interface RecipientState {
  id: string;
  referralId: string;
  homeId: string;
  providerOrgId: string;
  /** The vacancy it was routed against; null when sent to a home with no free bed yet. */
  vacancyId: string | null;
  stage: RoutingStage;
  status: RecipientStatus;
  routedAt: Instant;
  /** Deadline for the provider's next step (the policy's response window); expiry is due after it. */
  respondBy: Instant;
  openQuestionIds: readonly string[];
  offer: Offer | null;
  decline: { by: 'provider' | 'la'; reason: DeclineReason; note?: string } | null;
  updatedAt: Instant;
}

export type RecipientCommand =
  | { type: 'view' }
  | { type: 'express-interest'; decideBy?: Instant }
  | { type: 'ask-question'; questionId: string }
  | { type: 'answer-question'; questionId: string }
  | { type: 'shortlist' }
  | { type: 'make-offer'; vacancyId?: string; startOn: LocalDate; weeklyPrice?: Pence; expiresAt: Instant }
  | { type: 'accept-offer' }
  | { type: 'refuse-offer'; reason: DeclineReason; note?: string }
  | { type: 'decline'; reason: DeclineReason; note?: string }
  | { type: 'expire' }
  | { type: 'supersede'; by: { recipientId: string; cause: 'vacancy-filled' | 'child-placed' } }
  | { type: 'withdraw'; reason: 'referral-withdrawn' | 'referral-closed' };

interface EventBase {
  recipientId: string;
  referralId: string;
  at: Instant;
}
export type RecipientEvent = EventBase &
  (
    | { type: 'viewed' }
    | { type: 'interest-expressed' }
    | { type: 'papers-released' }
    | { type: 'question-asked'; questionId: string }
    | { type: 'question-answered'; questionId: string }
    | { type: 'shortlisted' }
    | { type: 'offer-made'; offer: Offer }
    | { type: 'offer-accepted'; vacancyId: string; startOn: LocalDate }
    | { type: 'offer-refused'; reason: DeclineReason; note?: string }
    | { type: 'declined'; reason: DeclineReason; note?: string }
    | { type: 'expired'; wasOffered: boolean }
    | { type: 'superseded'; byRecipientId: string; cause: 'vacancy-filled' | 'child-placed' }
    | { type: 'withdrawn'; reason: 'referral-withdrawn' | 'referral-closed' }
  );

type Result = Transition<RecipientState, RecipientEvent>;

/** A recipient as routing creates it. */
export function routeRecipient(
  init: Pick<
    RecipientState,
    'id' | 'referralId' | 'homeId' | 'providerOrgId' | 'vacancyId' | 'stage' | 'respondBy'
  >,
  now: Instant,
): RecipientState {
  return {
    ...init,
    status: 'routed',
    routedAt: normaliseInstant(now),
    respondBy: normaliseInstant(init.respondBy),
    openQuestionIds: [],
    offer: null,
    decline: null,
    updatedAt: normaliseInstant(now),
  };
}

export function isLive(status: RecipientStatus): boolean {
  return !TERMINAL_RECIPIENT_STATUSES.has(status);
}

/** Applies one command at `now`. */
export function recipientTransition(s: RecipientState, cmd: RecipientCommand, nowRaw: Instant): Result {
  const now = normaliseInstant(nowRaw);
  const base = { recipientId: s.id, referralId: s.referralId, at: now };
  const to = (status: RecipientStatus, patch: Partial<RecipientState>, ...events: RecipientEvent[]): Result =>
    moved({ ...s, ...patch, status, updatedAt: now }, events);
  const ended = () =>
    refuse<RecipientState, RecipientEvent>(
      'conflict',
      `This referral is already ${RECIPIENT_STATUSES[s.status].toLowerCase()}.`,
    );
  if (!isLive(s.status)) return ended();
  const at = (...allowed: RecipientStatus[]) => allowed.includes(s.status);
  const later = (a: RecipientStatus, b: RecipientStatus) =>
    PROGRESS.indexOf(a) >= PROGRESS.indexOf(b) ? a : b;

  switch (cmd.type) {
    case 'view':
      return s.status === 'routed' ? to('viewed', {}, { ...base, type: 'viewed' }) : moved(s, []);
    case 'express-interest':
      if (!at('routed', 'viewed'))
        return refuse('conflict', 'Interest has already been shown in this referral.');
      return to(
        'interested',
        cmd.decideBy ? { respondBy: normaliseInstant(cmd.decideBy) } : {},
        { ...base, type: 'interest-expressed' },
        { ...base, type: 'papers-released' },
      );
    case 'ask-question':
      if (!at('interested', 'questions', 'shortlisted', 'offered')) {
        return refuse('conflict', 'Say you are interested first: the fuller papers may answer the question.');
      }
      if (s.openQuestionIds.includes(cmd.questionId))
        return refuse('conflict', 'That question is already open.');
      return to(
        later(s.status, 'questions'),
        { openQuestionIds: [...s.openQuestionIds, cmd.questionId] },
        { ...base, type: 'question-asked', questionId: cmd.questionId },
      );
    case 'answer-question':
      if (!s.openQuestionIds.includes(cmd.questionId))
        return refuse('conflict', 'That question is not open.');
      return to(
        s.status,
        { openQuestionIds: s.openQuestionIds.filter((q) => q !== cmd.questionId) },
        { ...base, type: 'question-answered', questionId: cmd.questionId },
      );
    case 'shortlist':
      if (!at('interested', 'questions'))
        return refuse('conflict', 'Only a referral you are interested in can be shortlisted.');
      return to('shortlisted', {}, { ...base, type: 'shortlisted' });
    case 'make-offer': {
      if (!at('interested', 'questions', 'shortlisted')) {
        return refuse('conflict', 'An offer can only follow interest in the referral.');
      }
      const vacancyId = cmd.vacancyId ?? s.vacancyId;
      if (!vacancyId) return refuse('validation', 'Say which vacancy the offer is for.');
      if (!isLocalDate(cmd.startOn)) return refuse('validation', 'The start date must be a real date.');
      if (isAtOrAfter(now, cmd.expiresAt))
        return refuse('validation', 'The offer must stay open for some time.');
      const offer: Offer = {
        vacancyId,
        startOn: cmd.startOn,
        ...(cmd.weeklyPrice !== undefined ? { weeklyPrice: cmd.weeklyPrice } : {}),
        madeAt: now,
        expiresAt: normaliseInstant(cmd.expiresAt),
      };
      return to('offered', { offer }, { ...base, type: 'offer-made', offer });
    }
    case 'accept-offer':
      if (s.status !== 'offered' || !s.offer) return refuse('conflict', 'There is no open offer to accept.');
      if (isAtOrAfter(now, s.offer.expiresAt)) return refuse('conflict', 'The offer has expired.');
      return to(
        'accepted',
        {},
        { ...base, type: 'offer-accepted', vacancyId: s.offer.vacancyId, startOn: s.offer.startOn },
      );
    case 'refuse-offer': {
      if (s.status !== 'offered') return refuse('conflict', 'There is no open offer to refuse.');
      const bad = reasonProblem(cmd.reason, cmd.note);
      if (bad) return refuse('validation', bad);
      const decline = { by: 'la' as const, reason: cmd.reason, ...(cmd.note ? { note: cmd.note } : {}) };
      return to(
        'declined',
        { decline },
        { ...base, type: 'offer-refused', reason: cmd.reason, ...(cmd.note ? { note: cmd.note } : {}) },
      );
    }
    case 'decline': {
      const bad = reasonProblem(cmd.reason, cmd.note);
      if (bad) return refuse('validation', bad);
      const decline = {
        by: 'provider' as const,
        reason: cmd.reason,
        ...(cmd.note ? { note: cmd.note } : {}),
      };
      return to(
        'declined',
        { decline },
        { ...base, type: 'declined', reason: cmd.reason, ...(cmd.note ? { note: cmd.note } : {}) },
      );
    }
    case 'expire': {
      const due = expiryDue(s, now);
      if (!due) return refuse('conflict', 'The response deadline has not passed.');
      return to('expired', {}, { ...base, type: 'expired', wasOffered: s.status === 'offered' });
    }
    case 'supersede':
      return to(
        'superseded',
        {},
        { ...base, type: 'superseded', byRecipientId: cmd.by.recipientId, cause: cmd.by.cause },
      );
    case 'withdraw':
      return to('withdrawn', {}, { ...base, type: 'withdrawn', reason: cmd.reason });
  }
}

function reasonProblem(reason: DeclineReason, note: string | undefined): string | undefined {
  if (!isCode(DECLINE_REASONS, reason)) return `"${reason}" is not a decline reason.`;
  if (reason === 'other' && !note?.trim()) return 'Say why, when the reason is "Other".';
  return undefined;
}

/**
 * Whether the clock has run out at `now`: an open offer lapses at its own expiry; any other live
 * state at `respondBy`. A recipient with a question waiting on the LA does not expire: the delay
 * is the LA's, not the provider's.
 */
export function expiryDue(s: RecipientState, now: Instant): boolean {
  if (!isLive(s.status)) return false;
  if (s.status === 'offered') return s.offer !== null && isAtOrAfter(now, s.offer.expiresAt);
  if (s.openQuestionIds.length > 0) return false;
  return isAtOrAfter(now, s.respondBy);
}
