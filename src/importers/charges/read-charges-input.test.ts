import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEST_LONDON_CONTRACT, WEST_LONDON_LEDGER } from '../../domain/contracts/west-london-example.ts';
import type { Ledger } from '../../domain/occupancy/ledger.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { readChargesInput } from './read-charges-input.ts';

const dir = new URL('../../../docs/examples/charges/', import.meta.url);
const contractText = readFileSync(new URL('contract.json', dir), 'utf8');
const eventsText = readFileSync(new URL('events.csv', dir), 'utf8');

/** The ledger without source row numbers, to compare with the hand-written example. */
function withoutRows(l: Ledger): Ledger {
  const strip = <T extends { row?: number }>({ row: _, ...rest }: T) => rest;
  return {
    placements: l.placements.map((p) => {
      const q = strip(p);
      return p.extras ? { ...q, extras: p.extras.map(strip) } : q;
    }),
    unavailability: l.unavailability.map(strip),
    decommissions: l.decommissions.map(strip),
  };
}

const errorsOf = (contract: string, events: string): FieldError[] => {
  try {
    readChargesInput(contract, events);
  } catch (e) {
    if (e instanceof DomainError) return [...e.fieldErrors];
    throw e;
  }
  return [];
};

describe('reading the documented example files', () => {
  it('gives exactly the West London worked example', () => {
    const input = readChargesInput(contractText, eventsText);
    expect(input.contract).toEqual(WEST_LONDON_CONTRACT);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    const got = withoutRows(input.ledger);
    expect([...got.placements].sort(byId)).toEqual([...WEST_LONDON_LEDGER.placements].sort(byId));
    expect(got.unavailability).toEqual(WEST_LONDON_LEDGER.unavailability);
    expect(got.decommissions).toEqual(WEST_LONDON_LEDGER.decommissions);
    expect(input.spotRates).toHaveLength(4);
    expect(input.ledger.placements.find((p) => p.id === 'P2')?.row).toBe(3);
  });

  it('refuses a placement in an occupied bed, naming the row, the record and the column', () => {
    const clash = `${eventsText}placement,P14,cedar-1,barnet,2026-01-05,,,ebd-standard,3,,,,\n`;
    expect(errorsOf(contractText, clash)).toEqual([
      {
        row: 24,
        record: 'placement P14',
        field: 'start_date',
        message: 'overlaps placement P1 (2025-04-14 to (open)) in bed cedar-1',
      },
    ]);
  });

  it('reports problems in both files at once, and returns nothing', () => {
    const contract = contractText.replace(
      '"share": "1/7" },\n    { "la": "brent"',
      '"share": "1/2" },\n    { "la": "brent"',
    );
    const events = eventsText.replace(
      'placement,P3,cedar-3,barnet,2025-05-01,2026-02-01',
      'placement,P3,cedar-3,barnet,2025-05-01,2025-02-01',
    );
    const badDate = eventsText.replace(
      'placement,P3,cedar-3,barnet,2025-05-01,2026-02-01',
      'placement,P3,cedar-3,barnet,2025-05-01,2026-02-31',
    );
    expect(errorsOf(contract, badDate)).toEqual([
      {
        record: 'contract file',
        field: 'shares',
        message: 'the shares add up to 135.7143%; they must add up to 100%',
      },
      { row: 5, field: 'end_date', message: '"2026-02-31" is not a real date (YYYY-MM-DD or dd/mm/yyyy)' },
    ]);
    // The ledger's business rules are checked against the contract once both files read cleanly.
    expect(errorsOf(contract, events)).toHaveLength(1);
    expect(errorsOf(contractText, events)).toEqual([
      {
        row: 5,
        record: 'placement P3',
        field: 'end_date',
        message: 'ends on 2025-02-01, not after its start 2025-05-01',
      },
    ]);
  });
});
