import { describe, expect, it } from 'vitest';
import { erlangOccupancy, erlangReference } from './erlang.ts';
import { exampleScenario } from './fixtures.ts';
import { comparePooling, splitBeds, splitOccupancy } from './pooling.ts';

describe('pooling a block between LAs', () => {
  it('splits the beds by liability share, losing none', () => {
    // 6 beds at 50/30/20%: 3, 1.8, 1.2 → 3, 2, 1 by largest remainder.
    const s = exampleScenario({ block: { ...exampleScenario().block, beds: 6 } });
    expect(splitBeds(s)).toEqual([3, 2, 1]);
  });

  it('fills the shared block better than the same beds split between the LAs alone', () => {
    const base = exampleScenario();
    const s = exampleScenario({
      las: [
        { code: 'A', name: 'A', referralsPerYear: 3, sharePpm: 333_334 },
        { code: 'B', name: 'B', referralsPerYear: 3, sharePpm: 333_333 },
        { code: 'C', name: 'C', referralsPerYear: 3, sharePpm: 333_333 },
      ],
      block: { ...base.block, beds: 6 },
    });
    const r = comparePooling(s, { runs: 300, seed: 5 });
    expect(r.bedsByLa).toEqual([2, 2, 2]);
    expect(r.benefit.occupancyPoints!).toBeGreaterThan(1);
    expect(r.benefit.extraPlacedInBlock).toBeGreaterThan(0);
    expect(r.benefit.meanCostSaving).toBeGreaterThan(0);
    expect(r.pooled.probabilitySaves).toBeGreaterThanOrEqual(r.separate.probabilitySaves);
  });

  it('shows in closed form that splitting the same demand into more blocks lowers occupancy', () => {
    // One block of 6 beds at 4 erlangs versus three blocks of 2 beds at 4/3 erlangs each.
    expect(splitOccupancy(6, 4, 1)).toBeCloseTo(erlangOccupancy(6, 4)!, 12);
    const curve = [1, 2, 3, 6].map((k) => splitOccupancy(6, 4, k)!);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeLessThan(curve[i - 1]!);
    // Six blocks of one bed at 2/3 erlang: each busy (2/3)/(1 + 2/3) = 0.4 of the time.
    expect(splitOccupancy(6, 4, 6)).toBeCloseTo(0.4, 12);
  });
});

describe('the pooling curve', () => {
  it('starts from the pooled block’s Erlang reference and falls as the demand is split', () => {
    const s = exampleScenario({ block: { ...exampleScenario().block, beds: 6 } });
    const r = comparePooling(s, { runs: 20, seed: 1 });
    expect(r.erlangCurve[0]!.occupancy).toBeCloseTo(erlangReference(s).occupancy!, 12);
    for (let i = 1; i < r.erlangCurve.length; i++)
      expect(r.erlangCurve[i]!.occupancy!).toBeLessThanOrEqual(r.erlangCurve[i - 1]!.occupancy!);
  });
});
