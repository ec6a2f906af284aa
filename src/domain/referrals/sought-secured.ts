/**
 * Sought vs secured per LA: the table that shows true demand. Counts by outcome, the share of
 * children placed and the share placed in the type that was sought, median days to place and
 * providers approached, decline reasons, and the sought-by-secured cross-table. Pure aggregation
 * over outcome records; suppression of small numbers, where a table is published, is pricing's.
 */
import {
  DECLINE_REASONS,
  type DeclineReason,
  type PlacementType,
  REFERRAL_OUTCOMES,
  type ReferralOutcome,
} from '../shared/codes.ts';
import type { OutcomeRecord } from './outcome.ts';

export interface SoughtSecuredCell {
  sought: PlacementType | 'not-specified';
  secured: PlacementType | 'not-placed';
  count: number;
}

export interface OutcomeSummary {
  /** The LA's DfE code; null for the row covering every LA. */
  laCode: string | null;
  referrals: number;
  byOutcome: Record<ReferralOutcome, number>;
  placed: number;
  /** Percentage of referrals that ended in a placement (one decimal place); null with no referrals. */
  placedPercent: number | null;
  /** Placed children for whom a type was preferred. */
  placedWithIdeal: number;
  idealMet: number;
  /** Percentage of those placed in a preferred type; null when there are none. */
  idealMetPercent: number | null;
  medianDaysToPlace: number | null;
  medianProvidersApproached: number | null;
  declineReasons: Record<DeclineReason, number>;
  /** Non-empty cells only, sought then secured in code-list order. */
  soughtVsSecured: SoughtSecuredCell[];
}

/** The middle value (the mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}

const zeros = <K extends string>(keys: Record<K, unknown>) =>
  Object.fromEntries(Object.keys(keys).map((k) => [k, 0])) as Record<K, number>;

const SOUGHT_ORDER = ['residential', 'foster', 'supported-accommodation', 'not-specified'];
const SECURED_ORDER = ['residential', 'foster', 'supported-accommodation', 'not-placed'];

function summarise(laCode: string | null, records: readonly OutcomeRecord[]): OutcomeSummary {
  const byOutcome = zeros(REFERRAL_OUTCOMES);
  const declineReasons = zeros(DECLINE_REASONS);
  const cells = new Map<string, SoughtSecuredCell>();
  for (const r of records) {
    byOutcome[r.outcome]++;
    for (const d of r.declineReasons) declineReasons[d]++;
    const sought = r.idealPlacementType ?? 'not-specified';
    const secured = r.actualPlacementType ?? 'not-placed';
    const key = `${sought}|${secured}`;
    const cell = cells.get(key) ?? { sought, secured, count: 0 };
    cell.count++;
    cells.set(key, cell);
  }
  const placedRecords = records.filter((r) => r.actualPlacementType !== null);
  const withIdeal = placedRecords.filter((r) => r.idealMet !== null);
  const idealMet = withIdeal.filter((r) => r.idealMet).length;
  return {
    laCode,
    referrals: records.length,
    byOutcome,
    placed: placedRecords.length,
    placedPercent: percent(placedRecords.length, records.length),
    placedWithIdeal: withIdeal.length,
    idealMet,
    idealMetPercent: percent(idealMet, withIdeal.length),
    medianDaysToPlace: median(placedRecords.flatMap((r) => (r.daysToPlace === null ? [] : [r.daysToPlace]))),
    medianProvidersApproached: median(records.map((r) => r.providersApproached)),
    declineReasons,
    soughtVsSecured: [...cells.values()].sort(
      (a, b) =>
        SOUGHT_ORDER.indexOf(a.sought) - SOUGHT_ORDER.indexOf(b.sought) ||
        SECURED_ORDER.indexOf(a.secured) - SECURED_ORDER.indexOf(b.secured),
    ),
  };
}

/** One summary per LA (by DfE code, ascending), then the row for all LAs together. */
export function summariseOutcomes(records: readonly OutcomeRecord[]): {
  perLa: OutcomeSummary[];
  overall: OutcomeSummary;
} {
  const byLa = new Map<string, OutcomeRecord[]>();
  for (const r of records) {
    const list = byLa.get(r.laCode);
    if (list) list.push(r);
    else byLa.set(r.laCode, [r]);
  }
  const perLa = [...byLa.keys()].sort().map((la) => summarise(la, byLa.get(la)!));
  return { perLa, overall: summarise(null, records) };
}
