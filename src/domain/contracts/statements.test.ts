import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bedTimelines } from '../occupancy/bed-days.ts';
import type { Ledger } from '../occupancy/ledger.ts';
import { addDays, daysBetween } from '../shared/dates.ts';
import { PPM } from '../shared/money.ts';
import { bedDayCharges } from './charges.ts';
import type { Contract } from './contract.ts';
import { bedWindows } from './frame.ts';
import { generateRegion } from './sample-region.ts';
import { contractStatement, monthlyStatements } from './statements.ts';
import { contractPeriod } from './term.ts';
import { weeklyPriceOn } from './uplift.ts';

const released: Contract = {
  id: 'c1',
  name: 'Released-bed block',
  kind: 'soft-block',
  provider: { id: 'p', name: 'Provider' },
  term: { start: '2025-01-01', initialMonths: 12, extensions: [], extensionNoticeMonths: 3 },
  shares: [
    { la: 'a', ppm: 600_000 },
    { la: 'b', ppm: 400_000 },
  ],
  lots: [{ id: 'l', name: 'Lot', weeklyPrice: 350_000 }],
  homes: [{ id: 'h', name: 'Ash', lot: 'l', beds: [{ id: 'b1' }, { id: 'b2' }] }],
  maxBedsPerSetting: 5,
  uplift: { kind: 'none' },
  vacancy: { holdDays: 7, holdPayer: 'shared', afterHold: 'released', retainerPpm: 200_000 },
};
const ledger: Ledger = {
  placements: [
    {
      id: 'P1',
      bed: 'b1',
      la: 'a',
      start: '2025-01-01',
      end: '2025-01-11',
      ending: 'planned',
      needSegment: 'ebd-standard',
    },
  ],
  unavailability: [
    { id: 'U1', bed: 'b2', from: '2025-01-01', to: '2025-01-05', kind: 'agreed', reason: 'Resident mix' },
    { id: 'U2', bed: 'b2', from: '2025-01-05', to: '2025-01-10', kind: 'provider', reason: 'Staffing' },
  ],
  decommissions: [],
};

describe('statements under a shared hold and released beds with a 20% retainer', () => {
  const jan = contractStatement(released, ledger, { from: '2025-01-01', to: '2025-02-01' });

  it('pools the shared hold at full price and voids and agreed unavailability at the retainer', () => {
    expect(jan.provider.pools.map((p) => [p.kind, p.days, p.basisPpm, p.amount])).toEqual([
      ['hold-share', 7, PPM, 350_000], // 7 nights at £500
      ['void-share', 36, 200_000, 360_000], // (14 on b1 + 22 on b2) × £500 × 20%
      ['unavailable-agreed-share', 4, 200_000, 40_000], // 4 × £500 × 20%; the 5 provider-led days cost nothing
    ]);
  });

  it('splits each pool 60:40 and charges the core fee to the placing LA alone', () => {
    const [a, b] = jan.las;
    expect(a!.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['core-fee', 500_000],
      ['hold-share', 210_000],
      ['void-share', 216_000],
      ['unavailable-agreed-share', 24_000],
    ]);
    expect(b!.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['hold-share', 140_000],
      ['void-share', 144_000],
      ['unavailable-agreed-share', 16_000],
    ]);
    expect(jan.reconciliation).toEqual({ laTotal: 1_250_000, providerTotal: 1_250_000, difference: 0 });
  });

  it('charges a framework call-off only for occupied nights', () => {
    const framework: Contract = {
      ...released,
      kind: 'framework',
      vacancy: { holdDays: 0, holdPayer: 'leaving-la', afterHold: 'released', retainerPpm: 0 },
    };
    const s = contractStatement(framework, ledger, { from: '2025-01-01', to: '2025-02-01' });
    expect(s.provider.pools).toEqual([]);
    expect(s.provider.total).toBe(500_000);
  });
});

/** Exact sevenths × ppm for one period, day by day, from the bed board and the price on each day. */
function slowExact(contract: Contract, l: Ledger, from: string, to: string): bigint {
  const v = contract.vacancy;
  const voidBasis = v.afterHold === 'void-shared' ? PPM : v.retainerPpm;
  const basis: Record<string, number> = {
    occupied: PPM,
    held: PPM,
    void: voidBasis,
    'unavailable-agreed': voidBasis,
  };
  const homeOf = new Map(contract.homes.flatMap((h) => h.beds.map((b) => [b.id, h.id] as const)));
  const placements = new Map(l.placements.map((p) => [p.id, p]));
  let total = 0n;
  for (const row of bedTimelines(bedWindows(contract), l, v.holdDays, { from, to })) {
    for (let d = row.from; d < row.to; d = addDays(d, 1)) {
      const b = basis[row.state] ?? 0;
      if (b > 0) total += BigInt(weeklyPriceOn(contract, homeOf.get(row.bed)!, d)) * BigInt(b);
      if (row.state !== 'occupied') continue;
      const p = placements.get(row.placement!)!;
      for (const x of p.extras ?? []) {
        const end = x.to ?? p.end;
        if ((x.from ?? p.start) <= d && (end === undefined || d < end))
          total += BigInt(x.weekly) * BigInt(PPM);
      }
    }
  }
  return total;
}

describe('statements for generated regions', () => {
  it('match a day-by-day computation before rounding, and reconcile after it, every month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const region = generateRegion({ seed, las: 5, beds: 10, years: 2, bedsPerContract: 5 });
        for (const { contract, ledger: l } of region.contracts) {
          const months = monthlyStatements(contract, l, contractPeriod(contract));
          for (const m of months.filter((_, i) => i % 5 === seed % 5)) {
            const lines = m.provider.lines.reduce((a, x) => a + BigInt(x.sevenths) * BigInt(PPM), 0n);
            const pools = m.provider.pools.reduce((a, p) => a + BigInt(p.sevenths) * BigInt(p.basisPpm), 0n);
            expect(lines + pools).toBe(slowExact(contract, l, m.period.from, m.period.to));
          }
          for (const m of months) {
            expect(m.reconciliation.difference).toBe(0);
            const count = m.provider.lines.length + m.provider.pools.length;
            const exact =
              m.provider.lines.reduce((a, x) => a + x.sevenths / 7, 0) +
              m.provider.pools.reduce((a, p) => a + (p.sevenths * p.basisPpm) / (7 * PPM), 0);
            expect(Math.abs(m.provider.total - exact)).toBeLessThanOrEqual(count / 2 + 1e-6);
          }
        }
      }),
      { numRuns: 6 },
    );
  });

  it('gives every bed-day of a month exactly one charge span', () => {
    const { contract, ledger: l } = generateRegion({ seed: 3, las: 4, beds: 8, years: 2 }).contracts[0]!;
    const rows = bedDayCharges(contract, l, { from: '2022-02-01', to: '2022-03-01' });
    const beds = contract.homes.reduce((n, h) => n + h.beds.length, 0);
    expect(rows.reduce((n, r) => n + daysBetween(r.from, r.to), 0)).toBe(beds * 28);
  });
});
