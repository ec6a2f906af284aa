import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from '../shared/dates.ts';
import { buildSpells, LEFT_CARE, STILL_OPEN } from './care-history.ts';
import { CATEGORY_KEYS, compileCategoryMap, DEFAULT_CATEGORY_RULES } from './categories.ts';
import { OPEN } from './dataset.ts';
import { testDataset } from './test-data.ts';

const map = compileCategoryMap(DEFAULT_CATEGORY_RULES, 2020, 2023);

function describeSpells(spells: ReturnType<typeof buildSpells>): string[] {
  return Array.from({ length: spells.count }, (_, s) => {
    const next = spells.next[s]!;
    const how = next === LEFT_CARE ? 'left' : next === STILL_OPEN ? 'open' : `to ${CATEGORY_KEYS[next]}`;
    const end = spells.end[s] === OPEN ? '…' : fromEpochDay(spells.end[s]!);
    return `${fromEpochDay(spells.start[s]!)}–${end} ${CATEGORY_KEYS[spells.category[s]!]} (period ${fromEpochDay(spells.periodStart[s]!)}) ${how}`;
  });
}

describe('buildSpells', () => {
  const d = testDataset([
    {
      id: 'A',
      birth: '2010-01-01',
      episodes: [
        { start: '2020-05-01', end: '2020-06-01', place: 'U6', rne: 'S' },
        { start: '2020-06-01', end: '2020-09-01', place: 'U4', ls: 'C1', rne: 'L' }, // same category: joined
        { start: '2020-09-01', end: '2021-01-10', place: 'K2', provider: 'PR4' },
        { start: '2021-03-01', place: 'U1', rne: 'S' }, // a new period after a gap
      ],
    },
    {
      id: 'B',
      birth: '2012-01-01',
      episodes: [
        { start: '2021-02-01', end: '2021-02-08', place: 'U6', ls: 'V3', rne: 'S' }, // short break: not counted
        { start: '2022-01-01', end: '2022-01-01', place: 'K2', rne: 'S' }, // same-day episode holds no day
        { start: '2022-01-01', end: '2022-05-01', place: 'U5', provider: 'PR5' },
      ],
    },
  ]);

  it('joins episodes within a category, marks moves, exits and open spells, and skips short breaks', () => {
    expect(describeSpells(buildSpells(d, map))).toEqual([
      '2020-05-01–2020-09-01 in-house-fostering (period 2020-05-01) to residential',
      '2020-09-01–2021-01-10 residential (period 2020-05-01) left',
      '2021-03-01–… kinship (period 2021-03-01) open',
      '2022-01-01–2022-05-01 agency-fostering (period 2022-01-01) left',
    ]);
  });

  it('sees only what was known at a cut-off', () => {
    expect(describeSpells(buildSpells(d, map, { cutoff: toEpochDay('2020-08-15') }))).toEqual([
      '2020-05-01–… in-house-fostering (period 2020-05-01) open',
    ]);
    expect(describeSpells(buildSpells(d, map, { cutoff: toEpochDay('2021-01-10') }))).toEqual([
      '2020-05-01–2020-09-01 in-house-fostering (period 2020-05-01) to residential',
      '2020-09-01–2021-01-10 residential (period 2020-05-01) left',
    ]);
  });

  it('marks a period whose start the returns do not show', () => {
    const old = testDataset([
      { id: 'C', birth: '2008-01-01', episodes: [{ start: '2017-03-01', place: 'U4', rne: 'P' }] },
    ]);
    expect(buildSpells(old, map).periodKnown[0]).toBe(0);
    const seen = testDataset([
      { id: 'C', birth: '2008-01-01', episodes: [{ start: '2017-03-01', place: 'U4', rne: 'S' }] },
    ]);
    expect(buildSpells(seen, map).periodKnown[0]).toBe(1);
  });
});
