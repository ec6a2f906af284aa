/**
 * Many runs of the engine, summarised as distributions. Split in two so a web job or worker pool
 * can run the first half anywhere and keep the second pure: `simulateRecords` produces price-free
 * rows for a range of run numbers (any split across workers gives the same rows, because each run
 * is seeded by its own number), and `summariseRuns` prices and summarises them.
 */
import { scenarioBreakEven } from './break-even.ts';
import { type Distribution, probability, summarise, summariseAll } from './distribution.ts';
import { prepareEngine, simulateRunSizes } from './engine.ts';
import { type ErlangReference, erlangReference } from './erlang.ts';
import { type Prices, priceRuns, scenarioPrices } from './pricing.ts';
import * as R from './run-record.ts';
import { type Scenario, withBeds } from './scenario.ts';
import { buildTimeline, priceIndex } from './timeline.ts';

/** Reports progress of a long job: fraction done in [0, 1] and a short note for people. */
export type Progress = (fraction: number, message: string) => void;

export interface RecordOptions {
  runs: number;
  seed: number;
  /** First run number (workers take disjoint ranges). */
  firstRun?: number;
  monthly?: boolean;
  onProgress?: Progress;
}

export function simulateRecords(s: Scenario, o: RecordOptions): R.RunRecords {
  return simulateSizeRecords(s, [s.block.beds], o)[0]!;
}

/**
 * Rows for several block sizes of one scenario, each run's referrals drawn once and replayed for
 * every size: identical to simulating each size on its own, and much cheaper for a sweep.
 */
export function simulateSizeRecords(s: Scenario, sizes: readonly number[], o: RecordOptions): R.RunRecords[] {
  const engines = sizes.map((beds) => prepareEngine(withBeds(s, beds), { monthly: o.monthly ?? false }));
  const stride = engines[0]!.layout.stride;
  const data = sizes.map(() => new Float64Array(o.runs * stride));
  const first = o.firstRun ?? 0;
  const every = Math.max(1, Math.floor(o.runs / 100));
  for (let r = 0; r < o.runs; r++) {
    simulateRunSizes(engines, o.seed, first + r, data, r * stride);
    if (o.onProgress && (r + 1) % every === 0) o.onProgress((r + 1) / o.runs, `run ${r + 1} of ${o.runs}`);
  }
  return data.map((d, i) => ({ layout: engines[i]!.layout, runs: o.runs, data: d }));
}

export interface LaResult {
  code: string;
  name: string;
  sharePpm: number;
  cost: Distribution;
  baseline: Distribution;
  saving: Distribution;
  probabilitySaves: number;
  referrals: Distribution;
  placedInBlock: Distribution;
  placedLocally: Distribution;
}

export interface ChildrenResult {
  referrals: Distribution;
  placedInBlock: Distribution;
  placedSpotLocal: Distribution;
  placedSpotOutOfArea: Distribution;
  placedLocally: Distribution;
  /** Share of referred children placed locally (block or local spot), per run. */
  localShare: Distribution | null;
}

export interface SimulationResult {
  name: string;
  runs: number;
  seed: number;
  beds: number;
  termMonths: number;
  termDays: number;
  prices: Prices;
  /** Occupied bed-days / bed-days in force, per run; null for a block of no beds. */
  occupancy: Distribution | null;
  costs: {
    blockOccupied: Distribution;
    matching: Distribution;
    hold: Distribution;
    void: Distribution;
    /** Everything paid for empty block beds: matching + hold + void. */
    emptyBeds: Distribution;
    spot: Distribution;
    total: Distribution;
    baseline: Distribution;
    saving: Distribution;
  };
  probabilityBlockSaves: number;
  /** The contract's simple rule: f·block / (spot − block + f·block), f the share of a void day paid. */
  breakEvenOccupancy: number;
  /**
   * The same rule with f the share of empty bed-days actually paid in these runs (matching and hold
   * days are paid in full even when voids are not), so it is the honest bar under a retainer or release.
   */
  effectiveBreakEvenOccupancy: number | null;
  /** Share of runs whose occupancy beat the effective break-even (null for no beds). */
  probabilityAboveBreakEven: number | null;
  children: ChildrenResult;
  las: LaResult[];
  monthly: { month: string; occupancy: Distribution | null }[];
  /** Chance the break clause ended the block early (null without a break clause). */
  probabilityBreakExercised: number | null;
  releasedDays: Distribution;
  outsideDays: Distribution;
  erlang: ErlangReference;
}

/** Pulls one numeric field out of every run. */
export function column(
  records: R.RunRecords,
  field: number,
  f?: (v: number, r: number) => number,
): Float64Array {
  const out = new Float64Array(records.runs);
  const { data, layout } = records;
  for (let r = 0; r < records.runs; r++) {
    const v = data[r * layout.stride + field]!;
    out[r] = f ? f(v, r) : v;
  }
  return out;
}

/** Occupancy of each run (NaN for a block of no beds). */
export function occupancyColumn(records: R.RunRecords): Float64Array {
  const { data, layout } = records;
  return column(records, R.R_OCCUPIED_DAYS, (v, r) => {
    const bedDays = data[r * layout.stride + R.R_BED_DAYS]!;
    return bedDays > 0 ? v / bedDays : Number.NaN;
  });
}

function sumLaField(records: R.RunRecords, fields: readonly number[], la?: number): Float64Array {
  const { layout } = records;
  const las = la === undefined ? Array.from({ length: layout.las }, (_, i) => i) : [la];
  const out = new Float64Array(records.runs);
  for (const l of las)
    for (const f of fields) {
      const c = column(records, R.laField(l, f));
      for (let r = 0; r < out.length; r++) out[r]! += c[r]!;
    }
  return out;
}

export function summariseRuns(
  s: Scenario,
  records: R.RunRecords,
  seed: number,
  prices: Prices = scenarioPrices(s),
): SimulationResult {
  const tl = buildTimeline(s.startDate, s.termMonths);
  const costs = priceRuns(
    records,
    s.las.map((la) => la.sharePpm),
    prices,
  );
  const occ = occupancyColumn(records);
  const priced: Scenario = {
    ...s,
    block: { ...s.block, weeklyPence: prices.blockWeekly },
    spot: { ...s.spot, weeklyPence: prices.spotWeekly },
  };
  const breakEven = scenarioBreakEven(priced, prices.voidPaid);
  const effective = effectiveBreakEven(priced, records, prices);
  const referrals = sumLaField(records, [R.L_REFERRALS]);
  const local = sumLaField(records, [R.L_PLACED_BLOCK, R.L_SPOT_LOCAL]);
  const empty = costs.matching.map((m, r) => m + costs.hold[r]! + costs.void[r]!);
  const { layout } = records;
  return {
    name: s.name,
    runs: records.runs,
    seed,
    beds: s.block.beds,
    termMonths: s.termMonths,
    termDays: tl.termDays,
    prices,
    occupancy: summarise(occ),
    costs: {
      blockOccupied: summariseAll(costs.blockOccupied),
      matching: summariseAll(costs.matching),
      hold: summariseAll(costs.hold),
      void: summariseAll(costs.void),
      emptyBeds: summariseAll(empty),
      spot: summariseAll(costs.spot),
      total: summariseAll(costs.total),
      baseline: summariseAll(costs.baseline),
      saving: summariseAll(costs.saving),
    },
    probabilityBlockSaves: probability(costs.saving, (v) => v > 0),
    breakEvenOccupancy: breakEven,
    effectiveBreakEvenOccupancy: effective,
    probabilityAboveBreakEven: effective === null ? null : probability(occ, (v) => v > effective),
    children: {
      referrals: summariseAll(referrals),
      placedInBlock: summariseAll(sumLaField(records, [R.L_PLACED_BLOCK])),
      placedSpotLocal: summariseAll(sumLaField(records, [R.L_SPOT_LOCAL])),
      placedSpotOutOfArea: summariseAll(sumLaField(records, [R.L_SPOT_OUT_OF_AREA])),
      placedLocally: summariseAll(local),
      localShare: summarise(local.map((v, r) => (referrals[r]! > 0 ? v / referrals[r]! : Number.NaN))),
    },
    las: s.las.map((la, i) => {
      const c = costs.byLa[i]!;
      return {
        code: la.code,
        name: la.name,
        sharePpm: la.sharePpm,
        cost: summariseAll(c.cost),
        baseline: summariseAll(c.baseline),
        saving: summariseAll(c.saving),
        probabilitySaves: probability(c.saving, (v) => v > 0),
        referrals: summariseAll(sumLaField(records, [R.L_REFERRALS], i)),
        placedInBlock: summariseAll(sumLaField(records, [R.L_PLACED_BLOCK], i)),
        placedLocally: summariseAll(sumLaField(records, [R.L_PLACED_BLOCK, R.L_SPOT_LOCAL], i)),
      };
    }),
    monthly: Array.from({ length: layout.months }, (_, m) => {
      const len = tl.monthStarts[m + 1]! - tl.monthStarts[m]!;
      const beds = s.block.beds;
      const col = column(records, layout.monthBase + m, (v) => (beds > 0 ? v / (beds * len) : Number.NaN));
      return { month: tl.monthKeys[m]!, occupancy: summarise(col) };
    }),
    probabilityBreakExercised: s.breakClause
      ? probability(column(records, R.R_BREAK_DAY), (v) => v >= 0)
      : null,
    releasedDays: summariseAll(column(records, R.R_RELEASED)),
    outsideDays: summariseAll(column(records, R.R_OUTSIDE)),
    erlang: erlangReference(s),
  };
}

/**
 * Break-even with the paid share of empty bed-days measured from the runs: paid empty block-days
 * (matching, hold, and voids as the rule pays them) over every bed-day in force without a block child.
 */
function effectiveBreakEven(s: Scenario, records: R.RunRecords, prices: Prices): number | null {
  if (s.block.beds === 0) return null;
  let paid = 0;
  let empty = 0;
  const { data, layout } = records;
  for (let r = 0; r < records.runs; r++) {
    const o = r * layout.stride;
    paid += data[o + R.R_MATCHING]! + data[o + R.R_HOLD]! + prices.voidPaid * data[o + R.R_VOID]!;
    empty += data[o + R.R_BED_DAYS]! - data[o + R.R_OCCUPIED_DAYS]!;
  }
  // Paid days are block-indexed (uplifted); divide by the term's mean index to compare like with like.
  const tl = buildTimeline(s.startDate, s.termMonths);
  const meanIndex = priceIndex(tl, s.block.annualUpliftPercent).at(tl.termDays) / tl.termDays;
  const f = empty > 0 ? Math.min(1, paid / meanIndex / empty) : 1;
  return scenarioBreakEven(s, f);
}

export interface SimulateOptions extends RecordOptions {}

/** Runs and summarises in one call (single thread). */
export function simulate(s: Scenario, o: SimulateOptions): SimulationResult {
  const records = simulateRecords(s, { ...o, monthly: o.monthly ?? true });
  return summariseRuns(s, records, o.seed);
}
