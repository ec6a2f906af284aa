/**
 * Turns price-free run records into pence. Who pays what, per run:
 * - a child in a block bed is paid for by the LA that placed them, at the block rate;
 * - empty block beds (matching, hold, and void as the void rule says) are paid by every LA in
 *   proportion to its liability share, split to the penny (largest remainder);
 * - spot placements, and the days a child waits elsewhere while being matched, by their own LA;
 * - the baseline is every one of those children placed spot.
 * Each line is rounded once per run, so an LA's cost is whole pence and the LAs add up to the total.
 */
import { apportion, type Pence } from '../shared/money.ts';
import { voidPaidFraction } from './break-even.ts';
import * as R from './run-record.ts';
import type { Scenario } from './scenario.ts';

export interface Prices {
  blockWeekly: Pence;
  spotWeekly: Pence;
  /** Share of the block rate paid for a void day (1 pay-in-full, the retainer, 0 release). */
  voidPaid: number;
}

export function scenarioPrices(s: Scenario): Prices {
  return {
    blockWeekly: s.block.weeklyPence,
    spotWeekly: s.spot.weeklyPence,
    voidPaid: voidPaidFraction(s.block.voidRule),
  };
}

/** Per-run costs in pence, one entry per run in each array. */
export interface RunCosts {
  blockOccupied: Float64Array;
  matching: Float64Array;
  hold: Float64Array;
  void: Float64Array;
  spot: Float64Array;
  total: Float64Array;
  baseline: Float64Array;
  saving: Float64Array;
  byLa: { cost: Float64Array; baseline: Float64Array; saving: Float64Array }[];
}

export function priceRuns(records: R.RunRecords, sharesPpm: readonly number[], prices: Prices): RunCosts {
  const { runs, data, layout } = records;
  const nLa = layout.las;
  const col = () => new Float64Array(runs);
  const c: RunCosts = {
    blockOccupied: col(),
    matching: col(),
    hold: col(),
    void: col(),
    spot: col(),
    total: col(),
    baseline: col(),
    saving: col(),
    byLa: Array.from({ length: nLa }, () => ({ cost: col(), baseline: col(), saving: col() })),
  };
  const blockDaily = prices.blockWeekly / 7;
  const spotDaily = prices.spotWeekly / 7;
  const weights = sharesPpm.some((w) => w > 0) ? sharesPpm : sharesPpm.map(() => 1);
  for (let r = 0; r < runs; r++) {
    const o = r * layout.stride;
    const matching = Math.round(data[o + R.R_MATCHING]! * blockDaily);
    const hold = Math.round(data[o + R.R_HOLD]! * blockDaily);
    const voids = Math.round(data[o + R.R_VOID]! * blockDaily * prices.voidPaid);
    const empty = matching + hold + voids;
    const emptyShares = nLa > 0 ? apportion(empty, weights) : [];
    let total = 0;
    let baseline = 0;
    let blockOccupied = 0;
    let spot = 0;
    for (let la = 0; la < nLa; la++) {
      const lo = o + R.R_LA_BASE + la * R.LA_FIELDS;
      const occ = Math.round(data[lo + R.L_BLOCK]! * blockDaily);
      const sp = Math.round(data[lo + R.L_SPOT]! * spotDaily);
      const base = Math.round(data[lo + R.L_BASELINE]! * spotDaily);
      const cost = occ + sp + emptyShares[la]!;
      const entry = c.byLa[la]!;
      entry.cost[r] = cost;
      entry.baseline[r] = base;
      entry.saving[r] = base - cost;
      blockOccupied += occ;
      spot += sp;
      total += cost;
      baseline += base;
    }
    c.blockOccupied[r] = blockOccupied;
    c.matching[r] = matching;
    c.hold[r] = hold;
    c.void[r] = voids;
    c.spot[r] = spot;
    c.total[r] = total;
    c.baseline[r] = baseline;
    c.saving[r] = baseline - total;
  }
  return c;
}
