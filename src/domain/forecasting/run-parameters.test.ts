import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAlias, sampleAlias } from './run-parameters.ts';

describe('alias sampling', () => {
  it('draws each index with its weight’s share, exactly, over the unit interval', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (w) => {
          const total = w.reduce((a, b) => a + b, 0);
          fc.pre(total > 0);
          const prob = new Float64Array(w.length);
          const alias = new Int32Array(w.length);
          buildAlias(Float64Array.from(w), total, prob, alias);
          // Integrate the sampler over a fine grid of u: each index's mass must equal its share.
          const mass = new Float64Array(w.length);
          const steps = 20_000;
          for (let j = 0; j < steps; j++) mass[sampleAlias((j + 0.5) / steps, prob, alias)]! += 1 / steps;
          w.forEach((x, i) => {
            expect(mass[i]!).toBeCloseTo(x / total, 2);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
