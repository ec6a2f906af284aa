import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/shared/dates.ts';
import {
  formulaProblem,
  parseDate,
  parsePlaces,
  parseRating,
  parseStatus,
  parseTick,
  parseUrn,
} from './values.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }) =>
  r.ok ? r.value : `error: ${r.message}`;

describe('Ofsted cell values', () => {
  it('accepts social-care and numeric URNs, in any case and spacing, and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.boolean(), (n, lowerCase) => {
        const sc = `SC${String(n).padStart(6, '0')}`;
        expect(value(parseUrn(lowerCase ? ` ${sc.toLowerCase()} ` : sc))).toBe(sc);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 9_999_999 }), (n) => {
        expect(value(parseUrn(String(n)))).toBe(String(n));
      }),
    );
    for (const bad of ['SC12345', 'SC1234567', '12345', '12345678', 'URN1234', 'S C123456X'])
      expect(parseUrn(bad).ok, bad).toBe(false);
  });

  it('maps old and new judgement words to today’s scale', () => {
    expect(
      [
        'Outstanding',
        'good',
        'Requires Improvement to be Good',
        'Requires improvement',
        'Adequate',
        'Satisfactory',
        '4',
        'Not judged',
        '',
        'Not yet inspected',
      ].map((t) => value(parseRating(t))),
    ).toEqual([
      'outstanding',
      'good',
      'requires-improvement',
      'requires-improvement',
      'requires-improvement',
      'requires-improvement',
      'inadequate',
      null,
      null,
      'not-yet-inspected',
    ]);
  });

  it('reads every date spelling to the same day, never month-first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (n) => {
        const iso = addDays('1990-01-01', n);
        const [y, m, d] = iso.split('-');
        const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
          Number(m) - 1
        ];
        for (const text of [
          iso,
          `${d}/${m}/${y}`,
          `${d}-${m}-${y}`,
          `${Number(d)} ${month} ${y}`,
          `${d}-${month}-${y}`,
        ]) {
          expect(value(parseDate(text))).toBe(iso);
        }
      }),
    );
    expect(value(parseDate('45382'))).toBe('2024-03-31'); // Excel serial
    expect(parseDate('03/31/2024').ok).toBe(false);
    expect(value(parseDate('-'))).toBeNull();
  });

  it('reads places, ticks and statuses', () => {
    expect([
      value(parsePlaces('4')),
      value(parsePlaces('4.0')),
      value(parsePlaces('')),
      parsePlaces('-1').ok,
      parsePlaces('2.5').ok,
    ]).toEqual([4, 4, null, false, false]);
    expect(['Y', 'yes', 'x', '1', 'N', '', 'No'].map((t) => value(parseTick(t)))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(
      ['Active', 'Registered', 'Deregistered', 'Suspended', 'resigned'].map((t) => value(parseStatus(t))),
    ).toEqual(['active', 'active', 'closed', 'suspended', 'resigned']);
  });

  it('flags any text a spreadsheet could run, but not plain numbers or empty markers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('=', '+', '@', '\t', '\r'),
        // Something visible after the lead: a cell of only whitespace is an empty cell, not a formula.
        fc.string({ minLength: 1 }).filter((s) => /[^\d.\s]/.test(s)),
        (lead, rest) => {
          expect(formulaProblem(`${lead}${rest}`)).toBeDefined();
        },
      ),
    );
    for (const fine of ['-12', '+3', '-', 'Oak House', ''])
      expect(formulaProblem(fine), fine).toBeUndefined();
  });
});
