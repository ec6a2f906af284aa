import { describe, expect, it } from 'vitest';
import { businessCasePack } from './business-case-pack.ts';
import { exampleScenario } from './fixtures.ts';
import { modelOptions } from './option-models.ts';
import { appraiseOptions, DEFAULT_CRITERIA } from './options-appraisal.ts';
import { comparePooling } from './pooling.ts';
import { simulate } from './simulate.ts';
import { sweepBlockSizes } from './sizing.ts';

describe('the business-case pack', () => {
  const s = exampleScenario({
    breakClause: { earliestNoticeMonth: 12, noticeMonths: 6, occupancyBelow: 0.5, reviewMonths: 3 },
  });
  const result = simulate(s, { runs: 60, seed: 3 });

  it('lays out assumptions, results, LAs and the monthly band, each row as wide as its columns', () => {
    const pack = businessCasePack({ scenario: s, result });
    expect(pack.map((p) => p.name)).toEqual([
      'Assumptions',
      'Summary',
      'Costs',
      'Occupancy and children',
      'By LA',
      'Monthly occupancy',
    ]);
    for (const p of pack) {
      for (const row of p.rows) expect(row).toHaveLength(p.columns.length);
      expect(p.preamble.join(' ')).toContain('60 simulated runs of the 36-month term, seed 3');
      expect(p.name.length).toBeLessThanOrEqual(31);
    }
    const costs = pack.find((p) => p.name === 'Costs')!;
    const total = costs.rows.find((r) => r[0] === 'Total with the block')!;
    expect(costs.columns[1]!.value(total)).toBe(result.costs.total.mean);
    expect(costs.columns[4]!.value(total)).toBe(result.costs.total.p95);
    const assumptions = pack[0]!.rows.map((r) => `${r[0]}: ${r[1]}`);
    expect(assumptions).toContain('Block price: £1,918.00 a week, uplift 2% a year');
    expect(assumptions).toContain(
      "Break clause: notice from month 12 if occupancy over 3 months is below 50%; 6 months' notice",
    );
    expect(pack.find((p) => p.name === 'Monthly occupancy')!.rows).toHaveLength(36);
  });

  it('adds the sizing sweep, pooling and options appraisal when they were run', () => {
    const sizing = sweepBlockSizes(s, { sizes: [0, 2, 4], runs: 30, seed: 3 });
    const pooling = comparePooling(s, { runs: 30, seed: 3 });
    const options = modelOptions(
      s,
      { framework: { weeklyPence: 380_000, localProbability: 0.5 } },
      { runs: 30, seed: 3 },
    );
    const appraisal = appraiseOptions(options, DEFAULT_CRITERIA);
    const pack = businessCasePack({
      scenario: s,
      result,
      sizing,
      pooling,
      appraisal: { appraisal, options },
    });
    const names = pack.map((p) => p.name);
    expect(names.slice(6)).toEqual([
      'Sizing sweep',
      'Pooling',
      'Pooling (Erlang)',
      'Options appraisal',
      'Appraisal reasoning',
      'Options modelled',
    ]);
    for (const p of pack) for (const row of p.rows) expect(row).toHaveLength(p.columns.length);
    const sweep = pack.find((p) => p.name === 'Sizing sweep')!;
    expect(sweep.rows.map((r) => r[0])).toEqual([0, 2, 4]);
    const reasoning = pack.find((p) => p.name === 'Appraisal reasoning')!;
    expect(reasoning.rows).toHaveLength(options.length * DEFAULT_CRITERIA.length);
    expect(pack.find((p) => p.name === 'Options appraisal')!.rows[0]![0]).toBe(1);
  });
});
