import { describe, expect, it } from 'vitest';
import { findIdentifiers, parsePostcodeSector, sectorDistrict } from './identifiers.ts';

describe('pseudonymisation helpers', () => {
  it.each([
    ['UB3 1', 'UB3 1'],
    ['ub31', 'UB3 1'],
    ['  sw1a  2 ', 'SW1A 2'],
    ['M1 1', 'M1 1'],
  ])('reads %j as the sector %j', (input, sector) => {
    expect(parsePostcodeSector(input)).toEqual({ ok: true, sector });
  });

  it('refuses full postcodes and things that are not sectors', () => {
    expect(parsePostcodeSector('UB3 1AB')).toEqual({ ok: false, reason: 'full-postcode' });
    expect(parsePostcodeSector('ub31ab')).toEqual({ ok: false, reason: 'full-postcode' });
    expect(parsePostcodeSector('UB3')).toEqual({ ok: false, reason: 'format' });
    expect(parsePostcodeSector('Hayes')).toEqual({ ok: false, reason: 'format' });
    expect(sectorDistrict('UB3 1')).toBe('UB3');
  });

  it('spots postcodes and dates in free text, and leaves ordinary text alone', () => {
    expect(findIdentifiers('Lives near UB3 1AB')).toEqual(['postcode']);
    expect(findIdentifiers('born 01/02/2012')).toEqual(['date']);
    expect(findIdentifiers('Seen on 3rd March 2025')).toEqual(['date']);
    expect(findIdentifiers('DOB withheld')).toEqual(['date-of-birth']);
    expect(findIdentifiers('Aged 14, in year 9 (KS3), needs 2:1 support at times')).toEqual([]);
  });
});
