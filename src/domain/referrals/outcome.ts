/**
 * Sought vs secured, one referral at a time. Most sufficiency analysis counts the placements
 * that were made, not the ones that were needed (the DfE's 2024 report: an estimated 20–30% of
 * residential placements follow a failure to find a foster home). So every referral ends with a
 * record of what the social worker judged ideal, what the child got, how long it took, how many
 * providers were asked and why they said no.
 */
import type { DeclineReason, PlacementType, ReferralOutcome, RoutingStage } from '../shared/codes.ts';
import { daysBetween, type LocalDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { londonDay } from './instant.ts';
import { type ReferralState, TERMINAL_REFERRAL_STATUSES } from './lifecycle.ts';
import { idealPlacementTypes, type Referral } from './profile.ts';
import type { RecipientState } from './recipient.ts';

export interface OutcomeRecord {
  referralId: string;
  laCode: string;
  outcome: ReferralOutcome;
  submittedOn: LocalDate;
  endedOn: LocalDate;
  /** The placement sought: the type the social worker marked "Preferred" (the first, if several). */
  idealPlacementType: PlacementType | null;
  /** The placement secured; null when the child was not placed. */
  actualPlacementType: PlacementType | null;
  /** Whether the child got a preferred type; null when not placed or nothing was preferred. */
  idealMet: boolean | null;
  /** Days from sending the referral to the placement's first night; null when not placed. */
  daysToPlace: number | null;
  /** Provider organisations the referral reached. */
  providersApproached: number;
  /** One entry per provider that declined (an LA refusing an offer is not counted here). */
  declineReasons: DeclineReason[];
  /** The widest routing stage the search reached. */
  stageReached: RoutingStage | null;
}

/** The record for an ended referral. Refuses one still in progress: it has no outcome yet. */
export function outcomeRecord(
  referral: Pick<Referral, 'id' | 'laCode' | 'requirements'>,
  state: ReferralState,
  recipients: readonly RecipientState[],
): OutcomeRecord {
  if (!TERMINAL_REFERRAL_STATUSES.has(state.status) || state.outcome === null || state.endedAt === null) {
    throw new DomainError('unprocessable', `Referral ${referral.id} has not ended, so it has no outcome yet`);
  }
  const mine = recipients.filter((r) => r.referralId === referral.id);
  const ideals = idealPlacementTypes(referral.requirements);
  const actual = state.placement?.placementType ?? null;
  // A referral withdrawn before it was sent counts from the day it ended.
  const submittedOn = londonDay(state.submittedAt ?? state.endedAt);
  return {
    referralId: referral.id,
    laCode: referral.laCode,
    outcome: state.outcome,
    submittedOn,
    endedOn: londonDay(state.endedAt),
    idealPlacementType: ideals[0] ?? null,
    actualPlacementType: actual,
    idealMet: actual === null || ideals.length === 0 ? null : ideals.includes(actual),
    daysToPlace: state.placement ? Math.max(0, daysBetween(submittedOn, state.placement.startOn)) : null,
    providersApproached: new Set(mine.map((r) => r.providerOrgId)).size,
    declineReasons: mine.flatMap((r) => (r.decline?.by === 'provider' ? [r.decline.reason] : [])),
    stageReached: state.stage,
  };
}
