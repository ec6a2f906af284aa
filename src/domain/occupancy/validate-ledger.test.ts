import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import type { Ledger, LedgerFrame, Placement } from './ledger.ts';
import { assertValidLedger, validateLedger } from './validate-ledger.ts';

const frame: LedgerFrame = {
  windows: [
    { bed: 'oak-1', from: '2025-04-01', to: '2028-04-01' },
    { bed: 'oak-2', from: '2026-01-01', to: '2028-04-01' },
  ],
  las: ['brent', 'ealing'],
};
const p = (over: Partial<Placement> & { id: string }): Placement => ({
  bed: 'oak-1',
  la: 'brent',
  start: '2025-05-01',
  needSegment: 'ebd-standard',
  ...over,
});
const ledger = (over: Partial<Ledger>): Ledger => ({
  placements: [],
  unavailability: [],
  decommissions: [],
  ...over,
});
const messages = (l: Ledger) => validateLedger(l, frame).map((e) => `${e.record} ${e.field}: ${e.message}`);

describe('ledger validation', () => {
  it('accepts a sound ledger', () => {
    const l = ledger({
      placements: [
        p({ id: 'P1', end: '2025-06-01', ending: 'planned' }),
        p({ id: 'P2', start: '2025-06-01', la: 'ealing' }),
        p({ id: 'P3', bed: 'oak-2', start: '2026-01-01', end: '2026-02-01', ending: 'unplanned' }),
      ],
      unavailability: [
        { id: 'U1', bed: 'oak-2', from: '2026-02-01', kind: 'agreed', reason: 'resident mix' },
      ],
      decommissions: [{ bed: 'oak-2', from: '2027-01-01' }],
    });
    expect(validateLedger(l, frame)).toEqual([]);
  });

  it('refuses a placement in an occupied bed, naming both records', () => {
    const l = ledger({
      placements: [
        p({ id: 'P1', end: '2025-06-01', ending: 'planned', row: 2 }),
        p({ id: 'P2', start: '2025-05-31', row: 3 }),
      ],
    });
    const errors = validateLedger(l, frame);
    expect(errors).toEqual([
      {
        row: 3,
        record: 'placement P2',
        field: 'start',
        message: 'overlaps placement P1 (2025-05-01 to 2025-06-01) in bed oak-1',
      },
    ]);
    expect(() => assertValidLedger(l, frame)).toThrow(DomainError);
    expect(() => assertValidLedger(l, frame)).toThrow(/row 3, placement P2, field "start": overlaps/);
  });

  it('refuses overlapping unavailability, and a placement while the bed is unavailable', () => {
    const l = ledger({
      placements: [p({ id: 'P1', start: '2025-07-10' })],
      unavailability: [
        { id: 'U1', bed: 'oak-1', from: '2025-07-01', to: '2025-07-20', kind: 'provider', reason: 'repairs' },
        { id: 'U2', bed: 'oak-1', from: '2025-07-15', kind: 'agreed', reason: 'resident mix' },
      ],
    });
    expect(messages(l)).toEqual([
      'placement P1 start: overlaps unavailability U1 (2025-07-01 to 2025-07-20) in bed oak-1',
      'unavailability U2 from: overlaps placement P1 (2025-07-10 to (open)) in bed oak-1',
    ]);
  });

  it('refuses end before start, unknown beds and LAs, and placements outside the contract', () => {
    const l = ledger({
      placements: [
        p({ id: 'P1', end: '2025-04-20', ending: 'planned' }),
        p({ id: 'P2', bed: 'elm-9' }),
        p({ id: 'P3', bed: 'oak-2', start: '2025-12-01', la: 'kent' }),
        p({ id: 'P4', start: '2028-04-01' }),
      ],
    });
    expect(messages(l)).toEqual([
      'placement P1 end: ends on 2025-04-20, not after its start 2025-05-01',
      'placement P2 bed: bed "elm-9" is not a bed of this contract',
      'placement P3 la: "kent" is not an LA in this contract',
      "placement P3 start: starts on 2025-12-01, outside bed oak-2's contract period 2026-01-01 to 2028-04-01",
      "placement P4 start: starts on 2028-04-01, outside bed oak-1's contract period 2025-04-01 to 2028-04-01",
    ]);
  });

  it('refuses a missing ending, duplicate ids, extras outside the placement and a stay past closure', () => {
    const l = ledger({
      placements: [
        p({
          id: 'P1',
          end: '2025-06-01',
          extras: [{ type: 'therapy', weekly: 25_000, from: '2025-04-20' }],
        }),
        p({ id: 'P1', bed: 'oak-2', start: '2026-03-01' }),
      ],
      decommissions: [{ bed: 'oak-2', from: '2026-06-01', row: 9 }],
    });
    expect(messages(l)).toEqual([
      'placement P1 ending: an ended placement needs its ending: planned or unplanned',
      'placement P1 extras[0].from: starts on 2025-04-20, before the placement starts (2025-05-01)',
      'placement P1 id: this id is used twice',
      'placement P1 end: bed oak-2 is decommissioned from 2026-06-01; the placement must end by then',
    ]);
  });

  it('finds an overlap exactly when two placements in one bed share a day', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 60 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (raw) => {
          const ps = raw.map(([s, len], i) =>
            p({
              id: `P${i}`,
              start: addDays('2025-05-01', s),
              end: addDays('2025-05-01', s + len),
              ending: 'planned',
            }),
          );
          const clash = raw.some(([s1, l1], i) =>
            raw.some(([s2, l2], j) => i < j && s1 < s2 + l2 && s2 < s1 + l1),
          );
          expect(validateLedger(ledger({ placements: ps }), frame).length > 0).toBe(clash);
        },
      ),
    );
  });
});
