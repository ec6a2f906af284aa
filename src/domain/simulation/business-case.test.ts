import { describe, expect, it } from 'vitest';
import { businessCaseTasks, runBusinessCase } from './business-case.ts';
import { exampleScenario } from './fixtures.ts';
import { comparePooling } from './pooling.ts';
import { simulate } from './simulate.ts';
import { sweepBlockSizes } from './sizing.ts';

describe('a whole business case', () => {
  const scenario = exampleScenario();
  const req = {
    scenario,
    runs: 80,
    seed: 6,
    sweep: { sizes: [0, 2, 4, 6] },
    pooling: true,
    appraisal: { costs: { framework: { weeklyPence: 380_000, localProbability: 0.5 } } },
  };

  it('merges the tasks the analyses share: the pooled block and the soft block are the main run', () => {
    // main + one sweep task (every size) + pooled (the main) + 3 alone + spot + soft (the main) + 3 hard alone.
    expect(businessCaseTasks(req)).toHaveLength(1 + 1 + 3 + 1 + 3);
    expect(businessCaseTasks(req)[0]!.monthly).toBe(true);
  });

  it('gives the same answers as running each analysis on its own', () => {
    const r = runBusinessCase(req);
    expect(r.result).toEqual(simulate(scenario, { runs: 80, seed: 6 }));
    expect(r.sizing).toEqual(sweepBlockSizes(scenario, { sizes: [0, 2, 4, 6], runs: 80, seed: 6 }));
    expect(r.pooling).toEqual(comparePooling(scenario, { runs: 80, seed: 6 }));
    expect(r.appraisal!.appraisal.options).toHaveLength(4);
    expect(r.businessCase.occupancy).toHaveLength(36);
    // Plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
