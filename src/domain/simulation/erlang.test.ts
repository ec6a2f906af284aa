import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bedsForBlocking, carriedLoad, erlangB, erlangOccupancy } from './erlang.ts';
import { exampleScenario } from './fixtures.ts';
import type { Scenario, StayLength } from './scenario.ts';
import { simulate } from './simulate.ts';

/** Erlang B by the textbook sum, fine for small B: (ρ^B/B!) / Σ_{k≤B} ρ^k/k!. */
function erlangBBySum(beds: number, load: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= beds; k++) {
    term *= load / k;
    sum += term;
  }
  return term / sum;
}

describe('Erlang B', () => {
  it('matches hand-checked values', () => {
    // B(1, 1) = 1/(1+1) = 0.5; B(2, 1) = (1/2)/(1 + 1 + 1/2) = 0.2.
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    // B(0, ρ) = 1: with no beds every child is turned away.
    expect(erlangB(0, 3.7)).toBe(1);
    // Teletraffic tables: 10 servers at 5 erlangs block 1.84% of calls.
    expect(erlangB(10, 5)).toBeCloseTo(0.01838, 4);
  });

  it('agrees with the direct sum and stays in [0, 1], falling as beds are added', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 80, noNaN: true }), (b, load) => {
        const v = erlangB(b, load);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(Math.abs(v - erlangBBySum(b, load))).toBeLessThan(1e-9);
        expect(erlangB(b + 1, load)).toBeLessThanOrEqual(v + 1e-15);
      }),
    );
  });

  it('does not overflow where the direct sum would (ρ^B and B! beyond float range)', () => {
    const v = erlangB(400, 380);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(0.01);
    expect(v).toBeLessThan(0.1);
  });

  it('carries never more than the offered load or the beds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 60, noNaN: true }), (b, load) => {
        const c = carriedLoad(b, load);
        expect(c).toBeLessThanOrEqual(Math.min(b, load) + 1e-9);
        expect(erlangOccupancy(b, load)).toBeCloseTo(c / b, 12);
      }),
    );
  });

  it('finds the smallest block for a blocking target', () => {
    const b = bedsForBlocking(5, 0.02)!;
    expect(erlangB(b, 5)).toBeLessThanOrEqual(0.02);
    expect(erlangB(b - 1, 5)).toBeGreaterThan(0.02);
  });
});

/**
 * The check the issue asks for: with every referral a match, no matching delay and no hold, the
 * simulator is an M/G/B/B loss system, and its mean occupancy must agree with ρ(1 − B(B, ρ))/B to
 * within one percentage point, whatever the stay distribution.
 */
describe('the simulator against Erlang B', () => {
  const lossSystem = (beds: number, load: number, stayLength: StayLength, mean: number): Scenario =>
    exampleScenario({
      termMonths: 240,
      las: [
        { code: 'A', name: 'A', referralsPerYear: (load / mean) * 365.25 * 0.6, sharePpm: 600_000 },
        { code: 'B', name: 'B', referralsPerYear: (load / mean) * 365.25 * 0.4, sharePpm: 400_000 },
      ],
      stayLength,
      matching: { probability: 1, days: 0 },
      block: {
        beds,
        weeklyPence: 191_800,
        annualUpliftPercent: 0,
        holdDays: 0,
        voidRule: { kind: 'pay-in-full' },
        startsAs: 'steady-state',
      },
    });

  const cases: [number, number, StayLength, number][] = [
    [1, 0.8, { kind: 'exponential', meanDays: 200 }, 200],
    [3, 2, { kind: 'lognormal', meanDays: 300, sdDays: 250 }, 300],
    [6, 4.5, { kind: 'gamma', meanDays: 180, shape: 2 }, 180],
    [9, 9, { kind: 'exponential', meanDays: 365 }, 365],
    [12, 8, { kind: 'empirical', days: [30, 90, 120, 200, 365, 400, 700] }, 1905 / 7],
    [20, 24, { kind: 'lognormal', meanDays: 250, sdDays: 400 }, 250],
  ];

  for (const [beds, load, stay, mean] of cases) {
    it(`${beds} beds at ${load} erlangs (${stay.kind} stays)`, () => {
      const s = lossSystem(beds, load, stay, mean);
      const result = simulate(s, { runs: 600, seed: 7 });
      const expected = erlangOccupancy(beds, load)!;
      const occ = result.occupancy!;
      // The Monte Carlo error of the mean must itself be well inside the tolerance, or the test could not fail.
      expect(occ.sd / Math.sqrt(occ.n)).toBeLessThan(0.004);
      expect(Math.abs(occ.mean - expected)).toBeLessThan(0.01);
      expect(result.erlang.occupancy).toBeCloseTo(expected, 10);
    });
  }
});
