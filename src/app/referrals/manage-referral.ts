/**
 * The referring LA's steps after sending (accepting an offer is accept-offer.ts): answer a
 * provider's question, refuse an offer with a reason, widen the search once the response window
 * has passed, and withdraw or close the referral with an outcome. Each runs in the LA's
 * transaction; the providers concerned are told.
 */

import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../db/queries/audit.ts';
import { requireOrganisation } from '../../db/queries/organisations.ts';
import {
  appendEvents,
  domainReferral,
  findRecipient,
  findReferral,
  fromReferralEvent,
  LIVE_RECIPIENT_STATUSES,
  recipientState,
  recipientsOf,
  referralState,
  saveReferralState,
} from '../../db/queries/referrals.ts';
import {
  findChildRef,
  findHomeName,
  findMessageOfRecipient,
  insertReferralMessage,
} from '../../db/queries/referrals-offers.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { findIdentifiers, identifierMessage } from '../../domain/referrals/identifiers.ts';
import type { Instant } from '../../domain/referrals/instant.ts';
import { withdrawnWith } from '../../domain/referrals/recipient-effects.ts';
import { widenSearch } from '../../domain/referrals/routing.ts';
import { orThrow } from '../../domain/referrals/transition.ts';
import {
  DECLINE_REASONS,
  type DeclineReason,
  isCode,
  PLACEMENT_TYPES,
  type PlacementType,
  REFERRAL_OUTCOMES,
  type ReferralOutcome,
} from '../../domain/shared/codes.ts';
import { isLocalDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { type NewNotification, notify } from '../notifications/notify.ts';
import { recordOutcome } from './record-outcome.ts';
import { messageErrors } from './respond-to-referral.ts';
import { candidatesFor, type RoutingSummary, routeAtStage, routingPolicy } from './route-referral.ts';
import { actorOf, applyRecipient, stepRecipient, stepReferral } from './step.ts';

async function ownReferral(trx: Tx, tenant: Tenant, referralId: string) {
  const row = await findReferral(trx, referralId, { lock: true });
  if (!row || row.org_id !== tenant.orgId) throw new DomainError('not-found', 'No such referral');
  return row;
}

async function homeName(trx: Tx, homeId: string): Promise<string> {
  return (await findHomeName(trx, homeId)) ?? 'your home';
}

export async function answerQuestion(
  trx: Tx,
  tenant: Tenant,
  input: { referralId: string; recipientId: string; questionId: string; body: string; now: Instant },
) {
  const row = await findRecipient(trx, input.recipientId, { lock: true });
  if (!row || row.org_id !== tenant.orgId || row.referral_id !== input.referralId) {
    throw new DomainError('not-found', 'No such referral');
  }
  throwIfInvalid(
    messageErrors(input.body, 'body').map((e) =>
      e.message === 'Enter your question' ? { ...e, message: 'Enter your answer' } : e,
    ),
    'Cannot send the answer',
  );
  const question = await findMessageOfRecipient(trx, input.questionId, row.id);
  if (question?.kind !== 'question') {
    throw new DomainError('validation', 'That question is not open', [
      { field: 'questionId', message: 'That question is not open' },
    ]);
  }
  const r = await stepRecipient(
    trx,
    tenant,
    row.id,
    { type: 'answer-question', questionId: question.id },
    input.now,
    { row },
  );
  await insertReferralMessage(trx, {
    id: randomUUID(),
    referral_id: row.referral_id,
    recipient_id: row.id,
    org_id: row.org_id,
    provider_org_id: row.provider_org_id,
    author_org_id: tenant.orgId,
    author_user_id: tenant.userId,
    kind: 'answer',
    answers: question.id,
    body: input.body.trim(),
    at: new Date(input.now),
  });
  await notify(trx, [
    {
      orgId: row.provider_org_id,
      kind: 'answer',
      title: `Your question about a referral for ${await homeName(trx, row.home_id)} has been answered`,
      link: `/inbox/${row.id}`,
      referralId: row.referral_id,
    },
  ]);
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'referral',
      entityId: row.referral_id,
      detail: { recipientId: row.id, answered: question.id },
    },
  ]);
  return r;
}

export async function refuseOffer(
  trx: Tx,
  tenant: Tenant,
  input: { referralId: string; recipientId: string; reason: string; note?: string; now: Instant },
) {
  const row = await findRecipient(trx, input.recipientId, { lock: true });
  if (!row || row.org_id !== tenant.orgId || row.referral_id !== input.referralId) {
    throw new DomainError('not-found', 'No such offer');
  }
  const errors: FieldError[] = [];
  if (!isCode(DECLINE_REASONS, input.reason))
    errors.push({ field: 'reason', message: 'Select why the offer is refused' });
  else if (input.reason === 'other' && !input.note?.trim())
    errors.push({ field: 'note', message: 'Say why, when the reason is "Other"' });
  const found = input.note ? identifierMessage(findIdentifiers(input.note), 'the note') : undefined;
  if (found) errors.push({ field: 'note', message: found });
  throwIfInvalid(errors, 'Cannot refuse the offer');
  const note = input.note?.trim() || undefined;
  const r = await stepRecipient(
    trx,
    tenant,
    row.id,
    { type: 'refuse-offer', reason: input.reason as DeclineReason, ...(note ? { note } : {}) },
    input.now,
    { row },
  );
  await notify(trx, [
    {
      orgId: row.provider_org_id,
      kind: 'offer-refused',
      title: `Your offer for ${await homeName(trx, row.home_id)} was refused`,
      body: `Reason: ${DECLINE_REASONS[input.reason as DeclineReason]}.`,
      link: `/inbox/${row.id}`,
      referralId: row.referral_id,
    },
  ]);
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'referral',
      entityId: row.referral_id,
      detail: { recipientId: row.id, refused: input.reason },
    },
  ]);
  return r;
}

/** Widens the search to the next stage (framework providers, then an open search) and sends. */
export async function widenReferralSearch(
  trx: Tx,
  tenant: Tenant,
  input: { referralId: string; now: Instant; today: LocalDate },
): Promise<RoutingSummary> {
  const row = await ownReferral(trx, tenant, input.referralId);
  const recipients = (await recipientsOf(trx, row.id)).map(recipientState);
  const { state, events } = orThrow(
    widenSearch(referralState(row), { recipients, policy: routingPolicy() }, input.now),
  );
  await saveReferralState(trx, state);
  await appendEvents(
    trx,
    actorOf(tenant),
    events.map((e) => fromReferralEvent(e, row.org_id)),
  );
  const la = await requireOrganisation(trx, tenant.orgId);
  const child = await findChildRef(trx, row.child_id);
  const referral = domainReferral(row, { laCode: la.laCode ?? '', childRef: child?.child_ref });
  const set = await candidatesFor(trx, tenant, input.today);
  const summary = await routeAtStage(trx, tenant, {
    row,
    referral,
    laName: la.name,
    stage: state.stage!,
    set,
    now: input.now,
    today: input.today,
  });
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'referral',
      entityId: row.id,
      detail: { widenedTo: state.stage, sentTo: summary.sent.length },
    },
  ]);
  return summary;
}

/**
 * Sends the referral again at its current stage: to homes that fit and have not had it (new
 * vacancies in the LA's blocks since it was sent, or a referral that was recorded without being
 * routed). Homes already sent it are skipped; the cap still holds.
 */
export async function routeAgain(
  trx: Tx,
  tenant: Tenant,
  input: { referralId: string; now: Instant; today: LocalDate },
): Promise<RoutingSummary> {
  const row = await ownReferral(trx, tenant, input.referralId);
  const state = referralState(row);
  if (!['searching', 'offered'].includes(state.status) || !state.stage) {
    throw new DomainError('conflict', 'Only a referral that is still searching can be sent to more homes');
  }
  const la = await requireOrganisation(trx, tenant.orgId);
  const child = await findChildRef(trx, row.child_id);
  const summary = await routeAtStage(trx, tenant, {
    row,
    referral: domainReferral(row, { laCode: la.laCode ?? '', childRef: child?.child_ref }),
    laName: la.name,
    stage: state.stage,
    set: await candidatesFor(trx, tenant, input.today),
    now: input.now,
    today: input.today,
  });
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'referral',
      entityId: row.id,
      detail: { sentAgain: summary.sent.length },
    },
  ]);
  return summary;
}

/** The outcomes a referral can be closed with (withdrawing is its own step). */
export const CLOSE_OUTCOMES = Object.fromEntries(
  Object.entries(REFERRAL_OUTCOMES).filter(([k]) => k !== 'withdrawn'),
) as Record<Exclude<ReferralOutcome, 'withdrawn'>, string>;

export interface EndInput {
  referralId: string;
  now: Instant;
  /** Withdraw (the search is no longer needed), or close with where the child went. */
  how: 'withdraw' | 'close';
  outcome?: string;
  placementType?: string;
  startOn?: string;
  note?: string;
}

export function endErrors(input: EndInput, today: LocalDate): FieldError[] {
  const errors: FieldError[] = [];
  if (input.how === 'close') {
    if (!isCode(CLOSE_OUTCOMES, input.outcome)) {
      errors.push({ field: 'outcome', message: 'Select where the child went, or "No placement found"' });
    } else if (input.outcome !== 'no-placement') {
      if (!isCode(PLACEMENT_TYPES, input.placementType)) {
        errors.push({ field: 'placementType', message: 'Select the type of placement the child went to' });
      }
      if (!input.startOn) errors.push({ field: 'startOn', message: 'Enter the date the placement started' });
      else if (!isLocalDate(input.startOn))
        errors.push({ field: 'startOn', message: 'The start date must be a real date' });
      else if (input.startOn > today)
        errors.push({ field: 'startOn', message: 'The start date must be today or in the past' });
    }
  }
  const note = input.note?.trim() ?? '';
  if (note.length > 500) errors.push({ field: 'note', message: 'Keep the note to 500 characters or fewer' });
  const found = note ? identifierMessage(findIdentifiers(note), 'the note') : undefined;
  if (found) errors.push({ field: 'note', message: found });
  return errors;
}

/** Withdraws or closes a referral: every live copy is withdrawn and its provider told. */
export async function endReferral(trx: Tx, tenant: Tenant, input: EndInput & { today: LocalDate }) {
  const row = await ownReferral(trx, tenant, input.referralId);
  throwIfInvalid(
    endErrors(input, input.today),
    input.how === 'close' ? 'Cannot close the referral' : 'Cannot withdraw the referral',
  );
  const note = input.note?.trim() || undefined;
  const actor = actorOf(tenant);
  await stepReferral(
    trx,
    actor,
    row.id,
    input.how === 'withdraw'
      ? { type: 'withdraw', ...(note ? { note } : {}) }
      : {
          type: 'close',
          outcome: input.outcome as Exclude<ReferralOutcome, 'withdrawn'>,
          ...(input.outcome !== 'no-placement'
            ? { placementType: input.placementType as PlacementType, startOn: input.startOn! }
            : {}),
          ...(note ? { note } : {}),
        },
    input.now,
  );
  const rows = await recipientsOf(trx, row.id, { lock: true });
  const commands = withdrawnWith(
    row.id,
    rows.map(recipientState),
    input.how === 'withdraw' ? 'referral-withdrawn' : 'referral-closed',
  );
  const news: NewNotification[] = [];
  for (const c of commands) {
    const r = rows.find((x) => x.id === c.recipientId)!;
    if (!LIVE_RECIPIENT_STATUSES.includes(r.status as never)) continue;
    await applyRecipient(trx, actor, r, c.command, input.now);
    news.push({
      orgId: r.provider_org_id,
      kind: 'referral-withdrawn',
      title: `A referral for ${await homeName(trx, r.home_id)} has been withdrawn`,
      body: 'The local authority no longer needs a placement through this referral. Nothing more is needed from you.',
      link: `/inbox/${r.id}`,
      referralId: row.id,
    });
  }
  await notify(trx, news);
  await recordOutcome(trx, row.id);
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'referral',
      entityId: row.id,
      detail: { ended: input.how, outcome: input.outcome ?? 'withdrawn' },
    },
  ]);
}
