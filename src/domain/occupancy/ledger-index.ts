/**
 * The ledger grouped by bed, with dates turned into epoch days and facts sorted by start. Built
 * once per ledger object and remembered (a WeakMap keyed by the ledger), so a page that asks for a
 * month's statements and then the KPIs does not re-sort five years of history.
 */
import { toEpochDay } from '../shared/dates.ts';
import type { BedId, Decommissioning, Ledger, Placement, Unavailability } from './ledger.ts';
import { endDay } from './spans.ts';

export interface IndexedPlacement {
  fact: Placement;
  start: number;
  /** Infinity while the placement continues. */
  end: number;
}

export interface IndexedUnavailability {
  fact: Unavailability;
  start: number;
  end: number;
}

export interface IndexedBed {
  placements: IndexedPlacement[];
  unavailability: IndexedUnavailability[];
  decommission?: { fact: Decommissioning; start: number };
}

export type LedgerIndex = ReadonlyMap<BedId, IndexedBed>;

const cache = new WeakMap<Ledger, LedgerIndex>();

/** Groups the ledger by bed (memoised per ledger object; treat ledgers as immutable values). */
export function indexLedger(ledger: Ledger): LedgerIndex {
  const hit = cache.get(ledger);
  if (hit) return hit;
  const beds = new Map<BedId, IndexedBed>();
  const bedOf = (id: BedId): IndexedBed => {
    let b = beds.get(id);
    if (!b) {
      b = { placements: [], unavailability: [] };
      beds.set(id, b);
    }
    return b;
  };
  for (const p of ledger.placements) {
    bedOf(p.bed).placements.push({ fact: p, start: toEpochDay(p.start), end: endDay(p.end) });
  }
  for (const u of ledger.unavailability) {
    bedOf(u.bed).unavailability.push({ fact: u, start: toEpochDay(u.from), end: endDay(u.to) });
  }
  for (const d of ledger.decommissions) {
    const b = bedOf(d.bed);
    const start = toEpochDay(d.from);
    // Validation refuses two decommissionings of one bed; the earliest wins if unvalidated.
    if (!b.decommission || start < b.decommission.start) b.decommission = { fact: d, start };
  }
  for (const b of beds.values()) {
    b.placements.sort((x, y) => x.start - y.start || x.end - y.end);
    b.unavailability.sort((x, y) => x.start - y.start || x.end - y.end);
  }
  cache.set(ledger, beds);
  return beds;
}

export const EMPTY_BED: IndexedBed = { placements: [], unavailability: [] };
