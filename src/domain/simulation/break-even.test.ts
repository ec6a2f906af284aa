/**
 * The seeds' figures as worked examples (shared/seeds: 001 Plymouth, 002 Essex, 003 Central
 * Bedfordshire). Every expected number is worked out by hand in the comment above it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annualCost,
  annualSaving,
  breakEvenOccupancy,
  scenarioBreakEven,
  voidPaidFraction,
  weeklyFromAnnual,
} from './break-even.ts';
import { erlangB, erlangOccupancy, loadForOccupancy } from './erlang.ts';
import { exampleScenario } from './fixtures.ts';

describe('Central Bedfordshire: block £1,918/week against spot £4,144/week (seed 003)', () => {
  const block = 191_800;
  const spot = 414_400;

  it('breaks even at about 46% occupancy', () => {
    // 1,918 / 4,144 = 0.46284: the block saves money whenever more than 46.3% of its bed-days are used.
    expect(breakEvenOccupancy(block, spot)).toBeCloseTo(0.46284, 5);
  });

  it('saves £2,226 per occupied placement-week, as the appraisal says', () => {
    // 4,144 − 1,918 = 2,226.
    expect(spot - block).toBe(222_600);
  });

  it('costs £997,360 a year for ten block beds on the appraisal’s 52-week year', () => {
    // 1,918 × 52 × 10 = 997,360: the appraisal's "all block" figure for 2019/20.
    expect(annualCost(block, 10, 52)).toBe(99_736_000);
    // On a 365-day year (nightly charging): 1,918 × 365 / 7 × 10 = 1,000,100.
    expect(annualCost(block, 10)).toBe(100_010_000);
  });

  it('saves £726,544 a year with ten beds 80% full, and loses money below break-even', () => {
    // Per bed-week: 0.8 × 2,226 − 0.2 × 1,918 = 1,780.80 − 383.60 = 1,397.20;
    // × 10 beds × 52 weeks = 726,544.
    expect(
      annualSaving({ beds: 10, occupancy: 0.8, blockWeekly: block, spotWeekly: spot, weeksPerYear: 52 }),
    ).toBe(72_654_400);
    // At 40%: 0.4 × 2,226 − 0.6 × 1,918 = 890.40 − 1,150.80 = −260.40; × 520 = −135,408.
    expect(
      annualSaving({ beds: 10, occupancy: 0.4, blockWeekly: block, spotWeekly: spot, weeksPerYear: 52 }),
    ).toBe(-13_540_800);
  });

  it('moves the break-even with the void rule: a 50% retainer lowers it, release removes it', () => {
    // f·b / (s − b + f·b) = 959 / (2,226 + 959) = 959 / 3,185 = 0.30110.
    expect(breakEvenOccupancy(block, spot, 0.5)).toBeCloseTo(0.3011, 4);
    expect(breakEvenOccupancy(block, spot, voidPaidFraction({ kind: 'release' }))).toBe(0);
    expect(voidPaidFraction({ kind: 'retainer', percent: 50 })).toBe(0.5);
  });
});

describe('Essex: nine beds at £5,963/week (seed 002)', () => {
  const rate = 596_300;

  it('costs £2.80m a year, and £1.399m for the half-year the report budgets', () => {
    // 9 × 5,963 = 53,667 a week; × 365 / 7 = 2,798,350.71 a year.
    expect(annualCost(rate, 9)).toBe(279_835_071);
    // Half a year (182.5 days = 26.07 weeks): 53,667 × 26.07 = 1,399,175.36, the report's £1.399m.
    expect(annualCost(rate, 9, 182.5 / 7)).toBe(139_917_536);
  });

  it('needs 100% occupancy against a spot rate equal to its own price, so it cannot save on price alone', () => {
    // The report expects block prices "similar to current rates": 5,963 / 5,963 = 1.
    expect(breakEvenOccupancy(rate, rate)).toBe(1);
  });

  it('needs 90% occupancy against a stated spot rate of £6,626/week', () => {
    // 5,963 / 6,626 = 0.89994: the 90% that other authorities told Essex their blocks achieve.
    expect(breakEvenOccupancy(rate, 662_600)).toBeCloseTo(0.9, 3);
  });

  it('needs about 15.7 erlangs of suitable demand to keep nine beds 90% full, turning 48% away', () => {
    // Loss-system arithmetic: carried load = 0.9 × 9 = 8.1 beds busy; ρ(1 − B(9, ρ)) = 8.1 at ρ ≈ 15.68,
    // where B(9, 15.68) ≈ 0.484. With stays of a year that is about 15.7 suitable referrals a year.
    const load = loadForOccupancy(9, 0.9);
    expect(load).toBeCloseTo(15.685, 2);
    expect(erlangOccupancy(9, load)).toBeCloseTo(0.9, 9);
    expect(erlangB(9, load)).toBeCloseTo(0.4836, 3);
  });
});

describe('Plymouth: block fees £45,000 per child-year below non-block (seed 001)', () => {
  // The weekly gap: 45,000 / 52 = 865.38 (on a 365-day year it would be 45,000 × 7 / 365 = 863.01).
  const gap = weeklyFromAnnual(4_500_000);
  // Plymouth does not publish its rates; we state a non-block rate of £5,963/week (Essex's average
  // new rate), so the block rate is 5,963 − 865.38 = 5,097.62.
  const spot = 596_300;
  const block = spot - gap;

  it('implies about £865 a week', () => {
    expect(gap).toBe(86_538);
    expect(weeklyFromAnnual(4_500_000, 365 / 7)).toBe(86_301);
  });

  it('saves £486,000 and £688,500 gross a year with 12 and 17 beds 90% full', () => {
    // Gross (ignoring empty beds): 12 × 0.9 × 865.38 × 52 = 485,997.41 (≈ 10.8 child-years × £45,000);
    // 17 × 0.9 × 865.38 × 52 = 688,496.33 (≈ 15.3 × £45,000).
    const gross = (beds: number) =>
      annualSaving({
        beds,
        occupancy: 0.9,
        blockWeekly: block,
        spotWeekly: spot,
        paidFraction: 0,
        weeksPerYear: 52,
      });
    expect(gross(12)).toBe(48_599_741);
    expect(gross(17)).toBe(68_849_633);
  });

  it('saves £167,906 and £237,867 net of paying for the empty 10%', () => {
    // Per bed-week: 0.9 × 865.38 − 0.1 × 5,097.62 = 778.842 − 509.762 = 269.08;
    // × 12 beds × 52 = 167,905.92; × 17 beds × 52 = 237,866.72.
    const net = (beds: number) =>
      annualSaving({ beds, occupancy: 0.9, blockWeekly: block, spotWeekly: spot, weeksPerYear: 52 });
    expect(net(12)).toBe(16_790_592);
    expect(net(17)).toBe(23_786_672);
  });

  it('breaks even only above 85% occupancy, which is why the beds must be kept full', () => {
    // 5,097.62 / 5,963 = 0.85488.
    expect(breakEvenOccupancy(block, spot)).toBeCloseTo(0.85488, 4);
  });
});

describe('break-even occupancy', () => {
  it('is exactly where a year’s saving changes sign', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 900_000 }),
        fc.integer({ min: 10_000, max: 900_000 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (block, spot, f) => {
          const be = breakEvenOccupancy(block, spot, f);
          const at = (o: number) =>
            annualSaving({ beds: 1000, occupancy: o, blockWeekly: block, spotWeekly: spot, paidFraction: f });
          if (be > 1) {
            expect(block).toBeGreaterThan(spot);
            expect(at(1)).toBeLessThan(0);
            return;
          }
          if (be < 0.99) expect(at(be + 0.01)).toBeGreaterThan(0);
          if (be > 0.01) expect(at(be - 0.01)).toBeLessThan(0);
        },
      ),
    );
  });

  it('weights each price by its own inflation over the term', () => {
    const s = exampleScenario();
    const flat = exampleScenario({
      block: { ...s.block, annualUpliftPercent: 0 },
      spot: { ...s.spot, annualInflationPercent: 0 },
    });
    expect(scenarioBreakEven(flat)).toBeCloseTo(191_800 / 414_400, 12);
    // Spot inflation (4%) outruns the block uplift (2%), so the block needs less occupancy over the term.
    expect(scenarioBreakEven(s)).toBeLessThan(scenarioBreakEven(flat));
  });
});
