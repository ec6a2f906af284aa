/**
 * What one simulated run leaves behind: a fixed-width row of numbers in a Float64Array, so
 * thousands of runs fit in one buffer that a worker thread can hand back without copying. Amounts
 * are price-free "indexed days" (see timeline.ts); pricing.ts turns them into pence.
 */

/** Occupied bed-days while the block was in force (raw days). */
export const R_OCCUPIED_DAYS = 0;
/** Bed-days the block was in force: beds × days until the term ended or the break took effect. */
export const R_BED_DAYS = 1;
/** Empty block-bed days reserved for a child being matched (block-indexed, paid in full). */
export const R_MATCHING = 2;
/** Empty block-bed days inside the hold period after a bed fell vacant (block-indexed, paid in full). */
export const R_HOLD = 3;
/** Empty block-bed days after the hold ran out (block-indexed, paid as the void rule says). */
export const R_VOID = 4;
/** Empty days after the hold under a release rule: unpaid, the provider's risk (raw days). */
export const R_RELEASED = 5;
/** Days a released block bed was used by a child from outside the block (raw days). */
export const R_OUTSIDE = 6;
/** Day the block ended under the break clause, or −1 when it ran to term. */
export const R_BREAK_DAY = 7;
export const R_LA_BASE = 8;

/** Per-LA fields, at R_LA_BASE + la × LA_FIELDS + field. */
/** This LA's children in block beds (block-indexed days, including any after a break). */
export const L_BLOCK = 0;
/** This LA's children placed spot, including the days spent elsewhere while being matched (spot-indexed). */
export const L_SPOT = 1;
/** The same children all placed spot: the counterfactual (spot-indexed). */
export const L_BASELINE = 2;
export const L_REFERRALS = 3;
export const L_PLACED_BLOCK = 4;
export const L_SPOT_LOCAL = 5;
export const L_SPOT_OUT_OF_AREA = 6;
/** Days this LA's children spent in block beds inside the term (raw days). */
export const L_BLOCK_DAYS = 7;
export const LA_FIELDS = 8;

export interface RecordLayout {
  las: number;
  /** Months of the term tracked for monthly occupancy (0 when not tracked). */
  months: number;
  /** Index of the first monthly field (occupied bed-days in month m). */
  monthBase: number;
  stride: number;
}

export function recordLayout(las: number, months: number): RecordLayout {
  const monthBase = R_LA_BASE + las * LA_FIELDS;
  return { las, months, monthBase, stride: monthBase + months };
}

/** A batch of runs: `runs` rows of `layout.stride` numbers each. */
export interface RunRecords {
  layout: RecordLayout;
  runs: number;
  data: Float64Array;
}

export function laField(la: number, field: number): number {
  return R_LA_BASE + la * LA_FIELDS + field;
}

/** Joins batches (from several workers, in run order) into one. */
export function concatRecords(parts: readonly RunRecords[]): RunRecords {
  const first = parts[0];
  if (!first) throw new RangeError('no run records to join');
  const runs = parts.reduce((a, p) => a + p.runs, 0);
  const data = new Float64Array(runs * first.layout.stride);
  let at = 0;
  for (const p of parts) {
    if (p.layout.stride !== first.layout.stride) throw new RangeError('run records have different layouts');
    data.set(p.data.subarray(0, p.runs * p.layout.stride), at);
    at += p.runs * p.layout.stride;
  }
  return { layout: first.layout, runs, data };
}
