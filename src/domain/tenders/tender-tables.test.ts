import { describe, expect, it } from 'vitest';
import { evaluateTender } from './evaluate.ts';
import { tenderSheets, tenderTables } from './tender-tables.ts';
import { WORKED_TENDER } from './testing.ts';

describe('tender tables and sheets', () => {
  const ev = evaluateTender(WORKED_TENDER);
  const tables = tenderTables(ev);

  it('lays the evaluation out one fact a row', () => {
    expect(tables.map((t) => t.id)).toEqual([
      'scores',
      'award',
      'quality',
      'sensitivity',
      'overtakes',
      'audit',
    ]);
    const scores = tables[0]!;
    expect(scores.rows[0]).toMatchObject({
      lot: '1',
      rank: 1,
      bid: 'B2',
      price: 390_000,
      pricePoints: 70,
      total: 88,
    });
    const quality = tables[2]!;
    expect(quality.rows.find((r) => r.bid === 'B1')).toMatchObject({
      q_safeguarding: 4,
      q_outcomes: 4,
      q_staffing: 3,
      share: 0.74,
    });
    expect(tables[1]!.notes[0]).toBe(
      'Lot 1: 18 beds from 4 providers, £76,900.00 a week, £3,998,800.00 for 52 weeks.',
    );
    expect(tables[5]!.rows).toHaveLength(ev.lots[0]!.audit.length);
  });

  it('gives sheets whose cells read the table rows', () => {
    const sheets = tenderSheets(ev);
    expect(sheets.map((s) => s.name)).toEqual([
      'Scores and ranking',
      'Award',
      'Quality marks',
      'Sensitivity to the weighting',
      'Where bids swap places',
      'Audit trail',
    ]);
    const award = sheets[1]!;
    expect(award.columns.map((c) => c.value(award.rows[0]!))).toEqual([
      '1',
      1,
      'B2',
      'Birch Homes',
      'Birch Lodge',
      6,
      5,
      390_000,
      1_950_000,
      'capped at 5 beds a setting',
    ]);
  });
});
