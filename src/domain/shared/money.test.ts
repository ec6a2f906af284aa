import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, divRound, formatPence, parsePounds } from './money.ts';

describe('apportion', () => {
  it('splits £100.00 three ways to the penny, earliest weight taking the odd penny', () => {
    expect(apportion(10_000, [1, 1, 1])).toEqual([3334, 3333, 3333]);
  });

  it('follows the weights', () => {
    expect(apportion(1000, [500_000, 300_000, 200_000])).toEqual([500, 300, 200]);
  });

  it('never loses or invents a penny, and every part is within one penny of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }),
        fc
          .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 25 })
          .filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            expect(Math.abs(p - (total * weights[i]!) / sum)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });

  it('refuses weights that are all zero', () => {
    expect(() => apportion(100, [0, 0])).toThrow(/not all zero/);
  });
});

describe('divRound', () => {
  it('rounds half away from zero', () => {
    expect(divRound(5, 2)).toBe(3);
    expect(divRound(-5, 2)).toBe(-3);
    expect(divRound(4, 3)).toBe(1);
    expect(divRound(29_008, 7)).toBe(4144);
  });
});

describe('parsePounds and formatPence', () => {
  it('round-trips pounds and pence', () => {
    expect(parsePounds('£4,144')).toBe(414_400);
    expect(parsePounds('1918.5')).toBe(191_850);
    expect(parsePounds('12.345')).toBeUndefined();
    expect(parsePounds('abc')).toBeUndefined();
    expect(formatPence(414_400)).toBe('£4,144.00');
    expect(formatPence(-1205)).toBe('−£12.05');
    expect(formatPence(596_349, { wholePounds: true })).toBe('£5,963');
  });
});
