import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakEvenOccupancy } from './break-even.ts';
import { exampleScenario } from './fixtures.ts';
import { priceRuns, scenarioPrices } from './pricing.ts';
import * as R from './run-record.ts';
import { type Scenario, withBeds } from './scenario.ts';
import { column, occupancyColumn, simulate, simulateRecords, simulateSizeRecords } from './simulate.ts';
import { buildTimeline, priceIndex } from './timeline.ts';

const shares = (s: Scenario) => s.las.map((la) => la.sharePpm);

/** Small random scenarios within the rules, for invariants. */
const scenarios = fc
  .record({
    beds: fc.integer({ min: 0, max: 8 }),
    rates: fc.array(fc.double({ min: 0.2, max: 12, noNaN: true }), { minLength: 1, maxLength: 4 }),
    mean: fc.double({ min: 20, max: 700, noNaN: true }),
    p: fc.double({ min: 0, max: 1, noNaN: true }),
    days: fc.integer({ min: 0, max: 40 }),
    hold: fc.integer({ min: 0, max: 90 }),
    rule: fc.constantFrom('pay-in-full', 'retainer', 'release', 'release-fill'),
    startsAs: fc.constantFrom('empty' as const, 'steady-state' as const),
    term: fc.integer({ min: 6, max: 48 }),
  })
  .map(
    (x): Scenario =>
      exampleScenario({
        termMonths: x.term,
        las: x.rates.map((r, i) => ({
          code: `L${i}`,
          name: `LA ${i}`,
          referralsPerYear: r,
          sharePpm: i === 0 ? 1_000_000 - 100_000 * (x.rates.length - 1) : 100_000,
        })),
        stayLength: { kind: 'gamma', meanDays: x.mean, shape: 1.5 },
        matching: { probability: x.p, days: x.days },
        block: {
          beds: x.beds,
          weeklyPence: 250_000,
          annualUpliftPercent: 3,
          holdDays: x.hold,
          voidRule:
            x.rule === 'pay-in-full'
              ? { kind: 'pay-in-full' }
              : x.rule === 'retainer'
                ? { kind: 'retainer', percent: 40 }
                : x.rule === 'release'
                  ? { kind: 'release' }
                  : { kind: 'release', outsideFillMeanDays: 20 },
          startsAs: x.startsAs,
        },
      }),
  );

describe('simulating a block', () => {
  it('is reproducible from its seed, and any split of the runs gives the same rows', () => {
    const s = exampleScenario();
    const a = simulateRecords(s, { runs: 40, seed: 11 });
    const b = simulateRecords(s, { runs: 40, seed: 11 });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    const first = simulateRecords(s, { runs: 15, seed: 11 });
    const rest = simulateRecords(s, { runs: 25, seed: 11, firstRun: 15 });
    expect(Array.from(R.concatRecords([first, rest]).data)).toEqual(Array.from(a.data));
    const other = simulateRecords(s, { runs: 40, seed: 12 });
    expect(Array.from(other.data)).not.toEqual(Array.from(a.data));
  });

  it('replays each run’s referrals for every size of a sweep, giving exactly the rows of each size alone', () => {
    const s = exampleScenario({
      breakClause: { earliestNoticeMonth: 3, noticeMonths: 2, occupancyBelow: 0.5, reviewMonths: 2 },
    });
    const sizes = [0, 3, 7];
    const together = simulateSizeRecords(s, sizes, { runs: 25, seed: 8, monthly: true });
    sizes.forEach((beds, i) => {
      const alone = simulateRecords(withBeds(s, beds), { runs: 25, seed: 8, monthly: true });
      expect(Array.from(together[i]!.data)).toEqual(Array.from(alone.data));
    });
  });

  it('accounts every bed-day of a paid-in-full block as occupied, matching, held or void', () => {
    fc.assert(
      fc.property(scenarios, fc.nat(1000), (s0, seed) => {
        const s = { ...s0, block: { ...s0.block, voidRule: { kind: 'pay-in-full' as const } } };
        const recs = simulateRecords(s, { runs: 5, seed });
        const tl = buildTimeline(s.startDate, s.termMonths);
        const capacity = s.block.beds * priceIndex(tl, s.block.annualUpliftPercent).at(tl.termDays);
        for (let r = 0; r < recs.runs; r++) {
          const o = r * recs.layout.stride;
          let used = recs.data[o + R.R_MATCHING]! + recs.data[o + R.R_HOLD]! + recs.data[o + R.R_VOID]!;
          for (let la = 0; la < s.las.length; la++) used += recs.data[o + R.laField(la, R.L_BLOCK)]!;
          expect(used).toBeCloseTo(capacity, 6);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps counts, occupancy and the LA split consistent in every run', () => {
    fc.assert(
      fc.property(scenarios, fc.nat(1000), (s, seed) => {
        const recs = simulateRecords(s, { runs: 4, seed });
        const costs = priceRuns(recs, shares(s), scenarioPrices(s));
        const occ = occupancyColumn(recs);
        for (let r = 0; r < recs.runs; r++) {
          const o = r * recs.layout.stride;
          for (let la = 0; la < s.las.length; la++) {
            const f = (k: number) => recs.data[o + R.laField(la, k)]!;
            expect(f(R.L_PLACED_BLOCK) + f(R.L_SPOT_LOCAL) + f(R.L_SPOT_OUT_OF_AREA)).toBe(f(R.L_REFERRALS));
          }
          if (s.block.beds === 0) expect(Number.isNaN(occ[r]!)).toBe(true);
          else {
            expect(occ[r]!).toBeGreaterThanOrEqual(0);
            expect(occ[r]!).toBeLessThanOrEqual(1 + 1e-9);
          }
          const laTotal = costs.byLa.reduce((a, x) => a + x.cost[r]!, 0);
          expect(laTotal).toBe(costs.total[r]);
          expect(Number.isInteger(costs.total[r]!)).toBe(true);
          if (s.block.voidRule.kind === 'release') expect(costs.void[r]).toBe(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives every block size the same children (common random numbers), so the baseline does not move', () => {
    const s = exampleScenario();
    const base = (beds: number) =>
      priceRuns(simulateRecords(withBeds(s, beds), { runs: 30, seed: 5 }), shares(s), scenarioPrices(s))
        .baseline;
    const b0 = Array.from(base(0));
    expect(Array.from(base(3))).toEqual(b0);
    expect(Array.from(base(12))).toEqual(b0);
  });

  it('with no beds costs exactly the spot baseline', () => {
    const r = simulate(withBeds(exampleScenario(), 0), { runs: 50, seed: 1 });
    expect(r.occupancy).toBeNull();
    expect(r.costs.total.mean).toBe(r.costs.baseline.mean);
    expect(r.costs.saving.max).toBe(0);
    expect(r.probabilityBlockSaves).toBe(0);
    expect(r.children.placedInBlock.max).toBe(0);
  });

  it('saves money in exactly the runs whose occupancy beats block ÷ spot (paid in full, flat prices)', () => {
    const s0 = exampleScenario();
    const s: Scenario = {
      ...s0,
      block: { ...s0.block, annualUpliftPercent: 0 },
      spot: { ...s0.spot, annualInflationPercent: 0 },
    };
    const recs = simulateRecords(s, { runs: 300, seed: 9 });
    const costs = priceRuns(recs, shares(s), scenarioPrices(s));
    const occ = occupancyColumn(recs);
    // Central Bedfordshire: £1,918 / £4,144 = 0.4628.
    const be = breakEvenOccupancy(191_800, 414_400);
    let checked = 0;
    for (let r = 0; r < recs.runs; r++) {
      if (Math.abs(occ[r]! - be) < 1e-4) continue;
      expect(costs.saving[r]! > 0).toBe(occ[r]! > be);
      checked++;
    }
    expect(checked).toBeGreaterThan(290);
    const result = simulate(s, { runs: 300, seed: 9 });
    expect(result.probabilityBlockSaves).toBeCloseTo(result.probabilityAboveBreakEven!, 1);
  });

  it('adds a break clause that ends an under-used block early and stops paying for its empty beds', () => {
    const s = exampleScenario({
      las: [{ code: 'A', name: 'A', referralsPerYear: 1, sharePpm: 1_000_000 }],
      breakClause: { earliestNoticeMonth: 6, noticeMonths: 6, occupancyBelow: 0.7, reviewMonths: 3 },
    });
    const recs = simulateRecords(s, { runs: 100, seed: 2 });
    const breaks = column(recs, R.R_BREAK_DAY);
    const exercised = breaks.filter((d) => d >= 0).length;
    expect(exercised).toBeGreaterThan(90);
    const tl = buildTimeline(s.startDate, s.termMonths);
    for (let r = 0; r < recs.runs; r++) {
      const day = breaks[r]!;
      if (day < 0) continue;
      // Notice at the end of month 6 at the earliest, six months' notice: the block ends at month 12 or later.
      expect(day).toBeGreaterThanOrEqual(tl.monthStarts[12]!);
      expect(recs.data[r * recs.layout.stride + R.R_BED_DAYS]).toBe(4 * day);
    }
    const result = simulate(s, { runs: 100, seed: 2 });
    expect(result.probabilityBreakExercised).toBeGreaterThan(0.9);
    expect(result.monthly.at(-1)!.occupancy === null || result.monthly.at(-1)!.occupancy!.n < 10).toBe(true);
  });

  it('reports monthly occupancy that adds back up to the whole term', () => {
    const s = exampleScenario();
    const recs = simulateRecords(s, { runs: 20, seed: 4, monthly: true });
    const tl = buildTimeline(s.startDate, s.termMonths);
    for (let r = 0; r < recs.runs; r++) {
      const o = r * recs.layout.stride;
      let sum = 0;
      for (let m = 0; m < s.termMonths; m++) {
        const v = recs.data[o + recs.layout.monthBase + m]!;
        expect(v).toBeLessThanOrEqual(s.block.beds * (tl.monthStarts[m + 1]! - tl.monthStarts[m]!) + 1e-9);
        sum += v;
      }
      expect(sum).toBeCloseTo(recs.data[o + R.R_OCCUPIED_DAYS]!, 6);
    }
    // Tracking months must not change the runs themselves.
    const plain = column(simulateRecords(s, { runs: 20, seed: 4 }), R.R_OCCUPIED_DAYS);
    const tracked = column(recs, R.R_OCCUPIED_DAYS);
    plain.forEach((v, r) => {
      expect(v).toBeCloseTo(tracked[r]!, 6);
    });
  });

  it('lets released beds go to outside children, paying nothing for them after the hold', () => {
    const s0 = exampleScenario();
    const s = {
      ...s0,
      block: { ...s0.block, voidRule: { kind: 'release' as const, outsideFillMeanDays: 10 } },
    };
    const r = simulate(s, { runs: 100, seed: 3 });
    expect(r.costs.void.max).toBe(0);
    expect(r.outsideDays.mean).toBeGreaterThan(0);
    const full = simulate(s0, { runs: 100, seed: 3 });
    // Outside children take beds the block's own children could have used.
    expect(r.children.placedInBlock.mean).toBeLessThan(full.children.placedInBlock.mean);
    expect(r.costs.emptyBeds.mean).toBeLessThan(full.costs.emptyBeds.mean);
  });

  it('summarises per LA, and LA costs add up to the total cost', () => {
    const r = simulate(exampleScenario(), { runs: 200, seed: 8 });
    expect(r.las.map((l) => l.code)).toEqual(['A', 'B', 'C']);
    const laMean = r.las.reduce((a, l) => a + l.cost.mean, 0);
    expect(laMean).toBeCloseTo(r.costs.total.mean, 3);
    // A refers 4 of the 7 children a year, so places more children in the block than C (1 a year).
    expect(r.las[0]!.placedInBlock.mean).toBeGreaterThan(r.las[2]!.placedInBlock.mean);
    expect(r.children.referrals.mean).toBeGreaterThan(18);
    expect(r.children.referrals.mean).toBeLessThan(24);
  });
});

describe('the effective break-even', () => {
  it('equals the contract rule when empty beds are paid in full, and is higher than it under a release rule', () => {
    const s = exampleScenario();
    const full = simulate(s, { runs: 100, seed: 2 });
    expect(full.effectiveBreakEvenOccupancy).toBeCloseTo(full.breakEvenOccupancy, 2);
    const released = simulate(
      { ...s, block: { ...s.block, voidRule: { kind: 'release' } } },
      { runs: 100, seed: 2 },
    );
    // The contract rule says 0 (voids unpaid), but matching and hold days are still paid in full.
    expect(released.breakEvenOccupancy).toBe(0);
    expect(released.effectiveBreakEvenOccupancy!).toBeGreaterThan(0.05);
    expect(released.effectiveBreakEvenOccupancy!).toBeLessThan(full.breakEvenOccupancy);
  });
});
