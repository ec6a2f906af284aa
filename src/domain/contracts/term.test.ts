import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../shared/dates.ts';
import type { Contract, Term } from './contract.ts';
import {
  anniversaries,
  currentEnd,
  decideExtension,
  lastNoticeDate,
  latestPossibleEnd,
  openExtension,
  upcomingDecisions,
} from './term.ts';
import { WEST_LONDON_CONTRACT } from './west-london-example.ts';

describe('contract terms', () => {
  const plymouth = {
    start: '2019-04-01',
    initialMonths: 36,
    extensions: [{ months: 12 }, { months: 12 }],
    extensionNoticeMonths: 6,
  };

  it('ends after the initial period plus the extensions exercised so far (3+1+1, as Plymouth)', () => {
    expect(currentEnd(plymouth)).toBe('2022-04-01');
    expect(latestPossibleEnd(plymouth)).toBe('2024-04-01');
    const one = { ...plymouth, extensions: [{ months: 12, exercised: true }, { months: 12 }] };
    expect(currentEnd(one)).toBe('2023-04-01');
    const declined = { ...plymouth, extensions: [{ months: 12, exercised: false }, { months: 12 }] };
    expect(latestPossibleEnd(declined)).toBe('2022-04-01');
  });

  it('puts anniversaries strictly inside the term, clamping 29 February', () => {
    expect(anniversaries('2024-02-29', '2027-03-01')).toEqual(['2025-02-28', '2026-02-28', '2027-02-28']);
    expect(anniversaries('2025-04-01', '2026-04-01')).toEqual([]);
  });

  it("gives the last day to serve notice for a break (Essex's six months)", () => {
    expect(lastNoticeDate({ noticeMonths: 6 }, '2026-10-01')).toBe('2026-04-01');
  });

  it('lists the decisions ahead, soonest first', () => {
    expect(upcomingDecisions(WEST_LONDON_CONTRACT, '2028-06-01')).toEqual([
      {
        kind: 'break-notice',
        date: '2028-06-01',
        about: 'notice served today breaks on 2028-12-01',
        daysAway: 0,
      },
      {
        kind: 'extension-decision',
        date: '2028-10-14',
        about: 'extension 2 of 12 months (from 2029-04-14)',
        daysAway: 135,
      },
      { kind: 'term-end', date: '2029-04-14', about: 'the current term ends', daysAway: 317 },
    ]);
    const scheduled: Contract = {
      ...WEST_LONDON_CONTRACT,
      breakClause: { noticeMonths: 6, dates: ['2027-04-14', '2028-04-14'] },
    };
    expect(upcomingDecisions(scheduled, '2027-01-01').map((d) => [d.kind, d.date])).toEqual([
      ['break-notice', '2027-10-14'],
      ['extension-decision', '2028-10-14'],
      ['term-end', '2029-04-14'],
    ]);
  });
});

describe('deciding an extension', () => {
  const term: Term = {
    start: '2025-04-01',
    initialMonths: 36,
    extensions: [{ months: 12 }, { months: 6 }],
    extensionNoticeMonths: 6,
  };

  it('exercised, runs the term on by its months and opens the next option', () => {
    const one = decideExtension(term, 1, true, '2027-09-01');
    expect(currentEnd(one)).toBe('2029-04-01');
    expect(openExtension(one)).toEqual({ number: 2, option: { months: 6 } });
    const two = decideExtension(one, 2, true, '2028-09-01');
    expect(currentEnd(two)).toBe('2029-10-01');
    expect(openExtension(two)).toBeUndefined();
    expect(() => decideExtension(two, 2, false, '2028-09-01')).toThrow(
      'Extension 2 has already been decided',
    );
    expect(term.extensions).toEqual([{ months: 12 }, { months: 6 }]); // not changed in place
  });

  it('not taken, leaves the end where it is and closes the options after it', () => {
    const declined = decideExtension(term, 1, false, '2027-09-01');
    expect(currentEnd(declined)).toBe('2028-04-01');
    expect(openExtension(declined)).toBeUndefined();
    expect(
      upcomingDecisions({ ...WEST_LONDON_CONTRACT, term: declined }, '2027-09-01').map((d) => d.kind),
    ).not.toContain('extension-decision');
    expect(() => decideExtension(declined, 2, true, '2027-09-01')).toThrow(
      'Extension 1 was not taken, so no later extension can follow',
    );
  });

  it('refuses out of order, after the term, and where there is nothing to decide', () => {
    expect(() => decideExtension(term, 2, true, '2027-09-01')).toThrow(
      'Extensions are decided in order: decide extension 1 first',
    );
    expect(() => decideExtension(term, 1, true, '2028-04-01')).toThrow(
      'The term ended on 2028-03-31: an ended contract cannot be extended',
    );
    expect(() => decideExtension({ ...term, extensions: [] }, 1, true, '2026-01-01')).toThrow(
      'This contract has no extension options',
    );
    expect(() => decideExtension(term, 3, true, '2026-01-01')).toThrow(
      'This contract has 2 extension options, not 3',
    );
    // A late decision (past the notice deadline, before the end) is recorded: both sides may agree it.
    expect(currentEnd(decideExtension(term, 1, true, '2028-03-31'))).toBe('2029-04-01');
  });

  it('never shortens the term, and never runs it past the latest possible end', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 24 }), { maxLength: 4 }),
        fc.array(fc.boolean(), { maxLength: 4 }),
        (months, choices) => {
          let t: Term = { ...term, extensions: months.map((m) => ({ months: m })) };
          const latest = latestPossibleEnd(t);
          for (const exercise of choices) {
            const open = openExtension(t);
            if (!open) break;
            const before = currentEnd(t);
            const asOf = addMonths(before, -1);
            t = decideExtension(t, open.number, exercise, asOf);
            const after = currentEnd(t);
            expect(after).toBe(exercise ? addMonths(before, open.option.months) : before);
            expect(after <= latest).toBe(true);
            expect(latestPossibleEnd(t) <= latest).toBe(true);
          }
        },
      ),
    );
  });
});
