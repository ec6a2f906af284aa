import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay, toEpochDay } from '../shared/dates.ts';
import { bedStateSpans, bedTimelines, type DayState } from './bed-days.ts';
import type { Ledger, Placement, Unavailability } from './ledger.ts';
import { indexLedger } from './ledger-index.ts';
import { endDay } from './spans.ts';
import { validateLedger } from './validate-ledger.ts';

const placement = (id: string, start: string, end?: string, la = 'brent'): Placement => ({
  id,
  bed: 'b1',
  la,
  start,
  ...(end ? { end, ending: 'planned' as const } : {}),
  needSegment: 'ebd-standard',
});
const unavailable = (id: string, from: string, to: string | undefined, kind: 'provider' | 'agreed') =>
  ({ id, bed: 'b1', from, ...(to ? { to } : {}), kind, reason: 'staffing' }) as Unavailability;

describe('bed timeline', () => {
  it('derives occupied, held, unavailable, void and decommissioned days for one bed', () => {
    const ledger: Ledger = {
      placements: [placement('P1', '2025-04-10', '2025-05-01', 'brent'), placement('P2', '2025-05-20')],
      unavailability: [unavailable('U1', '2025-05-05', '2025-05-08', 'provider')],
      decommissions: [],
    };
    const rows = bedTimelines([{ bed: 'b1', from: '2025-04-01', to: '2026-04-01' }], ledger, 28, {
      from: '2025-03-30',
      to: '2025-06-01',
    });
    expect(rows.map((r) => [r.from, r.to, r.state, r.placement ?? r.unavailability ?? ''])).toEqual([
      ['2025-03-30', '2025-04-01', 'outside', ''],
      ['2025-04-01', '2025-04-10', 'void', ''],
      ['2025-04-10', '2025-05-01', 'occupied', 'P1'],
      // The 28-day hold runs 1 May to 28 May, interrupted by the provider's staffing gap and ended
      // early by the next placement on 20 May.
      ['2025-05-01', '2025-05-05', 'held', 'P1'],
      ['2025-05-05', '2025-05-08', 'unavailable-provider', 'U1'],
      ['2025-05-08', '2025-05-20', 'held', 'P1'],
      ['2025-05-20', '2025-06-01', 'occupied', 'P2'],
    ]);
    expect(rows.find((r) => r.state === 'held')?.la).toBe('brent');
  });

  it('turns to void when the hold runs out and to decommissioned on the day the bed closes', () => {
    const ledger: Ledger = {
      placements: [placement('P1', '2025-04-01', '2025-04-11')],
      unavailability: [unavailable('U1', '2025-04-20', undefined, 'agreed')],
      decommissions: [{ bed: 'b1', from: '2025-05-01' }],
    };
    const rows = bedTimelines([{ bed: 'b1', from: '2025-04-01', to: '2025-06-01' }], ledger, 5, {
      from: '2025-04-01',
      to: '2025-06-01',
    });
    expect(rows.map((r) => [r.from, r.state])).toEqual([
      ['2025-04-01', 'occupied'],
      ['2025-04-11', 'held'],
      ['2025-04-16', 'void'],
      ['2025-04-20', 'unavailable-agreed'],
      ['2025-05-01', 'decommissioned'],
    ]);
  });
});

/** The definition of a bed's state on one day, written the slow and obvious way. */
function oracle(ledger: Ledger, win: { start: number; end: number }, hold: number, d: number): DayState {
  if (d < win.start || d >= win.end) return 'outside';
  const decom = ledger.decommissions[0] ? toEpochDay(ledger.decommissions[0].from) : Infinity;
  const activeEnd = Math.max(win.start, Math.min(win.end, decom));
  if (d >= activeEnd) return 'decommissioned';
  const day = fromEpochDay(d);
  if (ledger.placements.some((p) => p.start <= day && (!p.end || day < p.end))) return 'occupied';
  const u = ledger.unavailability.find((x) => x.from <= day && (!x.to || day < x.to));
  if (u) return u.kind === 'provider' ? 'unavailable-provider' : 'unavailable-agreed';
  const ended = ledger.placements
    .filter((p) => p.end && toEpochDay(p.end) <= d && toEpochDay(p.end) < activeEnd)
    .map((p) => endDay(p.end));
  const last = Math.max(-Infinity, ...ended);
  return d < last + hold ? 'held' : 'void';
}

/** A valid ledger for one bed: facts laid end to end with random gaps. */
const bedLedger = fc
  .tuple(
    fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 40 }),
        len: fc.integer({ min: 1, max: 90 }),
        kind: fc.constantFrom('placement', 'provider', 'agreed'),
      }),
      { maxLength: 10 },
    ),
    fc.boolean(),
    fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  )
  .map(([facts, openLast, decomAfter]) => {
    const base = toEpochDay('2025-01-01');
    const ledger: { placements: Placement[]; unavailability: Unavailability[]; decommissions: [] } = {
      placements: [],
      unavailability: [],
      decommissions: [],
    };
    let t = base;
    facts.forEach((f, i) => {
      const start = t + f.gap;
      const end = start + f.len;
      const open = openLast && i === facts.length - 1 && decomAfter === undefined;
      const to = open ? undefined : fromEpochDay(end);
      if (f.kind === 'placement') ledger.placements.push(placement(`P${i}`, fromEpochDay(start), to));
      else ledger.unavailability.push(unavailable(`U${i}`, fromEpochDay(start), to, f.kind));
      t = end;
    });
    const decom = decomAfter === undefined ? [] : [{ bed: 'b1', from: fromEpochDay(t + decomAfter) }];
    return { ...ledger, decommissions: decom } as Ledger;
  });

describe('bed timeline invariants', () => {
  const win = { start: toEpochDay('2025-01-01'), end: toEpochDay('2030-01-01') };

  it('tiles any range exactly and agrees with the day-by-day definition on every day', () => {
    fc.assert(
      fc.property(
        bedLedger,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: -30, max: 1200 }),
        fc.integer({ min: 1, max: 500 }),
        (ledger, hold, offset, length) => {
          const frame = { windows: [{ bed: 'b1', from: '2025-01-01', to: '2030-01-01' }], las: ['brent'] };
          expect(validateLedger(ledger, frame)).toEqual([]);
          const range = { start: win.start + offset, end: win.start + offset + length };
          const spans = bedStateSpans(
            win,
            indexLedger(ledger).get('b1') ?? { placements: [], unavailability: [] },
            hold,
            range,
          );
          let cursor = range.start;
          for (const s of spans) {
            expect(s.start).toBe(cursor);
            expect(s.end).toBeGreaterThan(s.start);
            cursor = s.end;
            for (let d = s.start; d < s.end; d++) expect(s.state).toBe(oracle(ledger, win, hold, d));
          }
          expect(cursor).toBe(range.end);
          const occupied = spans.filter((s) => s.state === 'occupied');
          for (let k = 1; k < occupied.length; k++) {
            expect(occupied[k]!.start).toBeGreaterThanOrEqual(occupied[k - 1]!.end);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('still tiles the range when facts overlap (bad input never breaks the board)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 60 })), {
          maxLength: 8,
        }),
        (raw) => {
          const ledger: Ledger = {
            placements: raw.map(([s, l], i) =>
              placement(`P${i}`, addDays('2025-01-01', s), addDays('2025-01-01', s + l)),
            ),
            unavailability: [],
            decommissions: [],
          };
          const range = { start: win.start, end: win.start + 300 };
          const spans = bedStateSpans(
            win,
            indexLedger(ledger).get('b1') ?? { placements: [], unavailability: [] },
            7,
            range,
          );
          expect(spans.reduce((n, s) => n + (s.end - s.start), 0)).toBe(300);
          for (let k = 1; k < spans.length; k++) expect(spans[k]!.start).toBe(spans[k - 1]!.end);
        },
      ),
    );
  });
});
