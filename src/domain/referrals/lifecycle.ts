/**
 * A referral's own lifecycle, the LA's view of its search for a home:
 *
 *   draft → searching ⇄ offered → placed
 *   draft | searching | offered → withdrawn
 *   searching | offered → closed (placed outside the pathway, or no placement found)
 *
 * It ends with an outcome (REFERRAL_OUTCOMES), which is what "sought vs secured" counts. The
 * recipients (recipient.ts) move on their own; the use case applies the matching command here when
 * one of them receives, loses or has accepted an offer.
 */
import {
  type ContractKind,
  isCode,
  PLACEMENT_TYPES,
  type PlacementType,
  REFERRAL_OUTCOMES,
  type ReferralOutcome,
  type RoutingStage,
} from '../shared/codes.ts';
import { isLocalDate, type LocalDate } from '../shared/dates.ts';
import { type Instant, normaliseInstant } from './instant.ts';
import { moved, refuse, type Transition } from './transition.ts';

export const REFERRAL_STATUSES = {
  draft: 'Draft',
  searching: 'Searching',
  offered: 'Offer received',
  placed: 'Placed',
  withdrawn: 'Withdrawn',
  closed: 'Closed',
} as const;
export type ReferralStatus = keyof typeof REFERRAL_STATUSES;

export const TERMINAL_REFERRAL_STATUSES: ReadonlySet<ReferralStatus> = new Set([
  'placed',
  'withdrawn',
  'closed',
]);

/** Where the child went, when placed (through the pathway or outside it). */
export interface PlacementMade {
  placementType: PlacementType;
  startOn: LocalDate;
  homeId: string | null;
  vacancyId: string | null;
  recipientId: string | null;
}

export interface ReferralState {
  id: string;
  status: ReferralStatus;
  stage: RoutingStage | null;
  stageStartedAt: Instant | null;
  submittedAt: Instant | null;
  /** Recipients holding an open offer for this child. */
  liveOffers: readonly string[];
  endedAt: Instant | null;
  outcome: ReferralOutcome | null;
  placement: PlacementMade | null;
  endNote: string | null;
  updatedAt: Instant;
}

export type ReferralCommand =
  | { type: 'submit'; stage: RoutingStage }
  | { type: 'offer-received'; recipientId: string }
  | { type: 'offer-lapsed'; recipientId: string }
  | {
      type: 'accept-offer';
      recipientId: string;
      homeId: string;
      vacancyId: string;
      startOn: LocalDate;
      placementType: PlacementType;
      /** The contract the bed is bought under: decides block, framework or spot. */
      contractKind: ContractKind;
    }
  | { type: 'withdraw'; note?: string }
  | {
      type: 'close';
      outcome: Exclude<ReferralOutcome, 'withdrawn'>;
      placementType?: PlacementType;
      startOn?: LocalDate;
      note?: string;
    };

interface EventBase {
  referralId: string;
  at: Instant;
}
export type ReferralEvent = EventBase &
  (
    | { type: 'submitted'; stage: RoutingStage }
    | { type: 'search-widened'; from: RoutingStage; to: RoutingStage }
    | { type: 'offer-received'; recipientId: string }
    | { type: 'offer-lapsed'; recipientId: string }
    | { type: 'placed'; outcome: ReferralOutcome; placement: PlacementMade }
    | { type: 'withdrawn'; note?: string }
    | { type: 'closed'; outcome: ReferralOutcome; placement: PlacementMade | null; note?: string }
  );

type Result = Transition<ReferralState, ReferralEvent>;

export function draftReferralState(id: string, now: Instant): ReferralState {
  return {
    id,
    status: 'draft',
    stage: null,
    stageStartedAt: null,
    submittedAt: null,
    liveOffers: [],
    endedAt: null,
    outcome: null,
    placement: null,
    endNote: null,
    updatedAt: normaliseInstant(now),
  };
}

/** The outcome a placement through the pathway records, from the contract the bed sits under. */
export function outcomeForContract(kind: ContractKind): ReferralOutcome {
  if (kind === 'hard-block' || kind === 'soft-block') return 'placed-block';
  return kind === 'framework' ? 'placed-framework' : 'placed-spot';
}

export function referralTransition(s: ReferralState, cmd: ReferralCommand, nowRaw: Instant): Result {
  const now = normaliseInstant(nowRaw);
  const base = { referralId: s.id, at: now };
  const to = (patch: Partial<ReferralState>, ...events: ReferralEvent[]): Result =>
    moved({ ...s, ...patch, updatedAt: now }, events);
  if (TERMINAL_REFERRAL_STATUSES.has(s.status)) {
    return refuse('conflict', `This referral is already ${REFERRAL_STATUSES[s.status].toLowerCase()}.`);
  }
  const searchingOrOffered = s.status === 'searching' || s.status === 'offered';

  switch (cmd.type) {
    case 'submit':
      if (s.status !== 'draft') return refuse('conflict', 'This referral has already been sent.');
      return to(
        { status: 'searching', stage: cmd.stage, stageStartedAt: now, submittedAt: now },
        { ...base, type: 'submitted', stage: cmd.stage },
      );
    case 'offer-received':
      if (!searchingOrOffered) return refuse('conflict', 'The referral is not searching.');
      if (s.liveOffers.includes(cmd.recipientId)) return moved(s, []);
      return to(
        { status: 'offered', liveOffers: [...s.liveOffers, cmd.recipientId] },
        { ...base, type: 'offer-received', recipientId: cmd.recipientId },
      );
    case 'offer-lapsed': {
      if (!s.liveOffers.includes(cmd.recipientId)) return moved(s, []);
      const liveOffers = s.liveOffers.filter((id) => id !== cmd.recipientId);
      return to(
        { status: liveOffers.length > 0 ? 'offered' : 'searching', liveOffers },
        { ...base, type: 'offer-lapsed', recipientId: cmd.recipientId },
      );
    }
    case 'accept-offer': {
      if (s.status !== 'offered' || !s.liveOffers.includes(cmd.recipientId)) {
        return refuse('conflict', 'That offer is no longer open.');
      }
      const placement: PlacementMade = {
        placementType: cmd.placementType,
        startOn: cmd.startOn,
        homeId: cmd.homeId,
        vacancyId: cmd.vacancyId,
        recipientId: cmd.recipientId,
      };
      const outcome = outcomeForContract(cmd.contractKind);
      return to(
        { status: 'placed', liveOffers: [], endedAt: now, outcome, placement },
        { ...base, type: 'placed', outcome, placement },
      );
    }
    case 'withdraw':
      return to(
        {
          status: 'withdrawn',
          liveOffers: [],
          endedAt: now,
          outcome: 'withdrawn',
          endNote: cmd.note ?? null,
        },
        { ...base, type: 'withdrawn', ...(cmd.note ? { note: cmd.note } : {}) },
      );
    case 'close': {
      if (!searchingOrOffered) return refuse('conflict', 'Only a referral that has been sent can be closed.');
      if (!isCode(REFERRAL_OUTCOMES, cmd.outcome) || cmd.outcome === ('withdrawn' as string)) {
        return refuse('validation', `"${cmd.outcome}" is not an outcome a referral can close with.`);
      }
      let placement: PlacementMade | null = null;
      if (cmd.outcome !== 'no-placement') {
        if (!cmd.placementType || !isCode(PLACEMENT_TYPES, cmd.placementType)) {
          return refuse('validation', 'Say which type of placement the child went to.');
        }
        if (!cmd.startOn || !isLocalDate(cmd.startOn))
          return refuse('validation', 'Enter the date the placement started.');
        placement = {
          placementType: cmd.placementType,
          startOn: cmd.startOn,
          homeId: null,
          vacancyId: null,
          recipientId: null,
        };
      }
      return to(
        {
          status: 'closed',
          liveOffers: [],
          endedAt: now,
          outcome: cmd.outcome,
          placement,
          endNote: cmd.note ?? null,
        },
        { ...base, type: 'closed', outcome: cmd.outcome, placement, ...(cmd.note ? { note: cmd.note } : {}) },
      );
    }
  }
}
