/**
 * What one recipient's step means for the others. When the LA accepts an offer, the bed is taken
 * and the child is placed, so every other live copy for that vacancy or that child ends; when the
 * LA withdraws or closes a referral, every live copy of it ends; and a background job expires the
 * copies whose deadlines have passed. Each helper returns the commands; the use case applies them
 * with `recipientTransition` in the same transaction as the acceptance.
 */
import type { ContractKind, PlacementType } from '../shared/codes.ts';
import type { Instant } from './instant.ts';
import type { ReferralCommand } from './lifecycle.ts';
import {
  expiryDue,
  isLive,
  type RecipientCommand,
  type RecipientEvent,
  type RecipientState,
} from './recipient.ts';

/** The recipients a background job should expire at `now`. */
export function dueForExpiry(recipients: readonly RecipientState[], now: Instant): RecipientState[] {
  return recipients.filter((r) => expiryDue(r, now));
}

/**
 * When the LA accepts `accepted`, which other live recipients end: every other referral routed
 * against the same vacancy (the bed is taken) and every other home holding this child's referral
 * (the child is placed). Pass `vacancyStillHasBeds` when a multi-bed vacancy keeps beds free.
 */
export function supersededBy(
  accepted: RecipientState,
  all: readonly RecipientState[],
  vacancyStillHasBeds = false,
): Array<{ recipientId: string; command: RecipientCommand }> {
  const vacancyId = accepted.offer?.vacancyId ?? accepted.vacancyId;
  const out: Array<{ recipientId: string; command: RecipientCommand }> = [];
  for (const r of all) {
    if (r.id === accepted.id || !isLive(r.status)) continue;
    if (r.referralId === accepted.referralId) {
      out.push({
        recipientId: r.id,
        command: { type: 'supersede', by: { recipientId: accepted.id, cause: 'child-placed' } },
      });
    } else if (
      !vacancyStillHasBeds &&
      vacancyId !== null &&
      (r.vacancyId === vacancyId || r.offer?.vacancyId === vacancyId)
    ) {
      out.push({
        recipientId: r.id,
        command: { type: 'supersede', by: { recipientId: accepted.id, cause: 'vacancy-filled' } },
      });
    }
  }
  return out;
}

/** When the LA withdraws or closes a referral, the command for each live copy of it. */
export function withdrawnWith(
  referralId: string,
  all: readonly RecipientState[],
  reason: 'referral-withdrawn' | 'referral-closed',
): Array<{ recipientId: string; command: RecipientCommand }> {
  return all
    .filter((r) => r.referralId === referralId && isLive(r.status))
    .map((r) => ({ recipientId: r.id, command: { type: 'withdraw', reason } }));
}

/**
 * The command the referral's own lifecycle needs after a recipient event, if any: an offer made
 * is an offer received; an open offer that ends any way but acceptance has lapsed. `before` is
 * the recipient as it was before the event. Acceptance needs facts about the bed the recipient
 * does not hold, so it has its own helper, `acceptanceCommand`.
 */
export function referralCommandFor(event: RecipientEvent, before: RecipientState): ReferralCommand | null {
  if (event.type === 'offer-made') return { type: 'offer-received', recipientId: event.recipientId };
  const endsOffer = ['offer-refused', 'declined', 'expired', 'superseded', 'withdrawn'].includes(event.type);
  if (endsOffer && before.status === 'offered')
    return { type: 'offer-lapsed', recipientId: event.recipientId };
  return null;
}

/** The referral's `accept-offer` command for an accepted recipient, given the bed's type and contract. */
export function acceptanceCommand(
  accepted: RecipientState,
  bed: { placementType: PlacementType; contractKind: ContractKind },
): ReferralCommand {
  if (accepted.status !== 'accepted' || !accepted.offer) {
    throw new RangeError(`recipient ${accepted.id} has no accepted offer`);
  }
  return {
    type: 'accept-offer',
    recipientId: accepted.id,
    homeId: accepted.homeId,
    vacancyId: accepted.offer.vacancyId,
    startOn: accepted.offer.startOn,
    placementType: bed.placementType,
    contractKind: bed.contractKind,
  };
}
