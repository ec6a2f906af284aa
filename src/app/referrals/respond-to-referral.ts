/**
 * A provider's responses to a referral routed to one of its homes: open it (recorded as viewed),
 * say it is interested (the fuller papers are released), ask the LA a question, shortlist it, make
 * an offer of a bed, or decline with a reason code. Each is one step (step.ts) in the provider's
 * transaction, and the referring LA is told.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../db/queries/audit.ts';
import { findRecipient, lockVacancy } from '../../db/queries/referrals.ts';
import { freeBedsOfHome } from '../../db/queries/referrals-homes.ts';
import {
  homeWithProvider,
  insertReferralMessage,
  liveContractOfBed,
  referralReference,
} from '../../db/queries/referrals-offers.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { findIdentifiers, identifierMessage } from '../../domain/referrals/identifiers.ts';
import { formatLondonTime, type Instant } from '../../domain/referrals/instant.ts';
import { decideBy, offerExpiresAt } from '../../domain/referrals/routing.ts';
import { DECLINE_REASONS, type DeclineReason, isCode } from '../../domain/shared/codes.ts';
import { formatLongDate, isLocalDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { formatPence } from '../../domain/shared/money.ts';
import { notify } from '../notifications/notify.ts';
import { routingPolicy } from './route-referral.ts';
import { type RecipientStepResult, stepRecipient } from './step.ts';

/** Names the LA's notifications use: the referral's reference, the home and the provider. */
async function namesFor(trx: Tx, r: RecipientStepResult['row']) {
  const referral = await referralReference(trx, r.referral_id);
  const home = await homeWithProvider(trx, r.home_id);
  return { reference: referral.reference, homeName: home.name, providerName: home.providerName };
}

async function tellLa(
  trx: Tx,
  r: RecipientStepResult['row'],
  kind: string,
  title: (n: Awaited<ReturnType<typeof namesFor>>) => string,
  body = '',
) {
  const names = await namesFor(trx, r);
  await notify(trx, [
    {
      orgId: r.org_id,
      kind,
      title: title(names),
      body,
      link: `/referrals/${r.referral_id}`,
      referralId: r.referral_id,
    },
  ]);
}

const audit = (
  trx: Tx,
  tenant: Tenant,
  r: RecipientStepResult['row'],
  what: string,
  detail: Record<string, unknown> = {},
) =>
  appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'referral',
      entityId: r.referral_id,
      detail: { recipientId: r.id, [what]: true, ...detail },
    },
  ]);

/** Opening a referral: recorded once as "viewed" so the LA can see it has been read. */
export async function viewAsProvider(trx: Tx, tenant: Tenant, recipientId: string, now: Instant) {
  const row = await findRecipient(trx, recipientId, { lock: true });
  if (!row || row.provider_org_id !== tenant.orgId) throw new DomainError('not-found', 'No such referral');
  if (row.status !== 'routed') return row;
  return (await stepRecipient(trx, tenant, recipientId, { type: 'view' }, now, { row })).row;
}

export async function expressInterest(trx: Tx, tenant: Tenant, input: { recipientId: string; now: Instant }) {
  const r = await stepRecipient(
    trx,
    tenant,
    input.recipientId,
    { type: 'express-interest', decideBy: decideBy(routingPolicy(), input.now) },
    input.now,
  );
  await tellLa(
    trx,
    r.row,
    'interest',
    (n) => `${n.providerName} is interested in ${n.reference} for ${n.homeName}`,
    `The fuller papers are now open to them. They have until ${formatLondonTime(r.state.respondBy)} to offer or decline.`,
  );
  await audit(trx, tenant, r.row, 'interested');
  return r;
}

export async function shortlistReferral(
  trx: Tx,
  tenant: Tenant,
  input: { recipientId: string; now: Instant },
) {
  const r = await stepRecipient(trx, tenant, input.recipientId, { type: 'shortlist' }, input.now);
  await tellLa(
    trx,
    r.row,
    'shortlisted',
    (n) => `${n.providerName} has shortlisted ${n.reference} for ${n.homeName}`,
  );
  await audit(trx, tenant, r.row, 'shortlisted');
  return r;
}

/** Free text in a question or answer: required, at most 2,000 characters, nothing identifying. */
export function messageErrors(body: string | undefined, field = 'body'): FieldError[] {
  const text = (body ?? '').trim();
  if (!text) return [{ field, message: 'Enter your question' }];
  if (text.length > 2000) return [{ field, message: 'Keep it to 2,000 characters or fewer' }];
  const found = identifierMessage(findIdentifiers(text), 'your message');
  return found ? [{ field, message: found }] : [];
}

/** The provider's own copy, or not-found (before any input is judged, so ids reveal nothing). */
async function ownCopy(trx: Tx, tenant: Tenant, recipientId: string) {
  const row = await findRecipient(trx, recipientId, { lock: true });
  if (!row || row.provider_org_id !== tenant.orgId) throw new DomainError('not-found', 'No such referral');
  return row;
}

export async function askQuestion(
  trx: Tx,
  tenant: Tenant,
  input: { recipientId: string; body: string; now: Instant },
) {
  await ownCopy(trx, tenant, input.recipientId);
  throwIfInvalid(messageErrors(input.body), 'Cannot send the question');
  const questionId = randomUUID();
  const r = await stepRecipient(
    trx,
    tenant,
    input.recipientId,
    { type: 'ask-question', questionId },
    input.now,
  );
  await insertReferralMessage(trx, {
    id: questionId,
    referral_id: r.row.referral_id,
    recipient_id: r.row.id,
    org_id: r.row.org_id,
    provider_org_id: r.row.provider_org_id,
    author_org_id: tenant.orgId,
    author_user_id: tenant.userId,
    kind: 'question',
    body: input.body.trim(),
    at: new Date(input.now),
  });
  await tellLa(
    trx,
    r.row,
    'question',
    (n) => `${n.providerName} has a question about ${n.reference} for ${n.homeName}`,
    "Answer it on the referral's page. The provider's deadline waits while the question is open.",
  );
  await audit(trx, tenant, r.row, 'asked');
  return { ...r, questionId };
}

export interface OfferInput {
  recipientId: string;
  bedId: string;
  startOn: LocalDate;
  /** Weekly price in pence; the contract's price for a block bed when omitted. */
  weeklyPricePence?: number;
  now: Instant;
  today: LocalDate;
}

/** The bed's contract price (the lot's, or the home's own), for an offer that names none. */
async function contractPrice(trx: Tx, bedId: string, on: LocalDate): Promise<number | undefined> {
  const c = await liveContractOfBed(trx, bedId, on);
  if (!c) return undefined;
  const t = c.terms as {
    lots?: Array<{ id: string; weeklyPrice: number }>;
    homes?: Array<{ id: string; lot: string; weeklyPrice?: number }>;
  };
  const home = t.homes?.find((h) => h.id === c.homeId);
  if (home?.weeklyPrice) return home.weeklyPrice;
  const lot = t.lots?.find((l) => l.id === home?.lot) ?? t.lots?.[0];
  return lot?.weeklyPrice;
}

export async function makeOffer(trx: Tx, tenant: Tenant, input: OfferInput) {
  const errors: FieldError[] = [];
  if (!isLocalDate(input.startOn)) errors.push({ field: 'startOn', message: 'Enter a real start date' });
  else if (input.startOn < input.today)
    errors.push({ field: 'startOn', message: 'The start date must be today or later' });
  if (
    input.weeklyPricePence !== undefined &&
    (!Number.isSafeInteger(input.weeklyPricePence) || input.weeklyPricePence <= 0)
  ) {
    errors.push({ field: 'weeklyPrice', message: 'Enter the weekly price in pounds, like 4300' });
  }
  const seen = await findRecipient(trx, input.recipientId);
  if (!seen || seen.provider_org_id !== tenant.orgId) throw new DomainError('not-found', 'No such referral');
  await lockVacancy(trx, seen.home_id);
  if (errors.length === 0) {
    const free = await freeBedsOfHome(trx, seen.home_id, input.startOn);
    if (!free.some((b) => b.id === input.bedId)) {
      errors.push({
        field: 'bedId',
        message: `Choose a bed in this home that is free from ${formatLongDate(input.startOn)}`,
      });
    }
  }
  throwIfInvalid(errors, 'Cannot make the offer');
  const price = input.weeklyPricePence ?? (await contractPrice(trx, input.bedId, input.startOn));
  if (price === undefined) {
    throwIfInvalid([
      { field: 'weeklyPrice', message: 'Enter the weekly price: this bed is not in a contract with a price' },
    ]);
  }
  const r = await stepRecipient(
    trx,
    tenant,
    input.recipientId,
    {
      type: 'make-offer',
      vacancyId: input.bedId,
      startOn: input.startOn,
      weeklyPrice: price,
      expiresAt: offerExpiresAt(routingPolicy(), input.now),
    },
    input.now,
  );
  await tellLa(
    trx,
    r.row,
    'offer',
    (n) => `Offer from ${n.providerName} for ${n.reference} at ${n.homeName}`,
    `Start ${formatLongDate(input.startOn)}, ${formatPence(price!)} a week. Accept or refuse by ${formatLondonTime(r.state.offer!.expiresAt)}.`,
  );
  await audit(trx, tenant, r.row, 'offered', { bedId: input.bedId });
  return r;
}

export async function declineReferral(
  trx: Tx,
  tenant: Tenant,
  input: { recipientId: string; reason: string; note?: string; now: Instant },
) {
  await ownCopy(trx, tenant, input.recipientId);
  const errors: FieldError[] = [];
  if (!isCode(DECLINE_REASONS, input.reason))
    errors.push({ field: 'reason', message: 'Select the reason for declining' });
  else if (input.reason === 'other' && !input.note?.trim())
    errors.push({ field: 'note', message: 'Say why, when the reason is "Other"' });
  const found = input.note ? identifierMessage(findIdentifiers(input.note), 'the note') : undefined;
  if (found) errors.push({ field: 'note', message: found });
  if ((input.note ?? '').length > 500)
    errors.push({ field: 'note', message: 'Keep the note to 500 characters or fewer' });
  throwIfInvalid(errors, 'Cannot decline');
  const reason = input.reason as DeclineReason;
  const note = input.note?.trim() || undefined;
  const r = await stepRecipient(
    trx,
    tenant,
    input.recipientId,
    { type: 'decline', reason, ...(note ? { note } : {}) },
    input.now,
  );
  await tellLa(
    trx,
    r.row,
    'declined',
    (n) => `${n.providerName} declined ${n.reference} for ${n.homeName}`,
    `Reason: ${DECLINE_REASONS[reason]}${note ? ` (${note})` : ''}.`,
  );
  await audit(trx, tenant, r.row, 'declined', { reason });
  return r;
}
