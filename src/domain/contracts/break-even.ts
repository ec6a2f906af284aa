/**
 * Break-even occupancy: the share of paid bed-days that must be occupied for a block to cost no
 * more per occupied night than buying the same nights at spot. If every bed is paid for at the
 * block price B and a spot night costs S, the cost per occupied night is B / occupancy, which
 * equals S when occupancy = B / S. Central Bedfordshire's strategy (seed 003) compares a block at
 * £1,918 a week with an average spot price of £4,144: break-even at 46.3% occupancy.
 */
import type { Pence } from '../shared/money.ts';

/** Block weekly price ÷ spot weekly price; undefined when there is no spot price to compare. */
export function breakEvenOccupancy(blockWeekly: Pence, spotWeekly: Pence): number | undefined {
  return spotWeekly > 0 ? blockWeekly / spotWeekly : undefined;
}
