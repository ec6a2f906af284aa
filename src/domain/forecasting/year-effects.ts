/**
 * How much leaving-care and move rates vary from one year to the next beyond chance. Rates fitted
 * over several years are an average; any single year runs above or below it (a court backlog, a
 * provider closing homes), and a forecast's intervals must allow for the next year doing the same
 * or they will be too narrow, as the regional peer's were. For each category and each twelve-month
 * block of the window, observed events O are compared with those the fitted rates expect E; the
 * extra variance of O/E beyond Poisson, sum((O - E)^2 - E) / sum(E^2), is the year effect's variance.
 */
import type { Spells } from './care-history.ts';
import { countHazards, D, K } from './hazard-counts.ts';

export interface ObservedExpected {
  /** Per block and category: observed and expected exits, observed and expected moves out. */
  exitO: number[];
  exitE: number[];
  moveO: number[];
  moveE: number[];
}

export function yearBlocks(
  spells: Spells,
  birth: Int32Array,
  exitRate: ArrayLike<number>,
  moveRate: ArrayLike<number>,
  from: number,
  origin: number,
  birthdays?: Int32Array,
): ObservedExpected {
  const out: ObservedExpected = { exitO: [], exitE: [], moveO: [], moveE: [] };
  for (let end = origin; end - 364 >= from; end -= 365) {
    const c = countHazards(spells, birth, { from: end - 364, to: end }, undefined, birthdays);
    const A = c.exposure.length / (K * D);
    for (let k = 0; k < K; k++) {
      let eo = 0;
      let ee = 0;
      let mo = 0;
      let me = 0;
      for (let a = 0; a < A; a++)
        for (let d = 0; d < D; d++) {
          const cell = (k * A + a) * D + d;
          const x = c.exposure[cell]!;
          eo += c.exits[cell]!;
          ee += exitRate[cell]! * x;
          for (let j = 0; j < K; j++) {
            const m = ((k * K + j) * A + a) * D + d;
            mo += c.moves[m]!;
            me += moveRate[m]! * x;
          }
        }
      out.exitO.push(eo);
      out.exitE.push(ee);
      out.moveO.push(mo);
      out.moveE.push(me);
    }
  }
  return out;
}

/** Method-of-moments standard deviation of a multiplicative year effect (0 when chance explains all). */
export function yearEffectSd(observed: readonly number[], expected: readonly number[]): number {
  let num = 0;
  let den = 0;
  observed.forEach((o, i) => {
    const e = expected[i]!;
    if (e <= 0) return;
    num += (o - e) ** 2 - e;
    den += e * e;
  });
  return den > 0 && num > 0 ? Math.sqrt(num / den) : 0;
}
