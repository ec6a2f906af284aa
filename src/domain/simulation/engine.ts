/**
 * The discrete-event core: one run of a block contract over its term. Referrals arrive as a Poisson
 * stream (the LAs' rates merged); a suitable child who finds a free block bed reserves it, waits the
 * matching days elsewhere (paid at spot) and moves in; everyone else is placed spot, locally or out
 * of area. Beds fall vacant when children leave; a vacant bed is held, then void (paid as the void
 * rule says) or released to the provider. A break clause can end the block early.
 *
 * It is a loss system on purpose: a child who needs a home today cannot wait for a block bed, so
 * with instant matching and every child suitable it is exactly Erlang's M/G/B/B (see erlang.ts and
 * the test that holds it to that).
 *
 * Randomness comes from three seeded streams per run (arrivals, stays, beds) so that every arrival
 * consumes the same numbers whatever the block size: sweeps compare sizes on the same children.
 */
import { seededRng } from '../shared/rng.ts';
import { type ArrivalSetup, Arrivals } from './arrivals.ts';
import { RunScratch } from './bed-run.ts';
import * as R from './run-record.ts';
import { DAYS_PER_YEAR, type Scenario } from './scenario.ts';
import { meanStayDays, type StaySampler, staySampler } from './stay-length.ts';
import { buildTimeline, type PriceIndex, priceIndex, type Timeline } from './timeline.ts';

/** Everything worked out once per scenario, reused for every run. */
export interface PreparedEngine extends ArrivalSetup {
  /** Scratch space for one run at a time, reset at the start of each (keeps the inner loop allocation-free). */
  scratch: RunScratch;
  arrivals: Arrivals;
  termDays: number;
  scenario: Scenario;
  timeline: Timeline;
  layout: R.RecordLayout;
  blockIndex: PriceIndex;
  spotIndex: PriceIndex;
  stay: StaySampler;
  /** A second sampler for outside children's stays (samplers may hold per-stream state). */
  outsideStay: StaySampler;
  warmUpDays: number;
  /** Cumulative referral probabilities by LA (the last is 1). */
  laCumulative: Float64Array;
  outOfArea: Float64Array;
  ratePerDay: number;
}

export interface EngineOptions {
  /** Keep occupied bed-days per month (needed for monitoring bands; always on with a break clause). */
  monthly?: boolean;
}

/** How long to run the block before day 0 when it starts in steady state: five mean stays, at most ten years. */
export function warmUpDays(s: Scenario): number {
  return s.block.startsAs === 'steady-state' ? Math.min(10 * 365, 5 * meanStayDays(s.stayLength)) : 0;
}

export function prepareEngine(scenario: Scenario, options: EngineOptions = {}): PreparedEngine {
  const timeline = buildTimeline(scenario.startDate, scenario.termMonths);
  const monthly = options.monthly === true || scenario.breakClause !== undefined;
  const total = scenario.las.reduce((a, la) => a + la.referralsPerYear, 0);
  const laCumulative = new Float64Array(scenario.las.length);
  let run = 0;
  scenario.las.forEach((la, i) => {
    run += la.referralsPerYear;
    laCumulative[i] = total > 0 ? run / total : 1;
  });
  if (laCumulative.length > 0) laCumulative[laCumulative.length - 1] = 1;
  return {
    scratch: new RunScratch(scenario.block.beds, timeline, monthly),
    arrivals: new Arrivals(),
    termDays: timeline.termDays,
    scenario,
    timeline,
    layout: R.recordLayout(scenario.las.length, monthly ? scenario.termMonths : 0),
    blockIndex: priceIndex(timeline, scenario.block.annualUpliftPercent),
    spotIndex: priceIndex(timeline, scenario.spot.annualInflationPercent),
    stay: staySampler(scenario.stayLength),
    outsideStay: staySampler(scenario.stayLength),
    warmUpDays: warmUpDays(scenario),
    laCumulative,
    outOfArea: Float64Array.from(
      scenario.las.map((la) => la.outOfAreaProbability ?? scenario.spot.outOfAreaProbability),
    ),
    ratePerDay: total / DAYS_PER_YEAR,
  };
}

/** A well-mixed 32-bit seed for (seed, run, stream), so runs are independent and order-free. */
export function streamSeed(seed: number, run: number, stream: number): number {
  let h = (seed ^ Math.imul(run + 1, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Simulates run number `run` and writes its record into `out` at `offset` (the row must be zeroed).
 * Pure given its arguments: the same (scenario, seed, run) always writes the same numbers.
 */
export function simulateRun(
  p: PreparedEngine,
  seed: number,
  run: number,
  out: Float64Array,
  offset: number,
): void {
  p.arrivals.draw(p, seededRng(streamSeed(seed, run, 0)), seededRng(streamSeed(seed, run, 1)));
  p.scratch.run(p, p.arrivals, seededRng(streamSeed(seed, run, 2)), out, offset);
}

/**
 * Simulates run number `run` for several block sizes of one scenario (engines prepared from
 * `withBeds(s, size)`), drawing the referrals once: the rows are exactly those `simulateRun` writes.
 */
export function simulateRunSizes(
  engines: readonly PreparedEngine[],
  seed: number,
  run: number,
  outs: readonly Float64Array[],
  offset: number,
): void {
  const first = engines[0]!;
  first.arrivals.draw(first, seededRng(streamSeed(seed, run, 0)), seededRng(streamSeed(seed, run, 1)));
  for (let i = 0; i < engines.length; i++) {
    engines[i]!.scratch.run(
      engines[i]!,
      first.arrivals,
      seededRng(streamSeed(seed, run, 2)),
      outs[i]!,
      offset,
    );
  }
}
