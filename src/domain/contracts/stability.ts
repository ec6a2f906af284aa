/**
 * Placement stability and proximity, the two outcome measures the seeds keep returning to: how
 * many placements end soon after they start (within 28 days, within 12 months; planned or not),
 * and how many children live within 20 miles of home (Plymouth's first lot was homes within 20
 * miles of the city).
 */
import type { Placement } from '../occupancy/ledger.ts';
import { addMonths, type DayRange, daysBetween } from '../shared/dates.ts';

export const EARLY_ENDING_DAYS = 28;
export const NEAR_HOME_MILES = 20;

export interface EndingCounts {
  planned: number;
  unplanned: number;
  total: number;
}

export interface Stability {
  /** Placements that ended within the range. */
  ended: EndingCounts;
  /** Of those, the ones that lasted 28 nights or fewer. */
  within28Days: EndingCounts;
  /** Of those, the ones that ended on or before the first anniversary of their start. */
  within12Months: EndingCounts;
}

const zero = (): EndingCounts => ({ planned: 0, unplanned: 0, total: 0 });
const count = (c: EndingCounts, p: Placement) => {
  c.total++;
  if (p.ending === 'unplanned') c.unplanned++;
  else c.planned++;
};

/** Endings within the range, and how many came early. */
export function placementStability(placements: readonly Placement[], range: DayRange): Stability {
  const s: Stability = { ended: zero(), within28Days: zero(), within12Months: zero() };
  for (const p of placements) {
    if (p.end === undefined || p.end < range.from || p.end >= range.to) continue;
    count(s.ended, p);
    if (daysBetween(p.start, p.end) <= EARLY_ENDING_DAYS) count(s.within28Days, p);
    if (p.end <= addMonths(p.start, 12)) count(s.within12Months, p);
  }
  return s;
}

export interface Proximity {
  /** Placements in a bed at some point in the range. */
  placements: number;
  knownDistance: number;
  within20Miles: number;
  /** within20Miles ÷ knownDistance; null when no distance is known. */
  share: number | null;
}

/** How many of the placements active in the range are within 20 miles of home. */
export function proximity(placements: readonly Placement[], range: DayRange): Proximity {
  let active = 0;
  let known = 0;
  let near = 0;
  for (const p of placements) {
    if (p.start >= range.to || (p.end !== undefined && p.end <= range.from)) continue;
    active++;
    if (p.distanceMiles === undefined) continue;
    known++;
    if (p.distanceMiles <= NEAR_HOME_MILES) near++;
  }
  return {
    placements: active,
    knownDistance: known,
    within20Miles: near,
    share: known > 0 ? near / known : null,
  };
}
