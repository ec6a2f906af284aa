import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, toEpochDay } from '../shared/dates.ts';
import { buildSpells } from './care-history.ts';
import { compileCategoryMap, DEFAULT_CATEGORY_RULES } from './categories.ts';
import { countHazards } from './hazard-counts.ts';
import { type TestChild, testDataset } from './test-data.ts';

const map = compileCategoryMap(DEFAULT_CATEGORY_RULES, 2020, 2023);
const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);

describe('countHazards', () => {
  it('adds every day in care inside the window exactly once, and one event per exit or move', () => {
    const child = fc.record({
      birthOffset: fc.integer({ min: 0, max: 5000 }),
      early: fc.constantFrom(0, 1, 3, 20),
      stays: fc.array(
        fc.tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom('U4', 'K2', 'U1'), fc.boolean()),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
    });
    fc.assert(
      fc.property(fc.array(child, { minLength: 1, maxLength: 6 }), (kids) => {
        const from = toEpochDay('2020-04-01');
        const to = toEpochDay('2023-03-31');
        let days = 0;
        const children: TestChild[] = kids.map((k, i) => {
          let t = toEpochDay('2020-06-01') + i * 17;
          const birth = addDays('2002-06-01', k.birthOffset);
          const b18 = toEpochDay(addDays(birth, 0).replace(/^\d{4}/, (y) => String(Number(y) + 18)));
          return {
            id: `C${i}`,
            birth,
            episodes: k.stays
              .map(([len, place, gap]) => {
                const start = t;
                const end = Math.min(t + len, b18 - k.early);
                t = end + (gap ? 10 : 0);
                return { start: addDays('1970-01-01', start), end: addDays('1970-01-01', end), place };
              })
              .filter((e) => toEpochDay(e.start) < toEpochDay(e.end!)),
          };
        });
        const d = testDataset(children.filter((c) => c.episodes.length > 0));
        const spells = buildSpells(d, map);
        for (let s = 0; s < spells.count; s++) {
          const lo = Math.max(spells.start[s]!, from);
          const hi = Math.min(spells.end[s]!, to + 1);
          if (hi > lo) days += hi - lo;
        }
        const c = countHazards(spells, d.children.birth, { from, to });
        expect(sum(c.exposure)).toBe(days);
        const events = sum(c.exits) + sum(c.moves);
        let expected = 0;
        for (let s = 0; s < spells.count; s++) {
          const end = spells.end[s]!;
          if (end > to || end <= from) continue;
          const birth = d.children.birth[spells.child[s]!]!;
          const b18 = toEpochDay(
            `${Number(addDays('1970-01-01', birth).slice(0, 4)) + 18}${addDays('1970-01-01', birth).slice(4)}`,
          );
          if (spells.next[s] === -1 && end >= b18 - 7) continue; // leaving at 18 is not an event
          expected++;
        }
        expect(events).toBe(expected);
      }),
      { numRuns: 80 },
    );
  });

  it('weights recent days more when given a half-life', () => {
    const d = testDataset([
      { id: 'A', birth: '2010-01-01', episodes: [{ start: '2020-04-01', place: 'U4' }] },
    ]);
    const spells = buildSpells(d, map);
    const to = toEpochDay('2023-03-31');
    const flat = countHazards(spells, d.children.birth, { from: toEpochDay('2020-04-01'), to });
    const recent = countHazards(spells, d.children.birth, {
      from: toEpochDay('2020-04-01'),
      to,
      halfLifeDays: 365,
    });
    expect(sum(flat.exposure)).toBe(1095);
    // Three years with a one-year half-life: the integral of 2^(-t/365) over 1,095 days.
    expect(sum(recent.exposure)).toBeCloseTo((365 / Math.LN2) * (1 - 1 / 8), -1);
  });
});
