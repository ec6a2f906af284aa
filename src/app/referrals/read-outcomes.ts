/**
 * Sought vs secured from the outcome records the caller may read: an LA its own referrals, the
 * region's hub every LA of its region (aggregates only: outcome records hold no child-level detail).
 */
import { localAuthorities } from '../../db/queries/organisations.ts';
import { listOutcomeRecords } from '../../db/queries/referrals-intake.ts';
import type { Tx } from '../../db/tenant.ts';
import type { OutcomeRecord } from '../../domain/referrals/outcome.ts';
import { type OutcomeSummary, summariseOutcomes } from '../../domain/referrals/sought-secured.ts';
import type {
  DeclineReason,
  PlacementType,
  ReferralOutcome,
  RoutingStage,
} from '../../domain/shared/codes.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';

export async function outcomeRecords(
  trx: Tx,
  filter: { from?: LocalDate; to?: LocalDate } = {},
): Promise<OutcomeRecord[]> {
  const rows = await listOutcomeRecords(trx, filter);
  return rows.map((r) => ({
    referralId: r.referral_id,
    laCode: r.la_code,
    outcome: r.outcome as ReferralOutcome,
    submittedOn: r.submitted_on,
    endedOn: r.ended_on,
    idealPlacementType: r.ideal_placement_type as PlacementType | null,
    actualPlacementType: r.actual_placement_type as PlacementType | null,
    idealMet: r.ideal_met,
    daysToPlace: r.days_to_place,
    providersApproached: r.providers_approached,
    declineReasons: r.decline_reasons as DeclineReason[],
    stageReached: r.stage_reached as RoutingStage | null,
  }));
}

export interface OutcomesView {
  perLa: Array<OutcomeSummary & { laName: string }>;
  overall: OutcomeSummary;
  records: number;
}

export async function readOutcomes(
  trx: Tx,
  filter: { from?: LocalDate; to?: LocalDate } = {},
): Promise<OutcomesView> {
  const records = await outcomeRecords(trx, filter);
  const { perLa, overall } = summariseOutcomes(records);
  const names = new Map((await localAuthorities(trx)).map((o) => [o.laCode, o.name]));
  return {
    perLa: perLa.map((s) => ({ ...s, laName: names.get(s.laCode ?? '') ?? s.laCode ?? '' })),
    overall,
    records: records.length,
  };
}
