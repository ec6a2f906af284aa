/**
 * The plain data the sufficiency-gap analysis reads and writes. A referral summary is one referral
 * reduced to what sufficiency planning needs (no child details); a supply summary is one home
 * reduced to what it can offer. Both are cheap to produce from SQL.
 */
import type { NeedSegment, PlacementType, ReferralOutcome, Suitability } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';

export interface ReferralSummary {
  id: string;
  /** The placing LA (DfE code). */
  laCode: string;
  /**
   * Where the child needs to live, as the region divides itself (an LA code or a sub-area code):
   * demand and supply are matched on it.
   */
  area: string;
  segment: NeedSegment;
  referredOn: LocalDate;
  /** PDS suitability of each placement type, as the social worker judged it. */
  suitability: Readonly<Record<PlacementType, Suitability>>;
  /** Null while the referral is still open. */
  outcome: ReferralOutcome | null;
  /** The type of the placement made, when one was. */
  securedType: PlacementType | null;
  /** Straight-line miles from the child's home to the placement (DfE rule), when known. */
  distanceMiles: number | null;
  /** Whether the placement is outside the placing LA's boundary, when known. */
  placedOutOfArea: boolean | null;
}

export interface SupplySummary {
  homeId: string;
  providerId: string;
  /** LA the home is in. */
  laCode: string;
  /** The same area coding as referrals use. */
  area: string;
  placementType: PlacementType;
  /** Need segments the home can care for (its registration and statement of purpose). */
  segments: readonly NeedSegment[];
  places: number;
  /** Vacancies open now (or on the analysis date). */
  vacancies: number;
}

/** The type sought: the first preferred type, else the first suitable one (fostering first). */
export type SoughtType = PlacementType | 'unspecified';

/** Counts of referrals by what became of them; shared by every row of the analysis. */
export interface OutcomeCounts {
  referrals: number;
  placed: number;
  /** No placement found. */
  unmet: number;
  /** Placed, but in an unregistered setting: a sufficiency failure even though the child was placed. */
  unregistered: number;
  withdrawn: number;
  open: number;
}

export interface DemandSupplyRow extends OutcomeCounts {
  soughtType: SoughtType;
  segment: NeedSegment;
  area: string;
  /** Homes of that type in that area that care for that segment. */
  homes: number;
  places: number;
  vacancies: number;
  /** Referrals per open vacancy; null when there are no vacancies. */
  referralsPerVacancy: number | null;
}

export interface PlacementGapRow extends OutcomeCounts {
  /** Placing LA; null for the region. */
  laCode: string | null;
  /** unmet / (placed + unmet): of referrals that ended one way or the other, the share with no placement. */
  unmetShare: number | null;
  /** Placed more than 20 miles from home (distance known). */
  over20Miles: number;
  /** Placed outside the placing LA (known). */
  outOfArea: number;
  /** Either of the two above (each child counted once). */
  farOrOutOfArea: number;
  /** farOrOutOfArea / placed. */
  farOrOutOfAreaShare: number | null;
  /** Placed children for whom fostering was preferred and residential care was not. */
  fosterPreferredPlaced: number;
  /** …of whom were placed in residential care. */
  residentialWhereFosterPreferred: number;
}

export interface SegmentGapRow extends OutcomeCounts {
  laCode: string | null;
  segment: NeedSegment;
  over20Miles: number;
  outOfArea: number;
}

export interface SufficiencyGaps {
  /** Region-wide demand against supply by type sought, segment and area (every pair seen on either side). */
  demandSupply: DemandSupplyRow[];
  /** One row per placing LA, sorted by LA code. */
  byLa: PlacementGapRow[];
  region: PlacementGapRow;
  /** LA by segment, then the region by segment (laCode null). */
  bySegment: SegmentGapRow[];
}
