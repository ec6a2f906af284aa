/**
 * Events over exposure. Each spell's days inside the fitting window are split wherever a covariate
 * changes (a birthday that moves the child to another age group, a time-in-care boundary), and the
 * person-days added to that cell; the spell's end is counted as an event of its last cell. Leaving
 * on (or just before) the 18th birthday is not an event: the model ends every spell there by rule. Days and events
 * can be weighted by recency (halving every `halfLifeDays`), so the rates lean towards the latest
 * year without throwing earlier years away.
 */
import {
  AGE_OUT_TOLERANCE_DAYS,
  DURATION_BOUNDS,
  DURATION_COUNT,
  HAZARD_AGE_COUNT,
  HAZARD_AGE_GROUPS,
} from './age-bands.ts';
import { birthday } from './calendar.ts';
import { LEFT_CARE, type Spells, STILL_OPEN } from './care-history.ts';
import { CATEGORY_COUNT } from './categories.ts';

export interface HazardCounts {
  /** Person-days by [category][age group][duration band]. */
  exposure: Float64Array;
  /** Leaving care by [category][age group][duration band]. */
  exits: Float64Array;
  /** Moves by [from category][to category][age group][duration band]. */
  moves: Float64Array;
}

export const K = CATEGORY_COUNT;
export const A = HAZARD_AGE_COUNT;
export const D = DURATION_COUNT;

export const cellKAD = (k: number, a: number, d: number) => (k * A + a) * D + d;
export const cellKJAD = (k: number, j: number, a: number, d: number) => ((k * K + j) * A + a) * D + d;

export function emptyCounts(): HazardCounts {
  return {
    exposure: new Float64Array(K * A * D),
    exits: new Float64Array(K * A * D),
    moves: new Float64Array(K * K * A * D),
  };
}

export interface WindowOptions {
  /** First day (epoch) whose exposure counts. */
  from: number;
  /** Last day (epoch) whose exposure counts: the cut-off. */
  to: number;
  /** Weight halves every this many days back from `to`; undefined = all days weigh the same. */
  halfLifeDays?: number;
}

/**
 * Each child's birthdays at the ends of the hazard age groups (1, 5, 10, 13, 16, 17 and 18), as
 * epoch days [child][group]: worked out once per fit, not once per spell and pass.
 */
export function groupBirthdays(birth: Int32Array): Int32Array {
  const out = new Int32Array(birth.length * A);
  for (let c = 0; c < birth.length; c++) {
    for (let g = 0; g < A; g++) out[c * A + g] = birthday(birth[c]!, HAZARD_AGE_GROUPS[g]!.to);
  }
  return out;
}

/** Adds the spells' exposure and events inside the window to `into` (or a new set of counts). */
export function countHazards(
  spells: Spells,
  birth: Int32Array,
  win: WindowOptions,
  into: HazardCounts = emptyCounts(),
  birthdays: Int32Array = groupBirthdays(birth),
): HazardCounts {
  const r = win.halfLifeDays ? 2 ** (-1 / win.halfLifeDays) : 1;
  const lnr = Math.log(r);
  // Sum of weights r^(to - t) for t in [x, y).
  const weight = (x: number, y: number) =>
    r === 1 ? y - x : (Math.exp(lnr * (win.to - y + 1)) * (1 - r ** (y - x))) / (1 - r);
  for (let s = 0; s < spells.count; s++) {
    const bo = spells.child[s]! * A;
    const from = Math.max(spells.start[s]!, win.from);
    const end = spells.end[s]!;
    const to = Math.min(end, win.to + 1);
    if (from >= to) continue;
    const k = spells.category[s]!;
    const ps = spells.periodStart[s]!;
    const adult = birthdays[bo + A - 1]!;
    if (from >= adult) continue;
    let g = 0;
    while (from >= birthdays[bo + g]!) g++;
    let nextAge = birthdays[bo + g]!;
    let d = 0;
    while (d < DURATION_BOUNDS.length && from - ps >= DURATION_BOUNDS[d]!) d++;
    let nextDur = d < DURATION_BOUNDS.length ? ps + DURATION_BOUNDS[d]! : Number.POSITIVE_INFINITY;
    // With an unseen period start only the top band is certain; earlier days are left out.
    const known = spells.periodKnown[s] === 1;
    let t = from;
    while (t < to) {
      const stop = Math.min(to, nextAge, nextDur);
      if (known || d === D - 1) into.exposure[cellKAD(k, g, d)]! += weight(t, stop);
      t = stop;
      if (t === to) break;
      if (t === nextAge) {
        g++;
        if (g >= A) break; // 18th birthday
        nextAge = birthdays[bo + g]!;
      }
      if (t === nextDur) {
        d++;
        nextDur = d < DURATION_BOUNDS.length ? ps + DURATION_BOUNDS[d]! : Number.POSITIVE_INFINITY;
      }
    }
    if (end > win.to || end <= win.from) continue; // censored, or ended before the window
    const next = spells.next[s]!;
    if (next === STILL_OPEN) continue;
    if (next === LEFT_CARE && end >= adult - AGE_OUT_TOLERANCE_DAYS) continue; // left at 18
    const w = weight(end - 1, end);
    const last = end - 1;
    if (last >= adult) continue;
    let ga = 0;
    while (last >= birthdays[bo + ga]!) ga++;
    let dd = 0;
    while (dd < DURATION_BOUNDS.length && last - ps >= DURATION_BOUNDS[dd]!) dd++;
    if (!known && dd < D - 1) continue;
    if (next === LEFT_CARE) into.exits[cellKAD(k, ga, dd)]! += w;
    else into.moves[cellKJAD(k, next, ga, dd)]! += w;
  }
  return into;
}
