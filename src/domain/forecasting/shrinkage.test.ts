import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poisson, seededRng } from '../shared/rng.ts';
import { fitMainEffects, priorStrength, shrinkRates } from './shrinkage.ts';

describe('shrinkRates', () => {
  it('puts every rate between the cell’s own rate and the prior, and none at zero', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 50 }),
            fc.integer({ min: 1, max: 5000 }),
            fc.double({ min: 1e-4, max: 0.05, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        (cells, strength) => {
          const y = Float64Array.from(cells.map((c) => c[0]));
          const e = Float64Array.from(cells.map((c) => c[1]));
          const p = Float64Array.from(cells.map((c) => c[2]));
          const r = shrinkRates(y, e, p, strength).rate;
          cells.forEach(([yi, ei, pi], i) => {
            const own = yi / ei;
            expect(r[i]!).toBeGreaterThan(0);
            expect(r[i]!).toBeGreaterThanOrEqual(Math.min(own, pi) - 1e-12);
            expect(r[i]!).toBeLessThanOrEqual(Math.max(own, pi) + 1e-12);
          });
        },
      ),
    );
  });

  it('estimates weak shrinkage when cells really differ and strong when they are only noise', () => {
    const rng = seededRng(3);
    const n = 200;
    const exposure = new Float64Array(n).fill(2000);
    const prior = new Float64Array(n).fill(0.01);
    const noise = Float64Array.from({ length: n }, () => poisson(rng, 20));
    const varied = Float64Array.from({ length: n }, (_, i) => poisson(rng, i % 2 ? 5 : 35));
    expect(priorStrength(noise, exposure, prior)).toBeGreaterThan(100);
    expect(priorStrength(varied, exposure, prior)).toBeLessThan(10);
  });
});

describe('fitMainEffects', () => {
  it('recovers a product of factors from exact counts', () => {
    const rows = [0.5, 1, 2];
    const cols = [0.01, 0.03];
    const f0 = new Int32Array(6);
    const f1 = new Int32Array(6);
    const y = new Float64Array(6);
    const e = new Float64Array(6).fill(10_000);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) {
        f0[i * 2 + j] = i;
        f1[i * 2 + j] = j;
        y[i * 2 + j] = 10_000 * rows[i]! * cols[j]!;
      }
    const fitted = fitMainEffects(y, e, [f0, f1], [3, 2], { pseudo: 0 });
    fitted.forEach((v, c) => {
      expect(v).toBeCloseTo(y[c]! / 10_000, 8);
    });
  });
});
