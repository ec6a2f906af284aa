import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../shared/rng.ts';
import { FastRng } from './fast-rng.ts';

describe('FastRng', () => {
  it('produces exactly the shared generator’s sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = seededRng(seed);
        const b = new FastRng(seed);
        for (let i = 0; i < 50; i++) expect(b.next()).toBe(a.next());
      }),
    );
  });
});
