import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { PPM } from '../shared/money.ts';
import { parseShare, sharesFromEntries, validateShares } from './shares.ts';

const seven = (share: string | number) =>
  ['barnet', 'brent', 'ealing', 'hf', 'harrow', 'hillingdon', 'hounslow'].map((la) => ({ la, share }));

describe('liability shares typed by people', () => {
  it('reads fractions, percentages and ratios', () => {
    expect(parseShare('25%')?.value).toBe(0.25);
    expect(parseShare('0.25')?.value).toBe(0.25);
    expect(parseShare('1/4')?.value).toBe(0.25);
    expect(parseShare(0.25)?.value).toBe(0.25);
    expect(parseShare('a quarter')).toBeUndefined();
  });

  it('turns seven sevenths, however typed, into 142,858 + 6 × 142,857 ppm', () => {
    const expected = [142_858, ...Array(6).fill(142_857)];
    for (const typed of ['1/7', '14.29%', '14.2857%', '0.142857', 1 / 7]) {
      expect(sharesFromEntries(seven(typed)).map((s) => s.ppm)).toEqual(expected);
    }
  });

  it('refuses a set that misses 100% by more than its rounding explains, naming the field', () => {
    const bad = () => sharesFromEntries(seven('14%'), 'shares'); // 98%: 7 × ½% of slack is capped at 0.1 points
    expect(bad).toThrow(DomainError);
    expect(bad).toThrow(/add up to 98%/);
    try {
      bad();
    } catch (e) {
      expect((e as DomainError).fieldErrors).toEqual([
        { field: 'shares', message: 'the shares add up to 98%; they must add up to 100%' },
      ]);
    }
    expect(() =>
      sharesFromEntries([
        { la: 'a', share: '60%' },
        { la: 'b', share: '39.8%' },
      ]),
    ).toThrow(/99.8%/);
  });

  it('names the entry that is not a share, or an LA listed twice', () => {
    try {
      sharesFromEntries([
        { la: 'a', share: '50' },
        { la: 'a', share: '50%' },
      ]);
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).fieldErrors.map((f) => f.field)).toEqual(['shares[0].share', 'shares[1].la']);
    }
  });

  it('always sums to exactly 1,000,000 ppm and stays within 1 ppm of each normalised share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 20 }), (basis) => {
        fc.pre(basis.some((b) => b > 0));
        const sum = basis.reduce((a, b) => a + b, 0);
        // Typed as exact ratios, e.g. "37/120".
        const shares = sharesFromEntries(basis.map((b, i) => ({ la: `la${i}`, share: `${b}/${sum}` })));
        expect(shares.reduce((a, s) => a + s.ppm, 0)).toBe(PPM);
        shares.forEach((s, i) => {
          expect(Math.abs(s.ppm - (basis[i]! / sum) * PPM)).toBeLessThan(1);
        });
        expect(validateShares(shares)).toEqual([]);
      }),
    );
  });

  it('checks stored shares sum to exactly 1,000,000', () => {
    expect(
      validateShares([
        { la: 'a', ppm: 500_000 },
        { la: 'b', ppm: 499_999 },
      ]),
    ).toEqual([{ field: 'shares', message: 'the shares sum to 999999 parts per million, not 1,000,000' }]);
  });
});
