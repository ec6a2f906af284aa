import { describe, expect, it } from 'vitest';
import type { Contract } from './contract.ts';
import { anniversaries, currentEnd, lastNoticeDate, latestPossibleEnd, upcomingDecisions } from './term.ts';
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
