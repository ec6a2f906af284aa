/**
 * A block-contract scenario: who refers children who would fit the block, how long they stay, how
 * hard they are to match, and what the contract costs and allows. Plain data, so the web layer can
 * store it as JSON beside its results; the scenario file (src/importers/scenario) turns a
 * human-written file into one of these, and `validateScenario` checks the business rules.
 *
 * Money is integer pence (weekly rates, as contracts quote them); liability shares are parts per
 * million summing to exactly 1,000,000, so void costs split to the penny.
 */
import type { NeedSegment } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';

/** One local authority taking part in the block (or the only one, for a single-LA hard block). */
export interface LaDemand {
  /** Short code shown in tables (e.g. an ONS code or "CBC"). Unique within the scenario. */
  code: string;
  name: string;
  /** Children a year who need a placement of the block's kind and would fit its homes. */
  referralsPerYear: number;
  /** This LA's share of the cost of empty (held or void) block beds, in parts per million. */
  sharePpm: number;
  /**
   * Chance that this LA's spot placement is out of its area; overrides `spot.outOfAreaProbability`
   * (London boroughs place out of area far more often than a shire county does).
   */
  outOfAreaProbability?: number;
}

/**
 * How long a child stays in the placement, in days, from the day the need arises. Either an
 * empirical list (SSDA903 episode durations of comparable children, resampled) or a parametric
 * shape fixed by its mean: the Erlang check shows only the mean matters for occupancy in a loss
 * system, but the shape matters for the spread of costs.
 */
export type StayLength =
  | { kind: 'empirical'; days: readonly number[] }
  | { kind: 'exponential'; meanDays: number }
  | { kind: 'lognormal'; meanDays: number; sdDays: number }
  | { kind: 'gamma'; meanDays: number; shape: number };

/**
 * What the LAs pay for an empty bed once the hold period has run out.
 * - `pay-in-full`: a hard guarantee; every empty day is paid at the block rate.
 * - `retainer`: empty days after the hold are paid at `percent` of the block rate.
 * - `release`: the LAs stop paying; the provider may sell the bed outside the block (an outside
 *   child arrives after an exponential wait with mean `outsideFillMeanDays`, and the bed comes back
 *   to the block, with a fresh hold, when that child leaves). Without `outsideFillMeanDays` the bed
 *   stays empty and unpaid until a block child comes.
 */
export type VoidRule =
  | { kind: 'pay-in-full' }
  | { kind: 'retainer'; percent: number }
  | { kind: 'release'; outsideFillMeanDays?: number };

export interface BlockTerms {
  beds: number;
  weeklyPence: Pence;
  /** Uplift applied on each contract anniversary (3 means 3% a year). */
  annualUpliftPercent: number;
  /** Days after a bed falls vacant during which it is kept, and paid for, for the block's LAs. */
  holdDays: number;
  voidRule: VoidRule;
  /**
   * `empty`: the beds are empty on day one (a new contract). `steady-state`: the block starts as if
   * it had been running for years (a re-let with children already living there).
   */
  startsAs: 'empty' | 'steady-state';
}

export interface SpotMarket {
  weeklyPence: Pence;
  /** Market inflation applied on each contract anniversary (the spot counterfactual moves too). */
  annualInflationPercent: number;
  /** Chance that a spot placement is out of the child's home area (LA overrides apply). */
  outOfAreaProbability: number;
}

export interface Matching {
  /** Chance that a referred child is a suitable match for a vacant block bed. */
  probability: number;
  /** Days from referral to moving in; the bed is reserved (and paid) and the child is placed elsewhere meanwhile. */
  days: number;
}

/**
 * A break clause the LAs can use when the block is under-used: at the end of any month from
 * `earliestNoticeMonth`, if the block's occupancy over the last `reviewMonths` months is below
 * `occupancyBelow`, notice is served and the block ends `noticeMonths` later (Essex: six months).
 */
export interface BreakClause {
  earliestNoticeMonth: number;
  noticeMonths: number;
  occupancyBelow: number;
  reviewMonths: number;
}

export interface Scenario {
  name: string;
  startDate: LocalDate;
  termMonths: number;
  breakClause?: BreakClause;
  las: readonly LaDemand[];
  stayLength: StayLength;
  matching: Matching;
  block: BlockTerms;
  spot: SpotMarket;
  /** Needs mix the business case assumes for children placed in the block (shares summing to 1). */
  needsMix?: Partial<Record<NeedSegment, number>>;
}

/** Days in a year for turning annual referral rates into daily ones. */
export const DAYS_PER_YEAR = 365.25;

/** A copy of the scenario with a different block size (sizing sweeps keep everything else fixed). */
export function withBeds(s: Scenario, beds: number): Scenario {
  return { ...s, block: { ...s.block, beds } };
}

/** A copy of the scenario with a different block price. */
export function withBlockPrice(s: Scenario, weeklyPence: Pence): Scenario {
  return { ...s, block: { ...s.block, weeklyPence } };
}

/** Total referrals a year across the LAs. */
export function totalReferralsPerYear(s: Scenario): number {
  return s.las.reduce((a, la) => a + la.referralsPerYear, 0);
}
