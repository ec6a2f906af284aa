import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { districtOf, parsePostcode, parsePostcodeLike } from './postcode.ts';

describe('postcodes', () => {
  it('normalises full postcodes of every outward shape', () => {
    expect(parsePostcode('ub31ab')).toEqual({ postcode: 'UB3 1AB', district: 'UB3', sector: 'UB3 1' });
    expect(parsePostcode(' m1  1ae ')?.postcode).toBe('M1 1AE');
    expect(parsePostcode('EC1A 1BB')?.district).toBe('EC1A');
    expect(parsePostcode('W1A 0AX')?.sector).toBe('W1A 0');
    expect(parsePostcode('SW1W 0NY')?.district).toBe('SW1W');
  });

  it('refuses what is not a full postcode', () => {
    for (const bad of ['', 'UB3', 'UB3 1', 'UB3 1A', 'UB3 1CI', '123 4AB', 'REDACTED', 'UB3 1ABC', 'U 1AB']) {
      expect(parsePostcode(bad), bad).toBeUndefined();
    }
  });

  it('reads sectors and districts for family and school searches', () => {
    expect(parsePostcodeLike('ub3 1')).toEqual({ precision: 'sector', district: 'UB3', sector: 'UB3 1' });
    expect(parsePostcodeLike('UB3')).toEqual({ precision: 'district', district: 'UB3' });
    expect(parsePostcodeLike('UB3 1AB')?.precision).toBe('postcode');
    expect(parsePostcodeLike('UB3 X')).toBeUndefined();
    expect(districtOf('ha1 1aa')).toBe('HA1');
  });

  it('ignores case and spacing, and its output parses to itself', () => {
    const letters = 'ABCDEFGHJKLMNOPRSTUWYZ';
    const unit = 'ABDEFGHJLNPQRSTUWXYZ';
    const postcode = fc
      .tuple(
        fc.stringMatching(new RegExp(`^[${letters}]{1,2}$`)),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(...unit),
        fc.constantFrom(...unit),
      )
      .map(([area, d, s, u1, u2]) => `${area}${d} ${s}${u1}${u2}`);
    fc.assert(
      fc.property(postcode, fc.boolean(), (pc, squash) => {
        const messy = squash ? pc.replace(' ', '').toLowerCase() : `  ${pc.toLowerCase()} `;
        const parsed = parsePostcode(messy);
        expect(parsed?.postcode).toBe(pc);
        expect(parsePostcode(parsed!.postcode)).toEqual(parsed);
        expect(parsed!.sector.startsWith(parsed!.district)).toBe(true);
      }),
    );
  });
});
