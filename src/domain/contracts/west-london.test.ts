/**
 * The West London worked example (west-london-example.ts): April 2026 checked by hand, line by
 * line, and every month of the four-year term checked to reconcile to the penny.
 */
import { describe, expect, it } from 'vitest';
import { validateContractAndLedger } from './frame.ts';
import { contractStatement, monthlyStatements } from './statements.ts';
import { contractPeriod } from './term.ts';
import { weeklyPriceOn } from './uplift.ts';
import { WEST_LONDON_CONTRACT as contract, WEST_LONDON_LEDGER as ledger } from './west-london-example.ts';

const april = contractStatement(contract, ledger, { from: '2026-04-01', to: '2026-05-01' });
const la = (id: string) => april.las.find((s) => s.la === id)!;

describe('West London soft block, April 2026 by hand', () => {
  it('is a sound contract and ledger', () => {
    expect(validateContractAndLedger(contract, ledger)).toEqual([]);
  });

  it('uplifts 3% on each anniversary, rounding the weekly price to the penny', () => {
    expect(weeklyPriceOn(contract, 'cedar', '2026-04-13')).toBe(420_000); // £4,200.00
    expect(weeklyPriceOn(contract, 'cedar', '2026-04-14')).toBe(432_600); // × 1.03
    expect(weeklyPriceOn(contract, 'elm', '2027-04-14')).toBe(483_770); // 469,680 × 1.03 = 483,770.4
    expect(weeklyPriceOn(contract, 'cedar', '2028-04-14')).toBe(458_945); // 445,578 × 1.03 = 458,945.34
  });

  it('charges Brent 13 nights at £600 and 17 at £618 for the placement spanning the anniversary', () => {
    const [core] = la('brent').lines;
    expect(core).toMatchObject({
      kind: 'core-fee',
      placement: 'P1',
      days: 30,
      weeklyRates: [420_000, 432_600],
    });
    expect(core!.amount).toBe(1_830_600); // 13 × £600 + 17 × £618 = £18,306.00
  });

  it('charges Ealing its ended placement, its education extra and the 28-day hold that follows', () => {
    const lines = la('ealing').lines;
    expect(lines.map((l) => [l.kind, l.days, l.amount])).toEqual([
      ['core-fee', 9, 540_000], // 1–9 April at £600
      ['extra', 9, 45_000], // education £350/week × 9/7
      ['hold', 21, 1_290_600], // 10–13 April at £600, 14–30 April at £618
      ['void-share', 52, 462_112], // 1/7 of the void pool below
      ['unavailable-agreed-share', 21, 199_058], // 1/7 of the agreed-unavailability pool
    ]);
    expect(la('ealing').total).toBe(2_536_770); // £25,367.70
  });

  it('rounds a line once: Elm Lodge at £4,560 then £4,696.80 a week is not whole pence a night', () => {
    const harrow = la('harrow').lines;
    // 13 × 456,000 + 17 × 469,680 = 13,912,560 sevenths = 1,987,508.57p
    expect(harrow[0]).toMatchObject({ kind: 'core-fee', sevenths: 13_912_560, amount: 1_987_509 });
    // therapy £275.50/week × 30 nights = 826,500 sevenths = 118,071.43p
    expect(harrow[1]).toMatchObject({ kind: 'extra', extraType: 'therapy', amount: 118_071 });
  });

  it('pools void days once for the contract and splits the pool by shares to the penny', () => {
    // Void bed-days: cedar-3 all month (30), cedar-4 after the provider's staffing gap (11),
    // elm-2 either side of the agreed unavailability (5 + 4), elm-3 before P7 arrives (2) = 52.
    // 12,814,200 + 4,758,600 + 2,280,000 + 1,878,720 + 912,000 = 22,643,520 sevenths = £32,347.89
    const voids = april.provider.pools.find((p) => p.kind === 'void-share')!;
    expect(voids).toMatchObject({ days: 52, sevenths: 22_643_520, amount: 3_234_789 });
    // Barnet's exact share (142,858 ppm) is 462,115.49p and each other LA's (142,857 ppm)
    // 462,112.25p. The floors add up to 3,234,787p, leaving 2p for the largest remainders: Barnet's
    // .49, then Brent's .25 (ties go to the LA listed first).
    const parts = april.las.map((s) => s.lines.find((l) => l.kind === 'void-share')!.amount);
    expect(parts).toEqual([462_116, 462_113, 462_112, 462_112, 462_112, 462_112, 462_112]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(voids.amount);
  });

  it("pays nothing for the provider's staffing gap and reconciles LAs with the provider", () => {
    expect(april.las.flatMap((s) => s.lines).some((l) => l.bed === 'cedar-4')).toBe(false);
    expect(april.provider.total).toBe(12_297_198); // £122,971.98, the sum of the lines above
    expect(april.reconciliation).toEqual({ laTotal: 12_297_198, providerTotal: 12_297_198, difference: 0 });
  });
});

describe('West London soft block, the whole term', () => {
  const months = monthlyStatements(contract, ledger, contractPeriod(contract));

  it('produces one statement set per month and reconciles every one to the penny', () => {
    expect(months).toHaveLength(49); // 14 April 2025 to 13 April 2029: 47 whole months and two parts
    for (const m of months) {
      expect(m.reconciliation.difference).toBe(0);
      expect(m.las.reduce((a, s) => a + s.total, 0)).toBe(m.provider.total);
    }
  });

  it('stays within half a penny per line of the exact, unrounded total', () => {
    let exactSevenths = 0;
    let lines = 0;
    let total = 0;
    for (const m of months) {
      total += m.provider.total;
      lines += m.provider.lines.length + m.provider.pools.length;
      exactSevenths += m.provider.lines.reduce((a, l) => a + l.sevenths, 0);
      exactSevenths += m.provider.pools.reduce((a, p) => a + p.sevenths, 0);
    }
    expect(Math.abs(total - exactSevenths / 7)).toBeLessThanOrEqual(lines / 2);
  });
});
