/**
 * How many beds, at what price? Sweeps the block size (and optionally the block price) on the same
 * simulated children, and shows for each point the mean cost and the cost of a bad year (p95): the
 * cost/risk frontier. Small blocks fill but save little; big blocks turn fewer children away but
 * pay for empty beds. The price sweep re-prices the same runs, since price does not change who is
 * placed where.
 */
import type { Pence } from '../shared/money.ts';
import { probability, summarise, summariseAll } from './distribution.ts';
import { erlangReference } from './erlang.ts';
import { type Prices, priceRuns, scenarioPrices } from './pricing.ts';
import * as R from './run-record.ts';
import { type Scenario, withBeds } from './scenario.ts';
import { occupancyColumn, type Progress } from './simulate.ts';
import { type RecordTask, runTasks } from './tasks.ts';

export interface SweepOptions {
  /** Block sizes to try (e.g. 0..20). */
  sizes: readonly number[];
  /** Block weekly prices to try; the scenario's own price when omitted. */
  prices?: readonly Pence[];
  runs: number;
  seed: number;
  onProgress?: Progress;
}

export interface SweepPoint {
  beds: number;
  blockWeekly: Pence;
  meanCost: number;
  p5Cost: number;
  p50Cost: number;
  p95Cost: number;
  meanSaving: number;
  probabilitySaves: number;
  meanEmptyBedCost: number;
  occupancy: number | null;
  occupancyP5: number | null;
  occupancyP95: number | null;
  /** Erlang B's occupancy for this size: the closed-form cross-check. */
  erlangOccupancy: number | null;
  placedInBlock: number;
  placedLocally: number;
  /** No other size at this price is cheaper on average and in a bad year (p95) at once. */
  onFrontier: boolean;
}

export interface SizingResult {
  runs: number;
  seed: number;
  baselineMeanCost: number;
  points: SweepPoint[];
  /** Per price: the size with the lowest mean cost, and the size with the lowest p95 cost. */
  best: { blockWeekly: Pence; lowestMeanCost: number; lowestBadYearCost: number }[];
}

/** One task for every size: each run's children are drawn once and offered to every size. */
export function sweepTask(s: Scenario, o: SweepOptions): RecordTask {
  return { scenario: s, runs: o.runs, seed: o.seed, sizes: o.sizes };
}

/** Prices and summarises the rows of `sweepTask`, one RunRecords per size in order. */
export function summariseSweep(s: Scenario, o: SweepOptions, records: readonly R.RunRecords[]): SizingResult {
  const prices = o.prices && o.prices.length > 0 ? o.prices : [s.block.weeklyPence];
  const shares = s.las.map((la) => la.sharePpm);
  const base = scenarioPrices(s);
  const points: SweepPoint[] = [];
  let baselineMeanCost = 0;
  for (const blockWeekly of prices) {
    const p: Prices = { ...base, blockWeekly };
    const atPrice: SweepPoint[] = o.sizes.map((beds, i) => {
      const recs = records[i]!;
      const c = priceRuns(recs, shares, p);
      const total = summariseAll(c.total);
      const occ = summarise(occupancyColumn(recs));
      const empty = c.matching.map((m, r) => m + c.hold[r]! + c.void[r]!);
      baselineMeanCost = summariseAll(c.baseline).mean;
      return {
        beds,
        blockWeekly,
        meanCost: total.mean,
        p5Cost: total.p5,
        p50Cost: total.p50,
        p95Cost: total.p95,
        meanSaving: summariseAll(c.saving).mean,
        probabilitySaves: probability(c.saving, (v) => v > 0),
        meanEmptyBedCost: summariseAll(empty).mean,
        occupancy: occ?.mean ?? null,
        occupancyP5: occ?.p5 ?? null,
        occupancyP95: occ?.p95 ?? null,
        erlangOccupancy: erlangReference(withBeds(s, beds)).occupancy,
        placedInBlock: meanOfLaFields(recs, [R.L_PLACED_BLOCK]),
        placedLocally: meanOfLaFields(recs, [R.L_PLACED_BLOCK, R.L_SPOT_LOCAL]),
        onFrontier: false,
      };
    });
    markFrontier(atPrice);
    points.push(...atPrice);
  }
  return {
    runs: o.runs,
    seed: o.seed,
    baselineMeanCost,
    points,
    best: prices.map((blockWeekly) => {
      const at = points.filter((pt) => pt.blockWeekly === blockWeekly);
      return {
        blockWeekly,
        lowestMeanCost: argMin(at, (pt) => pt.meanCost).beds,
        lowestBadYearCost: argMin(at, (pt) => pt.p95Cost).beds,
      };
    }),
  };
}

/** Sweep in one call (single thread). */
export function sweepBlockSizes(s: Scenario, o: SweepOptions): SizingResult {
  return summariseSweep(s, o, runTasks([sweepTask(s, o)], o.onProgress)[0]!);
}

/** Marks the points no other point beats on both mean and p95 cost. */
export function markFrontier(points: SweepPoint[]): void {
  for (const p of points) {
    p.onFrontier = !points.some(
      (q) =>
        q !== p &&
        q.meanCost <= p.meanCost &&
        q.p95Cost <= p.p95Cost &&
        (q.meanCost < p.meanCost || q.p95Cost < p.p95Cost),
    );
  }
}

/** The first (smallest) element with the least key: ties go to the fewer beds. */
function argMin<T>(xs: readonly T[], key: (x: T) => number): T {
  let best: T = xs[0]!;
  for (const x of xs) if (key(x) < key(best)) best = x;
  return best;
}

function meanOfLaFields(recs: R.RunRecords, fields: readonly number[]): number {
  let sum = 0;
  for (let r = 0; r < recs.runs; r++)
    for (let la = 0; la < recs.layout.las; la++)
      for (const f of fields) sum += recs.data[r * recs.layout.stride + R.laField(la, f)]!;
  return recs.runs > 0 ? sum / recs.runs : 0;
}
