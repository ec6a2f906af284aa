/**
 * Sending a referral: the LA's answers become a pseudonymised child record (reference, month of
 * birth, sex, postcode sector, primary need, risks) and a referral, which is submitted and routed
 * at once (first to free beds in the LA's soft blocks where the home's registration fits), in one
 * transaction. Refused answers write nothing.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { requireOrganisation } from '../../db/queries/organisations.ts';
import { domainReferral, findReferral } from '../../db/queries/referrals.ts';
import {
  deleteReferralDraft,
  findChildByRef,
  highestReferenceNumber,
  insertChild,
  insertReferral,
  liveReferralOfChild,
  lockReferenceNumbering,
  updateChild,
} from '../../db/queries/referrals-intake.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import type { FormInput } from '../../domain/referrals/form-values.ts';
import type { Instant } from '../../domain/referrals/instant.ts';
import { initialStage } from '../../domain/referrals/routing.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { type ReadAnswers, readReferralAnswers } from './answers.ts';
import { candidatesFor, type RoutingSummary, routeAtStage, routingMatchOptions } from './route-referral.ts';
import { actorOf, stepReferral } from './step.ts';

export interface SubmitResult {
  referralId: string;
  reference: string;
  routing: RoutingSummary;
}

async function laOf(trx: Tx, tenant: Tenant) {
  const la = await requireOrganisation(trx, tenant.orgId);
  if (la.kind !== 'local-authority' || !la.laCode) {
    throw new DomainError('forbidden', 'Only a local authority can make a referral');
  }
  return { name: la.name, laCode: la.laCode };
}

/** The LA's next referral reference, like EAL-R008 (serialised per LA, so two at once never clash). */
async function nextReference(trx: Tx, tenant: Tenant, laName: string): Promise<string> {
  await lockReferenceNumbering(trx, tenant.orgId);
  const prefix = `${
    laName
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 3)
      .toUpperCase() || 'REF'
  }-R`;
  const n = await highestReferenceNumber(trx, tenant.orgId, prefix);
  return `${prefix}${String((n ?? 0) + 1).padStart(3, '0')}`;
}

/** Creates or refreshes the child record for the answers; returns its id and whether it is new. */
async function upsertChild(
  trx: Tx,
  tenant: Tenant,
  a: ReadAnswers,
): Promise<{ id: string; created: boolean }> {
  const existing = await findChildByRef(trx, tenant.orgId, a.child.childRef);
  const values = {
    sex: a.child.sex,
    born_in: a.bornIn,
    home_postcode_sector: a.requirements.familyPostcodeSector ?? null,
    legal_status: a.child.legalStatus ?? null,
    primary_need: a.child.primaryNeed,
    risks: [...a.child.risks],
  };
  if (existing) {
    await updateChild(trx, existing.id, values);
    return { id: existing.id, created: false };
  }
  const id = await insertChild(trx, { org_id: tenant.orgId, child_ref: a.child.childRef, ...values });
  return { id, created: true };
}

/** Reads the answers or throws a `validation` error naming each field (nothing is written). */
export function answersOrThrow(answers: FormInput, today: LocalDate): ReadAnswers {
  const read = readReferralAnswers(answers, today);
  if (!read.ok) {
    throw new DomainError(
      'validation',
      `The referral has ${read.errors.length === 1 ? 'an error' : `${read.errors.length} errors`}`,
      read.errors,
    );
  }
  return read.value;
}

export async function submitReferral(
  trx: Tx,
  tenant: Tenant,
  input: { answers: FormInput; now: Instant; today: LocalDate; draftId?: string },
): Promise<SubmitResult> {
  const la = await laOf(trx, tenant);
  const a = answersOrThrow(input.answers, input.today);
  const live = await liveReferralOfChild(trx, tenant.orgId, a.child.childRef);
  if (live) {
    const message = `${a.child.childRef} already has a live referral (${live.reference}): update or close that one`;
    throw new DomainError('validation', message, [{ field: 'childRef', message }]);
  }

  const child = await upsertChild(trx, tenant, a);
  const reference = await nextReference(trx, tenant, la.name);
  const { childRef: _ref, ...profile } = a.child;
  const insertedId = await insertReferral(trx, {
    org_id: tenant.orgId,
    child_id: child.id,
    reference,
    status: 'draft',
    needed_by: a.requirements.neededBy,
    latest_start: a.requirements.latestStart,
    profile: JSON.stringify(profile),
    requirements: JSON.stringify(a.requirements),
    pen_portrait: a.requirements.penPortrait,
    created_by: tenant.userId,
    created_at: input.now,
  });
  const row = (await findReferral(trx, insertedId))!;
  const referral = domainReferral(row, { laCode: la.laCode, childRef: a.child.childRef });

  const set = await candidatesFor(trx, tenant, input.today);
  const stage = initialStage(referral, set.candidates, routingMatchOptions(input.today));
  await stepReferral(trx, actorOf(tenant), row.id, { type: 'submit', stage }, input.now);
  const routing = await routeAtStage(trx, tenant, {
    row,
    referral,
    laName: la.name,
    stage,
    set,
    now: input.now,
    today: input.today,
  });
  await appendAudit(trx, tenant, [
    { action: child.created ? 'create' : 'update', entityType: 'child', entityId: child.id },
    {
      action: 'create',
      entityType: 'referral',
      entityId: row.id,
      detail: { childId: child.id, reference, stage, sentTo: routing.sent.length },
    },
  ]);
  if (input.draftId) await deleteReferralDraft(trx, input.draftId);
  return { referralId: row.id, reference, routing };
}
