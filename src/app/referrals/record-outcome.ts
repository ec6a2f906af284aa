/**
 * Sought vs secured: when a referral ends (placed, withdrawn or closed) its outcome record is kept
 * in `referral_outcome` (no child-level detail), which the LA and its region's hub read. Referrals
 * that ended before this table existed (the demo's, imports) are filled in by `backfillOutcomes`.
 */

import type { Kysely } from 'kysely';
import { requireOrganisation } from '../../db/queries/organisations.ts';
import {
  domainReferral,
  findReferral,
  type ReferralRow,
  recipientState,
  recipientsOf,
  referralState,
} from '../../db/queries/referrals.ts';
import {
  findPlacementHome,
  insertReferralOutcome,
  referralsMissingOutcome,
} from '../../db/queries/referrals-offers.ts';
import type { DB } from '../../db/schema.ts';
import { type Executor, withSystem } from '../../db/tenant.ts';
import { type OutcomeRecord, outcomeRecord } from '../../domain/referrals/outcome.ts';

export function outcomeColumns(o: OutcomeRecord, orgId: string, regionCode: string) {
  return {
    referral_id: o.referralId,
    org_id: orgId,
    region_code: regionCode,
    la_code: o.laCode,
    outcome: o.outcome,
    submitted_on: o.submittedOn,
    ended_on: o.endedOn,
    ideal_placement_type: o.idealPlacementType,
    actual_placement_type: o.actualPlacementType,
    ideal_met: o.idealMet,
    days_to_place: o.daysToPlace,
    providers_approached: o.providersApproached,
    decline_reasons: o.declineReasons,
    stage_reached: o.stageReached,
  };
}

/** The outcome record of an ended referral, from its row and its recipients. */
export async function outcomeOf(db: Executor, row: ReferralRow, laCode: string): Promise<OutcomeRecord> {
  const recipients = (await recipientsOf(db, row.id)).map(recipientState);
  const state = referralState(row);
  // Placed referrals from before the pathway carry no placement record of their own: the type of
  // the home they went to stands for it.
  if (
    state.outcome &&
    state.outcome !== 'withdrawn' &&
    state.outcome !== 'no-placement' &&
    !state.placement &&
    row.placement_id
  ) {
    const p = await findPlacementHome(db, row.placement_id);
    if (p) {
      state.placement = {
        placementType: p.type,
        startOn: p.startOn,
        homeId: p.homeId,
        vacancyId: null,
        recipientId: null,
      };
    }
  }
  return outcomeRecord(domainReferral(row, { laCode }), state, recipients);
}

/** Writes the outcome record of a referral that has just ended (in the LA's transaction). */
export async function recordOutcome(db: Executor, referralId: string): Promise<void> {
  const row = await findReferral(db, referralId);
  if (!row || !['placed', 'withdrawn', 'closed'].includes(row.status) || !row.outcome) return;
  const la = await requireOrganisation(db, row.org_id);
  const record = await outcomeOf(db, row, la.laCode ?? '');
  await insertReferralOutcome(db, outcomeColumns(record, row.org_id, la.regionCode));
}

/** Adds the outcome records of ended referrals that have none (the application's own work). */
export async function backfillOutcomes(db: Kysely<DB>, limit = 500): Promise<number> {
  return withSystem(db, async (trx) => {
    const missing = await referralsMissingOutcome(trx, limit);
    for (const m of missing) await recordOutcome(trx, m.id);
    return missing.length;
  });
}
