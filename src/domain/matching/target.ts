/**
 * What a referral is matched against: a home as its registration describes it, the children who
 * live there now, and (when a bed is free) the vacancy. Plain data that the repository layer
 * assembles from the directory, the bed ledger and the residents' anonymised profiles.
 */
import type { HomeProfile } from '../directory/home.ts';
import type { RiskCode, Sex } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';

/**
 * A child living in the home now, as the provider describes them for matching: age, sex and the
 * PDS risks they are at or present. Nothing else about residents is needed or shared.
 */
export interface Resident {
  ageYears: number;
  sex: Sex;
  risks: readonly RiskCode[];
}

/** A free bed (or a group of free beds in one home) that referrals can be made against. */
export interface Vacancy {
  id: string;
  /** Beds free together: a child with two siblings to place with needs three. */
  beds: number;
  /** First night the bed can be used. */
  availableFrom: LocalDate;
}

export interface MatchTarget {
  home: HomeProfile;
  residents: readonly Resident[];
  /** Absent when ranking homes for a referral before any bed is free (open search). */
  vacancy?: Vacancy;
}
