import { describe, expect, it } from 'vitest';
import { exampleScenario } from './fixtures.ts';
import { type BusinessCase, businessCaseFromSimulation, monitorAgainstBusinessCase } from './monitoring.ts';
import { simulate } from './simulate.ts';

const months = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09'];
const plan: BusinessCase = {
  startDate: '2025-04-01',
  blockWeekly: 191_800,
  blockUpliftPercent: 0,
  spotWeekly: 414_400,
  spotInflationPercent: 0,
  voidPaid: 1,
  occupancy: months.map((month) => ({ month, expected: 0.8, low: 0.65 })),
  needsMix: { 'ebd-standard': 0.7, 'ebd-complex': 0.3 },
};
const actual = (occ: number[]) => ({
  occupancy: occ.map((occupancy, i) => ({ month: months[i]!, occupancy })),
});
const kinds = (r: { flags: { kind: string; severity: string }[] }) =>
  r.flags.map((f) => `${f.kind}:${f.severity}`);

describe('monitoring a live block against its business case', () => {
  it('raises nothing while occupancy stays within five points of plan', () => {
    // Trailing three months: (0.78 + 0.76 + 0.77) / 3 = 0.77, three points short.
    expect(monitorAgainstBusinessCase(plan, actual([0.8, 0.8, 0.8, 0.78, 0.76, 0.77])).flags).toEqual([]);
  });

  it('flags amber when the trailing average falls more than five points short but inside the band', () => {
    // (0.72 + 0.70 + 0.74) / 3 = 0.72: eight points below 0.8, above the 0.65 low case.
    const r = monitorAgainstBusinessCase(plan, actual([0.8, 0.8, 0.8, 0.72, 0.7, 0.74]));
    expect(kinds(r)).toEqual(['occupancy:amber']);
    expect(r.flags[0]!.actual).toBeCloseTo(0.72, 12);
    expect(r.flags[0]!.reason).toContain('72% over the 3 months to 2025-09, 8 points below the 80%');
  });

  it('flags red below the simulated low case, and red again below break-even', () => {
    // (0.6 + 0.55 + 0.62) / 3 = 0.59: below the 0.65 low case, above break-even 1,918/4,144 = 0.463.
    expect(kinds(monitorAgainstBusinessCase(plan, actual([0.8, 0.8, 0.8, 0.6, 0.55, 0.62])))).toEqual([
      'occupancy:red',
    ]);
    // (0.45 + 0.4 + 0.35) / 3 = 0.40: below break-even too, so the block is losing money.
    const r = monitorAgainstBusinessCase(plan, actual([0.8, 0.8, 0.8, 0.45, 0.4, 0.35]));
    expect(kinds(r)).toEqual(['break-even:red', 'occupancy:red']);
    expect(r.flags[0]!.reason).toContain('below the 46.3% the block needs');
  });

  it('flags a spot rate that has fallen away from the assumption, with the break-even it now implies', () => {
    // 3,500 / 4,144 − 1 = −15.5%; break-even moves from 1,918/4,144 = 46.3% to 1,918/3,500 = 54.8%.
    const r = monitorAgainstBusinessCase(plan, {
      ...actual([0.8, 0.8, 0.8, 0.8, 0.8, 0.8]),
      spotRates: [{ month: '2025-09', weeklyPence: 350_000 }],
    });
    expect(kinds(r)).toEqual(['spot-rate:amber']);
    expect(r.breakEven.assumed).toBeCloseTo(0.46284, 4);
    expect(r.breakEven.current).toBeCloseTo(0.548, 3);
    expect(r.flags[0]!.reason).toContain('16% below the £4,144 assumed');
    expect(r.flags[0]!.reason).toContain('54.8% occupancy instead of 46.3%');
    const dearer = monitorAgainstBusinessCase(plan, {
      ...actual([0.8]),
      spotRates: [{ month: '2025-04', weeklyPence: 480_000 }],
    });
    expect(kinds(dearer)).toEqual(['spot-rate:info']);
  });

  it('compares the spot rate with the assumption inflated to the contract year it was seen in', () => {
    // May 2027 is in contract year 2: 4,144 × 1.04² = 4,482.15, so £4,500 is only 0.4% out.
    const inflating = { ...plan, spotInflationPercent: 4 };
    const r = monitorAgainstBusinessCase(inflating, {
      occupancy: [{ month: '2027-05', occupancy: 0.8 }],
      spotRates: [{ month: '2027-05', weeklyPence: 450_000 }],
    });
    expect(r.flags).toEqual([]);
  });

  it('flags a needs mix that has moved away from the one planned, once enough children are placed', () => {
    // Placed 2 / 5 / 1 of 8: 25% standard, 62.5% complex, 12.5% solo, against 70% / 30% / 0%.
    // Distance = (0.45 + 0.325 + 0.125) / 2 = 0.45, over twice the 0.2 threshold: red.
    const placedNeeds = { 'ebd-standard': 2, 'ebd-complex': 5, 'solo-complex': 1 };
    const r = monitorAgainstBusinessCase(plan, { occupancy: [], placedNeeds });
    expect(kinds(r)).toEqual(['needs-mix:red']);
    expect(r.flags[0]!.actual).toBeCloseTo(0.45, 12);
    expect(r.flags[0]!.reason).toContain('25% emotional and behavioural, standard against 70% assumed');
    const few = { 'ebd-complex': 3, 'solo-complex': 1 };
    expect(monitorAgainstBusinessCase(plan, { occupancy: [], placedNeeds: few }).flags).toEqual([]);
  });

  it('builds the business case from a simulation: monthly mean with its p5 band', () => {
    const s = exampleScenario({ needsMix: { 'ebd-standard': 1 } });
    const r = simulate(s, { runs: 100, seed: 1 });
    const bc = businessCaseFromSimulation(s, r);
    expect(bc.occupancy).toHaveLength(36);
    expect(bc.occupancy[0]!.month).toBe('2025-04');
    for (const m of bc.occupancy) expect(m.low!).toBeLessThanOrEqual(m.expected);
    // A block that starts empty fills up: the plan expects a low first month.
    expect(bc.occupancy[0]!.expected).toBeLessThan(bc.occupancy[12]!.expected);
    expect(bc.needsMix).toEqual({ 'ebd-standard': 1 });
  });
});
