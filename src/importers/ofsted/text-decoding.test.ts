import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCsv, firstInvalidUtf8 } from './text-decoding.ts';

describe('CSV text decoding', () => {
  it('finds no fault in any valid UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(firstInvalidUtf8(Buffer.from(s, 'utf8'))).toBe(-1);
      }),
    );
  });

  it('agrees with the platform about which byte strings are UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) === -1).toBe(valid);
      }),
    );
  });

  it('strips a byte-order mark and reads UTF-16', () => {
    expect(decodeCsv(Buffer.from('\uFEFFURN\r\n', 'utf8'))).toEqual({ text: 'URN\r\n' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('£', 'utf16le')]))).toEqual({
      text: '£',
    });
  });
});
