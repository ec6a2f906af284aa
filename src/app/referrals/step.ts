/**
 * One step of the pathway, the same way every time: lock the row, apply the pure transition
 * (src/domain/referrals), store the new state and append its events with their time and actor, in
 * the caller's transaction. A recipient's step may imply one for the referral (an offer made is an
 * offer received; an open offer that ends has lapsed): that is applied here too, with the
 * application's rights when the actor is the provider (it may not write the LA's referral).
 */
import {
  appendEvents,
  findRecipient,
  findReferral,
  fromRecipientEvent,
  fromReferralEvent,
  type RecipientRow,
  recipientState,
  referralState,
  saveRecipientState,
  saveReferralState,
  withApplicationRights,
} from '../../db/queries/referrals.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import type { Instant } from '../../domain/referrals/instant.ts';
import {
  type ReferralCommand,
  type ReferralState,
  referralTransition,
} from '../../domain/referrals/lifecycle.ts';
import {
  type RecipientCommand,
  type RecipientEvent,
  type RecipientState,
  recipientTransition,
} from '../../domain/referrals/recipient.ts';
import { referralCommandFor } from '../../domain/referrals/recipient-effects.ts';
import { orThrow } from '../../domain/referrals/transition.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/** Who acts: a person in an organisation, or the application itself (expiry). */
export type Actor = { orgId: string | null; userId: string | null };
export const APPLICATION: Actor = { orgId: null, userId: null };
export const actorOf = (t: Tenant): Actor => ({ orgId: t.orgId, userId: t.userId });

/** Commands each side may give a copy of a referral. */
const PROVIDER_COMMANDS = new Set([
  'view',
  'express-interest',
  'ask-question',
  'shortlist',
  'make-offer',
  'decline',
]);
const LA_COMMANDS = new Set(['answer-question', 'accept-offer', 'refuse-offer', 'withdraw', 'supersede']);

export interface ReferralStepResult {
  before: ReferralState;
  state: ReferralState;
}

/** Applies a command to a referral (locked) and stores it with its events. */
export async function stepReferral(
  trx: Tx,
  actor: Actor,
  referralId: string,
  command: ReferralCommand,
  now: Instant,
): Promise<ReferralStepResult> {
  const row = await findReferral(trx, referralId, { lock: true });
  if (!row) throw new DomainError('not-found', 'No such referral');
  const before = referralState(row);
  const { state, events } = orThrow(referralTransition(before, command, now));
  if (events.length > 0 || state !== before) await saveReferralState(trx, state);
  await appendEvents(
    trx,
    actor,
    events.map((e) => fromReferralEvent(e, row.org_id)),
  );
  return { before, state };
}

export interface RecipientStepResult {
  row: RecipientRow;
  before: RecipientState;
  state: RecipientState;
  events: RecipientEvent[];
}

/**
 * Applies a command to one recipient. `tenant` must be the side the command belongs to (the
 * provider for view, interest, questions, shortlist, offer and decline; the referring LA for
 * answers, accepting or refusing an offer); the other side gets `forbidden`. Rows the tenant cannot
 * see are `not-found`, exactly like a missing id.
 */
export async function stepRecipient(
  trx: Tx,
  tenant: Tenant,
  recipientId: string,
  command: RecipientCommand,
  now: Instant,
  opts: { row?: RecipientRow } = {},
): Promise<RecipientStepResult> {
  const row = opts.row ?? (await findRecipient(trx, recipientId, { lock: true }));
  if (!row) throw new DomainError('not-found', 'No such referral');
  const provider = PROVIDER_COMMANDS.has(command.type);
  const mine = provider ? row.provider_org_id === tenant.orgId : row.org_id === tenant.orgId;
  if (!mine || (!provider && !LA_COMMANDS.has(command.type))) {
    throw new DomainError(
      'forbidden',
      provider ? 'Only the provider can do that' : 'Only the referring local authority can do that',
    );
  }
  return applyRecipient(trx, actorOf(tenant), row, command, now);
}

/** The step itself, for callers that have already checked who may act (accepting, expiry). */
export async function applyRecipient(
  trx: Tx,
  actor: Actor,
  row: RecipientRow,
  command: RecipientCommand,
  now: Instant,
): Promise<RecipientStepResult> {
  const before = recipientState(row);
  const { state, events } = orThrow(recipientTransition(before, command, now));
  if (events.length > 0) await saveRecipientState(trx, state, events);
  await appendEvents(
    trx,
    actor,
    events.map((e) => fromRecipientEvent(e, row.org_id, row.provider_org_id)),
  );
  // Keep the referral in step. The provider may not write the LA's referral, so its effect is
  // applied with the application's rights (it returns nothing to the provider).
  const implied = events
    .map((e) => referralCommandFor(e, before))
    .filter((c): c is ReferralCommand => c !== null);
  if (implied.length > 0) {
    const effect = async () => {
      for (const c of implied) await stepReferral(trx, actor, row.referral_id, c, now);
    };
    if (actor.orgId === row.org_id) await effect();
    else await withApplicationRights(trx, effect);
  }
  return { row, before, state, events };
}
