/**
 * The point of a collaborative block: the same beds shared by several LAs fill better than the
 * same beds split into one small block each, because one LA's quiet month is another's busy one.
 * Compares the scenario's pooled block with each LA alone (its liability share of the beds, its own
 * referrals, 100% of its own voids), on the same total demand. The Erlang curve shows the same
 * effect in closed form as one demand is split between more and more separate blocks.
 */
import { apportion, PPM } from '../shared/money.ts';
import { type Distribution, probability, summarise, summariseAll } from './distribution.ts';
import { carriedLoad, erlangReference } from './erlang.ts';
import { priceRuns, scenarioPrices } from './pricing.ts';
import * as R from './run-record.ts';
import type { Scenario } from './scenario.ts';
import type { Progress } from './simulate.ts';
import { aloneSeed, type RecordTask, runTasks } from './tasks.ts';

export interface PoolingSide {
  occupancy: Distribution | null;
  totalCost: Distribution;
  saving: Distribution;
  probabilitySaves: number;
  placedInBlock: Distribution;
  placedLocally: Distribution;
  byLa: { code: string; beds: number; meanCost: number; meanPlacedInBlock: number }[];
}

export interface PoolingResult {
  beds: number;
  /** Beds each LA would hold alone: the block split by liability share (largest remainder). */
  bedsByLa: number[];
  pooled: PoolingSide;
  separate: PoolingSide;
  /** Pooled minus separate: occupancy in percentage points, money in pence (positive = pooling saves). */
  benefit: { occupancyPoints: number | null; meanCostSaving: number; extraPlacedInBlock: number };
  /**
   * Closed form: the scenario's demand split equally between k separate blocks sharing the beds
   * (k = 1 is the pooled block: Erlang B's occupancy, net of matching days, as in erlangReference).
   */
  erlangCurve: { blocks: number; occupancy: number | null }[];
}

/** The scenario as LA `i` alone would run it. */
export function aloneScenario(s: Scenario, i: number, beds: number): Scenario {
  return {
    ...s,
    las: [{ ...s.las[i]!, sharePpm: PPM }],
    block: { ...s.block, beds },
    breakClause: s.breakClause,
  };
}

export function splitBeds(s: Scenario): number[] {
  const w = s.las.map((la) => la.sharePpm);
  return w.some((x) => x > 0) ? apportion(s.block.beds, w) : s.las.map(() => 0);
}

/** The pooled block first, then each LA alone on its share of the beds (its own seed stream). */
export function poolingTasks(s: Scenario, o: { runs: number; seed: number }): RecordTask[] {
  const beds = splitBeds(s);
  return [
    { scenario: s, runs: o.runs, seed: o.seed },
    ...s.las.map((_, i) => ({
      scenario: aloneScenario(s, i, beds[i]!),
      runs: o.runs,
      seed: aloneSeed(o.seed, i),
    })),
  ];
}

/** Summarises the rows of `poolingTasks`, in the same order. */
export function summarisePooling(s: Scenario, records: readonly R.RunRecords[]): PoolingResult {
  const recs = { pooled: records[0]!, alone: records.slice(1) };
  const bedsByLa = splitBeds(s);
  const prices = scenarioPrices(s);
  const pooledCosts = priceRuns(
    recs.pooled,
    s.las.map((la) => la.sharePpm),
    prices,
  );
  const runs = recs.pooled.runs;
  const pooled = side(
    recs.pooled,
    pooledCosts.total,
    pooledCosts.saving,
    s.las.map((la, i) => ({
      code: la.code,
      beds: s.block.beds,
      meanCost: summariseAll(pooledCosts.byLa[i]!.cost).mean,
      meanPlacedInBlock: meanField(recs.pooled, i, R.L_PLACED_BLOCK),
    })),
  );

  const total = new Float64Array(runs);
  const saving = new Float64Array(runs);
  const occupied = new Float64Array(runs);
  const bedDays = new Float64Array(runs);
  const byLa = s.las.map((la, i) => {
    const r = recs.alone[i]!;
    const c = priceRuns(r, [PPM], prices);
    for (let k = 0; k < runs; k++) {
      total[k]! += c.total[k]!;
      saving[k]! += c.saving[k]!;
      occupied[k]! += r.data[k * r.layout.stride + R.R_OCCUPIED_DAYS]!;
      bedDays[k]! += r.data[k * r.layout.stride + R.R_BED_DAYS]!;
    }
    return {
      code: la.code,
      beds: bedsByLa[i]!,
      meanCost: summariseAll(c.total).mean,
      meanPlacedInBlock: meanField(r, 0, R.L_PLACED_BLOCK),
    };
  });
  const separate: PoolingSide = {
    occupancy: summarise(occupied.map((o, k) => (bedDays[k]! > 0 ? o / bedDays[k]! : Number.NaN))),
    totalCost: summariseAll(total),
    saving: summariseAll(saving),
    probabilitySaves: probability(saving, (v) => v > 0),
    placedInBlock: summariseAll(perRun(recs.alone, [R.L_PLACED_BLOCK])),
    placedLocally: summariseAll(perRun(recs.alone, [R.L_PLACED_BLOCK, R.L_SPOT_LOCAL])),
    byLa,
  };
  const { offeredLoad: load, presentShare } = erlangReference(s);
  const maxBlocks = Math.max(2, Math.min(s.block.beds, Math.max(s.las.length, 10)));
  return {
    beds: s.block.beds,
    bedsByLa,
    pooled,
    separate,
    benefit: {
      occupancyPoints:
        pooled.occupancy && separate.occupancy
          ? 100 * (pooled.occupancy.mean - separate.occupancy.mean)
          : null,
      meanCostSaving: separate.totalCost.mean - pooled.totalCost.mean,
      extraPlacedInBlock: pooled.placedInBlock.mean - separate.placedInBlock.mean,
    },
    erlangCurve: Array.from({ length: maxBlocks }, (_, j) => ({
      blocks: j + 1,
      occupancy: scale(splitOccupancy(s.block.beds, load, j + 1), presentShare),
    })),
  };
}

/** Pooled against alone, in one call (single thread). */
export function comparePooling(
  s: Scenario,
  o: { runs: number; seed: number; onProgress?: Progress },
): PoolingResult {
  return summarisePooling(
    s,
    runTasks(poolingTasks(s, o), o.onProgress).map((r) => r[0]!),
  );
}

function scale(x: number | null, k: number): number | null {
  return x === null ? null : x * k;
}

/** Occupancy when `load` is split equally between `k` blocks sharing `beds` (largest remainder). */
export function splitOccupancy(beds: number, load: number, k: number): number | null {
  if (beds === 0) return null;
  const parts = apportion(
    beds,
    Array.from({ length: k }, () => 1),
  );
  return parts.reduce((a, b) => a + (b > 0 ? carriedLoad(b, load / k) : 0), 0) / beds;
}

function side(
  recs: R.RunRecords,
  total: Float64Array,
  saving: Float64Array,
  byLa: PoolingSide['byLa'],
): PoolingSide {
  const occ = new Float64Array(recs.runs).map((_, k) => {
    const o = k * recs.layout.stride;
    const bd = recs.data[o + R.R_BED_DAYS]!;
    return bd > 0 ? recs.data[o + R.R_OCCUPIED_DAYS]! / bd : Number.NaN;
  });
  return {
    occupancy: summarise(occ),
    totalCost: summariseAll(total),
    saving: summariseAll(saving),
    probabilitySaves: probability(saving, (v) => v > 0),
    placedInBlock: summariseAll(perRun([recs], [R.L_PLACED_BLOCK])),
    placedLocally: summariseAll(perRun([recs], [R.L_PLACED_BLOCK, R.L_SPOT_LOCAL])),
    byLa,
  };
}

/** Per run, the sum of some LA fields over every LA in every batch. */
function perRun(batches: readonly R.RunRecords[], fields: readonly number[]): Float64Array {
  const out = new Float64Array(batches[0]?.runs ?? 0);
  for (const b of batches)
    for (let k = 0; k < b.runs; k++)
      for (let la = 0; la < b.layout.las; la++)
        for (const f of fields) out[k]! += b.data[k * b.layout.stride + R.laField(la, f)]!;
  return out;
}

function meanField(b: R.RunRecords, la: number, field: number): number {
  let sum = 0;
  for (let k = 0; k < b.runs; k++) sum += b.data[k * b.layout.stride + R.laField(la, field)]!;
  return b.runs > 0 ? sum / b.runs : 0;
}
