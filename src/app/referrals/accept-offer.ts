/**
 * The LA accepts a provider's offer. In one transaction: the recipient is accepted, the placement
 * is written into the bed ledger (`recordPlacement`), the referral is placed with its outcome, the
 * child's other copies end ("placed elsewhere"), and other LAs' copies for the same bed end
 * ("vacancy filled") with a notification to each LA.
 *
 * Safe under concurrency: every acceptance in one home takes the same lock first, so two LAs
 * accepting offers for one bed at the same moment run one after the other; the second finds its
 * copy superseded (or the bed taken) and its transaction rolls back with a clear message. The
 * ledger's exclusion constraint backs this up whatever the timing.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import {
  findRecipient,
  findReferral,
  LIVE_RECIPIENT_STATUSES,
  lockVacancy,
  recipientsOf,
  withApplicationRights,
} from '../../db/queries/referrals.ts';
import { freeBedsOfHome } from '../../db/queries/referrals-homes.ts';
import {
  countLiveRecipients,
  findHomeName,
  homeWithProvider,
  lockLiveRecipientsAtHome,
  placementRouteAndContractKind,
  referralReference,
  setRecipientVacancyBed,
  setReferralPlacement,
} from '../../db/queries/referrals-offers.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { formatLondonTime, type Instant, londonDay } from '../../domain/referrals/instant.ts';
import { acceptanceCommand } from '../../domain/referrals/recipient-effects.ts';
import type { ContractKind } from '../../domain/shared/codes.ts';
import { formatLongDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordPlacement } from '../ledger/record-placement.ts';
import { type NewNotification, notify } from '../notifications/notify.ts';
import { recordOutcome } from './record-outcome.ts';
import { actorOf, applyRecipient, stepRecipient, stepReferral } from './step.ts';

export const BED_NOT_FREE_MESSAGE =
  'This bed is no longer free from the offered start date, so the offer cannot be accepted. Your referral is still live for the other homes it was sent to.';
export const BED_TAKEN_MESSAGE =
  'This bed has just been filled by another placement, so the offer can no longer be accepted. Your referral is still live for the other homes it was sent to.';

export interface AcceptResult {
  placementId: string;
  referralId: string;
  homeName: string;
  startOn: string;
  /** Other LAs' copies ended because the bed is taken. */
  vacancyFilled: number;
}

function bedTaken(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '23P01' || code === 'bed-unavailable';
}

export async function acceptOffer(
  trx: Tx,
  tenant: Tenant,
  input: { recipientId: string; referralId?: string; now: Instant },
): Promise<AcceptResult> {
  const seen = await findRecipient(trx, input.recipientId);
  if (!seen || seen.org_id !== tenant.orgId || (input.referralId && seen.referral_id !== input.referralId)) {
    throw new DomainError('not-found', 'No such offer');
  }
  if (!seen.offer_bed_id) throw new DomainError('conflict', 'There is no open offer to accept.');
  const bedId = seen.offer_bed_id;
  await lockVacancy(trx, seen.home_id);

  const row = await findRecipient(trx, input.recipientId, { lock: true });
  if (!row) throw new DomainError('not-found', 'No such offer');
  if (row.status === 'superseded' || row.offer_bed_id !== bedId)
    throw new DomainError('bed-unavailable', BED_TAKEN_MESSAGE);
  const referral = await findReferral(trx, row.referral_id, { lock: true });
  if (!referral) throw new DomainError('not-found', 'No such offer');
  const accepted = await stepRecipient(trx, tenant, row.id, { type: 'accept-offer' }, input.now, { row });
  const offer = accepted.state.offer!;

  const home = await homeWithProvider(trx, row.home_id);
  let placementId: string;
  try {
    placementId = await recordPlacement(trx, tenant, {
      childId: referral.child_id,
      bedId,
      startDate: offer.startOn,
      urgency: referral.needed_by,
      costs: { core: offer.weeklyPrice ?? 0 },
    });
  } catch (err) {
    if (bedTaken(err)) throw new DomainError('bed-unavailable', BED_NOT_FREE_MESSAGE);
    throw err;
  }
  const placement = await placementRouteAndContractKind(trx, placementId);
  const contractKind: ContractKind =
    placement.contractKind ??
    (placement.route === 'block' ? 'soft-block' : placement.route === 'framework' ? 'framework' : 'spot');

  const actor = actorOf(tenant);
  await stepReferral(
    trx,
    actor,
    referral.id,
    acceptanceCommand(accepted.state, { placementType: home.placementType, contractKind }),
    input.now,
  );
  await setReferralPlacement(trx, referral.id, placementId);

  const news: NewNotification[] = [
    {
      orgId: row.provider_org_id,
      kind: 'offer-accepted',
      title: `Your offer for ${home.name} was accepted`,
      body: `The child moves in on ${formatLongDate(offer.startOn)}. The placement is in the bed ledger.`,
      link: `/inbox/${row.id}`,
      referralId: referral.id,
    },
  ];

  // The child's other copies end: the child is placed.
  for (const other of await recipientsOf(trx, referral.id, { lock: true })) {
    if (other.id === row.id || !LIVE_RECIPIENT_STATUSES.includes(other.status as never)) continue;
    await applyRecipient(
      trx,
      actor,
      other,
      { type: 'supersede', by: { recipientId: row.id, cause: 'child-placed' } },
      input.now,
    );
    news.push({
      orgId: other.provider_org_id,
      kind: 'referral-superseded',
      title: `A referral for ${(await findHomeName(trx, other.home_id)) ?? 'your home'} has ended`,
      body: 'The child has been placed elsewhere. Nothing more is needed from you.',
      link: `/inbox/${other.id}`,
      referralId: referral.id,
    });
  }

  // Other LAs' copies for this bed end (vacancy filled); when the home has beds left, copies sent
  // against this bed move to another free one. The accepting LA cannot see those copies, so this
  // runs with the application's rights; their LAs are told.
  let vacancyFilled = 0;
  await withApplicationRights(trx, async () => {
    const others = await lockLiveRecipientsAtHome(trx, row.home_id, referral.id);
    if (others.length === 0) return;
    const free = await freeBedsOfHome(trx, row.home_id, londonDay(input.now));
    const stillFree = free.filter((b) => b.id !== bedId);
    for (const o of others) {
      const filled = o.offer_bed_id === bedId || (o.vacancy_bed_id !== null && stillFree.length === 0);
      if (!filled) {
        if (o.vacancy_bed_id === bedId && stillFree[0]) {
          await setRecipientVacancyBed(trx, o.id, stillFree[0].id);
        }
        continue;
      }
      await applyRecipient(
        trx,
        actor,
        o,
        { type: 'supersede', by: { recipientId: row.id, cause: 'vacancy-filled' } },
        input.now,
      );
      vacancyFilled++;
      const theirs = await referralReference(trx, o.referral_id);
      const n = await countLiveRecipients(trx, o.referral_id);
      news.push({
        orgId: o.org_id,
        kind: 'vacancy-filled',
        title: `The vacancy at ${home.name} has been filled`,
        body: `Your referral ${theirs.reference} can no longer go there. It is still live with ${n} other ${n === 1 ? 'home' : 'homes'}.`,
        link: `/referrals/${o.referral_id}`,
        referralId: o.referral_id,
      });
      if (o.offer_bed_id === bedId) {
        news.push({
          orgId: o.provider_org_id,
          kind: 'offer-lapsed',
          title: `Your other offer for ${home.name} has lapsed`,
          body: `The bed was taken when another offer was accepted (${formatLondonTime(input.now)}).`,
          link: `/inbox/${o.id}`,
          referralId: o.referral_id,
        });
      }
    }
  });
  await notify(trx, news);
  await recordOutcome(trx, referral.id);
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'referral',
      entityId: referral.id,
      detail: { accepted: row.id, placementId, bedId },
    },
  ]);
  return { placementId, referralId: referral.id, homeName: home.name, startOn: offer.startOn, vacancyFilled };
}
