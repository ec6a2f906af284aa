/**
 * The bed ledger: the facts recorded about each contracted bed. States per day (occupied, held,
 * void, unavailable, decommissioned) are never stored; they are derived from these facts in
 * bed-days.ts, so there is one source of truth and nothing to keep in step.
 *
 * Every end date is exclusive, as in the rest of the product ([from, to)): a placement that ends on
 * 15 May was last charged for the night of 14 May; an unavailability that ends on 20 June means the
 * bed can be used again on 20 June.
 */
import type { NeedSegment } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';

export type BedId = string;
export type LaId = string;
export type PlacementId = string;

const labels = <K extends string>(m: Record<K, string>) => m;

/** How a placement ended: planned (a move agreed in the care plan) or unplanned (a breakdown). */
export const ENDINGS = labels({ planned: 'Planned', unplanned: 'Unplanned' });
export type Ending = keyof typeof ENDINGS;

/** Weekly extras on top of the core fee, each itemised on the placing LA's statement. */
export const EXTRA_TYPES = labels({
  education: 'Education',
  therapy: 'Therapy',
  transport: 'Transport',
  health: 'Health contribution',
  other: 'Other',
});
export type ExtraType = keyof typeof EXTRA_TYPES;

/** Who decided a bed could not be used: the provider (not paid) or the LAs together (paid as void). */
export const UNAVAILABILITY_KINDS = labels({
  provider: 'Provider-led (not paid)',
  agreed: 'Agreed with the LAs (paid as void)',
});
export type UnavailabilityKind = keyof typeof UNAVAILABILITY_KINDS;

export interface PlacementExtra {
  type: ExtraType;
  /** Weekly amount in pence, charged per night at weekly / 7 while the child is in the bed. */
  weekly: Pence;
  /** Defaults to the placement's start. */
  from?: LocalDate;
  /** Exclusive; defaults to the placement's end. */
  to?: LocalDate;
  /** Source row (1-based, as spreadsheets count) when the extra came from a file. */
  row?: number;
}

/** One child of one LA in one bed. No child details: the ledger only needs who pays. */
export interface Placement {
  id: PlacementId;
  bed: BedId;
  la: LaId;
  start: LocalDate;
  /** The day the child left (exclusive); absent while the placement continues. */
  end?: LocalDate;
  /** Required once the placement has ended. */
  ending?: Ending;
  needSegment: NeedSegment;
  /** Distance from the child's home address, when known. */
  distanceMiles?: number;
  extras?: readonly PlacementExtra[];
  row?: number;
}

/** A period when the bed cannot be offered. */
export interface Unavailability {
  id: string;
  bed: BedId;
  from: LocalDate;
  /** Exclusive; absent while it continues. */
  to?: LocalDate;
  kind: UnavailabilityKind;
  reason: string;
  row?: number;
}

/** The bed leaves the contract for good from `from` (e.g. the home closes or is de-registered). */
export interface Decommissioning {
  bed: BedId;
  from: LocalDate;
  reason?: string;
  row?: number;
}

export interface Ledger {
  placements: readonly Placement[];
  unavailability: readonly Unavailability[];
  decommissions: readonly Decommissioning[];
}

/** The period a bed is part of a contract: from the day it joins to the contract's current end. */
export interface BedWindow {
  bed: BedId;
  from: LocalDate;
  /** Exclusive. */
  to: LocalDate;
}

/** What the ledger is checked against: the contract's beds and the LAs allowed to place. */
export interface LedgerFrame {
  windows: readonly BedWindow[];
  las: readonly LaId[];
}
