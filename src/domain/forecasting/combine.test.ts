import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineRuns, meanStock } from './combine.ts';
import { K } from './hazard-counts.ts';
import type { SimulationRuns } from './simulate.ts';

function randomRuns(values: number[][], months: number): SimulationRuns {
  const runs = values.length;
  const stock = new Float64Array(runs * months * K);
  values.forEach((v, s) => {
    for (let i = 0; i < months * K; i++) stock[s * months * K + i] = v[i % v.length]! + i;
  });
  return {
    origin: 0,
    monthEnds: Array.from({ length: months }, (_, h) => 30 * (h + 1)),
    runs,
    stock,
    stockByAge: new Float64Array(runs * months * 5).fill(1),
    days: new Float64Array(runs * months * K * 2).fill(10),
    starts: new Int32Array(runs * months * K),
    entries: new Int32Array(runs * months),
    leavers: new Int32Array(runs * months),
  };
}

describe('combineRuns', () => {
  const values = fc.array(fc.array(fc.integer({ min: 400, max: 500 }), { minLength: K, maxLength: K }), {
    minLength: 2,
    maxLength: 6,
  });

  it('leaves runs alone with no weight on the observed counts', () => {
    fc.assert(
      fc.property(values, (v) => {
        const r = randomRuns(v, 4);
        expect(
          combineRuns(r, new Array(K).fill(100), { naiveWeight: 0, correctionMonths: 12 }).stock,
        ).toEqual(r.stock);
      }),
    );
  });

  it('puts the mean halfway to the observed count, keeps the spread, and holds the shift after the correction months', () => {
    fc.assert(
      fc.property(
        values,
        fc.array(fc.integer({ min: 350, max: 450 }), { minLength: K, maxLength: K }),
        (v, observed) => {
          const months = 5;
          const r = randomRuns(v, months);
          const c = combineRuns(r, observed, { naiveWeight: 0.5, correctionMonths: 3 });
          const before = meanStock(r);
          const after = meanStock(c);
          for (let h = 0; h < months; h++)
            for (let k = 0; k < K; k++) {
              const ref = Math.min(h, 2);
              const shift = 0.5 * (observed[k]! - before[ref * K + k]!);
              expect(after[h * K + k]).toBeCloseTo(before[h * K + k]! + shift, 9);
              // Every run moves by the same amount, so the spread between runs is kept.
              expect(c.stock[h * K + k]! - c.stock[months * K + h * K + k]!).toBeCloseTo(
                r.stock[h * K + k]! - r.stock[months * K + h * K + k]!,
                9,
              );
            }
        },
      ),
    );
  });
});
