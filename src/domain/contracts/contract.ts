/**
 * A placement contract between one provider and one or more LAs, as plain data: what the database
 * stores and what the charges engine reads. Money is integer pence, rates and shares are integer
 * parts per million (PPM = 1,000,000 = 100%), and dates are LocalDate strings.
 */
import type { ContractKind } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';

export type ContractId = string;
export type LaId = string;
export type LotId = string;
export type HomeId = string;
export type BedId = string;

const labels = <K extends string>(m: Record<K, string>) => m;

/** The Essex report's rule of thumb: block no more than five beds in any one setting. */
export const DEFAULT_MAX_BEDS_PER_SETTING = 5;

/** Who pays for the hold days after a child leaves. */
export const HOLD_PAYERS = labels({
  'leaving-la': 'The LA whose child left',
  shared: 'All LAs, by their shares',
});
export type HoldPayer = keyof typeof HOLD_PAYERS;

/** What happens to an empty bed once the hold period is over. */
export const AFTER_HOLD_RULES = labels({
  'void-shared': 'Stays paid as a void, shared by the shares',
  released: 'Released unpaid (a retainer may apply)',
});
export type AfterHold = keyof typeof AFTER_HOLD_RULES;

/** One optional extension (e.g. the "+1"s of 3+1+1). `exercised` is absent until decided. */
export interface ExtensionOption {
  months: number;
  exercised?: boolean;
}

export interface Term {
  start: LocalDate;
  initialMonths: number;
  extensions: readonly ExtensionOption[];
  /** How long before the current end the decision on the next extension must be made. */
  extensionNoticeMonths: number;
}

/**
 * A break clause: the LAs may end the contract early by serving `noticeMonths` notice. With
 * `dates`, only those dates are break points; without, the break may fall on any date.
 */
export interface BreakClause {
  noticeMonths: number;
  dates?: readonly LocalDate[];
}

/** An LA's liability share in parts per million; a contract's shares sum to exactly 1,000,000. */
export interface LiabilityShare {
  la: LaId;
  name?: string;
  ppm: number;
}

/** A lot of the tender (e.g. Plymouth's existing homes within 20 miles, and new homes). */
export interface Lot {
  id: LotId;
  name: string;
  /** Weekly price per bed at the start of the contract, before any uplift. */
  weeklyPrice: Pence;
}

/** A blocked bed; `from` when it joins after the contract starts (a new home opening). */
export interface ContractBed {
  id: BedId;
  from?: LocalDate;
}

export interface ContractHome {
  id: HomeId;
  name: string;
  lot: LotId;
  beds: readonly ContractBed[];
  /** Overrides the lot's starting weekly price for this home. */
  weeklyPrice?: Pence;
}

export interface IndexPoint {
  /** The rate applies to anniversaries on or after this date, until the next point. */
  from: LocalDate;
  /** Annual change in parts per million (3.4% = 34,000). */
  ratePpm: number;
}

/** How weekly prices rise on each anniversary of the start date. */
export type UpliftRule =
  | { kind: 'none' }
  | { kind: 'fixed'; ratePpm: number }
  | { kind: 'index'; index: string; series: readonly IndexPoint[]; capPpm?: number; floorPpm?: number };

export interface VacancyRules {
  /** Calendar days a bed is held (and paid) after a placement ends. */
  holdDays: number;
  holdPayer: HoldPayer;
  afterHold: AfterHold;
  /** With `released`: the part of the price still paid, shared by the shares (0 = none). */
  retainerPpm: number;
}

export interface Contract {
  id: ContractId;
  name: string;
  kind: ContractKind;
  provider: { id: string; name: string };
  term: Term;
  breakClause?: BreakClause;
  shares: readonly LiabilityShare[];
  lots: readonly Lot[];
  homes: readonly ContractHome[];
  /** Cap on blocked beds in any one home (default 5). */
  maxBedsPerSetting: number;
  uplift: UpliftRule;
  vacancy: VacancyRules;
}

/** A bed with the home and lot it belongs to. */
export interface BedPlace {
  bed: ContractBed;
  home: ContractHome;
  lot: Lot | undefined;
}

/** Every bed of the contract keyed by id, with its home and lot. */
export function bedsOf(contract: Contract): Map<BedId, BedPlace> {
  const lots = new Map(contract.lots.map((l) => [l.id, l]));
  const out = new Map<BedId, BedPlace>();
  for (const home of contract.homes) {
    for (const bed of home.beds) out.set(bed.id, { bed, home, lot: lots.get(home.lot) });
  }
  return out;
}

/** The LA's display name (its id when the contract does not name it). */
export function laName(contract: Contract, la: LaId): string {
  return contract.shares.find((s) => s.la === la)?.name ?? la;
}
