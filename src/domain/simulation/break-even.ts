/**
 * The one-line economics under the simulation. Every occupied block bed-day replaces a spot
 * bed-day, saving (spot − block); every empty paid bed-day costs the block rate times the share of
 * it the void rule makes the LAs pay. So a block saves money exactly when its occupancy beats
 *
 *   break-even = f·block / (spot − block + f·block)
 *
 * which is block / spot when empty beds are paid in full (f = 1). Everything else the simulator
 * does is about what occupancy a block of a given size will actually achieve.
 */
import type { Pence } from '../shared/money.ts';
import type { Scenario, VoidRule } from './scenario.ts';
import { buildTimeline, priceIndex } from './timeline.ts';

/** Weeks in a (365-day) year, as placement costs are charged by the night: 52.142857… */
export const WEEKS_PER_YEAR = 365 / 7;

/** The share of a void bed-day's block rate the LAs pay under a void rule. */
export function voidPaidFraction(rule: VoidRule): number {
  if (rule.kind === 'pay-in-full') return 1;
  if (rule.kind === 'retainer') return rule.percent / 100;
  return 0;
}

/**
 * Occupancy at which the block costs the same as buying the same child-days spot. Above 1 means the
 * block cannot save money at any occupancy (it costs more than spot even when full).
 */
export function breakEvenOccupancy(blockWeekly: Pence, spotWeekly: Pence, paidFraction = 1): number {
  if (spotWeekly <= 0) throw new RangeError('the spot rate must be above zero');
  // Dearer than spot: every occupied day loses money too, so no occupancy can save.
  if (blockWeekly > spotWeekly) return Number.POSITIVE_INFINITY;
  const paidVoid = paidFraction * blockWeekly;
  if (paidVoid === 0) return blockWeekly < spotWeekly ? 0 : 1;
  return paidVoid / (spotWeekly - blockWeekly + paidVoid);
}

/**
 * The scenario's break-even over its whole term, with each price weighted by its own uplift or
 * inflation (if spot inflation outruns the block uplift, the block gets cheaper to justify). The
 * paid share of a void day is the void rule's unless given.
 */
export function scenarioBreakEven(s: Scenario, paidFraction = voidPaidFraction(s.block.voidRule)): number {
  const tl = buildTimeline(s.startDate, s.termMonths);
  const block =
    (s.block.weeklyPence * priceIndex(tl, s.block.annualUpliftPercent).at(tl.termDays)) / tl.termDays;
  const spot =
    (s.spot.weeklyPence * priceIndex(tl, s.spot.annualInflationPercent).at(tl.termDays)) / tl.termDays;
  return breakEvenOccupancy(block, spot, paidFraction);
}

/**
 * What `beds` beds at a weekly rate cost over a year, rounded once to the penny. A year is 365 days
 * (52.14 weeks, as nightly charging gives) unless the caller uses the 52-week convention some
 * finance teams and business cases use.
 */
export function annualCost(weekly: Pence, beds = 1, weeksPerYear = WEEKS_PER_YEAR): Pence {
  return Math.round(weekly * beds * weeksPerYear);
}

/** A per-year amount as a weekly one, using the finance convention of 52 weeks unless told otherwise. */
export function weeklyFromAnnual(annual: Pence, weeksPerYear = 52): Pence {
  return Math.round(annual / weeksPerYear);
}

export interface AnnualSavingInput {
  beds: number;
  occupancy: number;
  blockWeekly: Pence;
  spotWeekly: Pence;
  paidFraction?: number;
  weeksPerYear?: number;
}

/**
 * A year's saving of the block against spot at a steady occupancy: occupied bed-years × (spot −
 * block), less empty bed-years × the paid part of the block rate. Negative means the block costs more.
 */
export function annualSaving(i: AnnualSavingInput): Pence {
  const f = i.paidFraction ?? 1;
  const perBedWeek = i.occupancy * (i.spotWeekly - i.blockWeekly) - (1 - i.occupancy) * f * i.blockWeekly;
  return Math.round(perBedWeek * i.beds * (i.weeksPerYear ?? WEEKS_PER_YEAR));
}
