/**
 * The closed form the simulator is checked against. With every referral a match, no matching delay
 * and no hold rules that take beds away, a block of B beds fed by Poisson referrals is an Erlang
 * loss system (M/G/B/B): a child who finds every bed full goes elsewhere and is not queued. Its
 * blocking probability depends on the stay distribution only through its mean (insensitivity), so
 * one formula covers empirical, exponential, lognormal and gamma stays alike.
 */
import { DAYS_PER_YEAR, type Scenario, totalReferralsPerYear } from './scenario.ts';
import { meanStayDays } from './stay-length.ts';

/**
 * Erlang B: the probability that all `beds` are busy when `load` erlangs are offered (load =
 * arrivals per day × mean stay in days). Uses the stable recursion
 * B(0) = 1, B(k) = ρ·B(k−1) / (k + ρ·B(k−1)), which never forms ρ^k or k! and so never overflows.
 */
export function erlangB(beds: number, load: number): number {
  if (!Number.isInteger(beds) || beds < 0)
    throw new RangeError(`beds must be a whole number ≥ 0, got ${beds}`);
  if (!(load >= 0)) throw new RangeError(`load must be ≥ 0, got ${load}`);
  let b = 1;
  for (let k = 1; k <= beds; k++) b = (load * b) / (k + load * b);
  return b;
}

/** Mean number of busy beds: the offered load that is not turned away, ρ(1 − B). */
export function carriedLoad(beds: number, load: number): number {
  return load * (1 - erlangB(beds, load));
}

/** Mean fraction of beds busy, ρ(1 − B)/B; undefined (null) for a block of no beds. */
export function erlangOccupancy(beds: number, load: number): number | null {
  return beds === 0 ? null : carriedLoad(beds, load) / beds;
}

/** The smallest block whose blocking probability is at most `target` (how many beds to turn few away). */
export function bedsForBlocking(load: number, target: number, maxBeds = 1000): number | null {
  let b = 1;
  if (target >= 1) return 0;
  for (let k = 1; k <= maxBeds; k++) {
    b = (load * b) / (k + load * b);
    if (b <= target) return k;
  }
  return null;
}

export interface ErlangReference {
  /** Offered load in erlangs: suitable referrals a day × mean stay. */
  offeredLoad: number;
  /** Chance a suitable child finds every bed full (beds tied up by matching count as full). */
  blocking: number;
  /**
   * Long-run share of bed-days with a child in the bed. Exact for the loss system when matching is
   * instant, holds take no beds away and there is no break; an approximation otherwise (it subtracts
   * the expected matching days from each stay and ignores outside fills).
   */
  occupancy: number | null;
  /** Share of a bed's busy time with the child in it: 1 − E[min(S, d)]/E[S] for matching days d. */
  presentShare: number;
}

/** The analytic reference for a scenario: the quick estimate before any simulation. */
export function erlangReference(s: Scenario): ErlangReference {
  const ratePerDay = (totalReferralsPerYear(s) * s.matching.probability) / DAYS_PER_YEAR;
  const mean = meanStayDays(s.stayLength);
  const load = ratePerDay * mean;
  const beds = s.block.beds;
  const blocking = erlangB(beds, load);
  // A bed is tied up for the whole stay S; the child is in it for (S − d)⁺ of that.
  const presentShare = mean === 0 ? 0 : Math.max(0, mean - expectedMinStay(s, s.matching.days)) / mean;
  if (beds === 0) return { offeredLoad: load, blocking, occupancy: null, presentShare };
  return {
    offeredLoad: load,
    blocking,
    occupancy: (load * (1 - blocking) * presentShare) / beds,
    presentShare,
  };
}

/** E[min(S, d)] for the scenario's stays: the matching days that eat into a stay. */
function expectedMinStay(s: Scenario, d: number): number {
  if (d === 0) return 0;
  const st = s.stayLength;
  if (st.kind === 'empirical') return st.days.reduce((a, x) => a + Math.min(x, d), 0) / st.days.length;
  if (st.kind === 'exponential') return st.meanDays * (1 - Math.exp(-d / st.meanDays));
  // For the other shapes, stays are long next to matching delays; d is a close upper bound.
  return Math.min(d, st.meanDays);
}

/**
 * The offered load (erlangs) at which a block of `beds` runs at `occupancy` on average: how much
 * suitable demand keeps it that full. Occupancy rises with load towards 1, so bisection finds it.
 */
export function loadForOccupancy(beds: number, occupancy: number): number {
  if (beds < 1) throw new RangeError('a block needs at least one bed');
  if (!(occupancy > 0 && occupancy < 1)) throw new RangeError('occupancy must be between 0 and 1');
  let lo = 0;
  let hi = beds;
  while ((erlangOccupancy(beds, hi) ?? 0) < occupancy) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if ((erlangOccupancy(beds, mid) ?? 0) < occupancy) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
