import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { exampleScenario } from './fixtures.ts';
import { modelOptions } from './option-models.ts';
import {
  type AppraisalOption,
  appraiseOptions,
  type Criterion,
  DEFAULT_CRITERIA,
  type OptionMetrics,
  validateAppraisal,
} from './options-appraisal.ts';

const metrics = (meanCost: number, localShare: number, spread = 0): OptionMetrics => ({
  meanCost,
  p5Cost: meanCost - spread / 2,
  p95Cost: meanCost + spread / 2,
  localShare,
  probabilityCostsMoreThanSpot: 0,
});

const costAndLocal: Criterion[] = [
  { key: 'cost', label: 'Cost', heading: 'viability', weight: 50, measure: 'mean-cost' },
  { key: 'local', label: 'Local', heading: 'desirability', weight: 50, measure: 'local-share' },
];

describe('appraising options', () => {
  it('scales each measure from worst (1) to best (5) and weights the scores', () => {
    const options: AppraisalOption[] = [
      { kind: 'soft-block', label: 'Soft block', metrics: metrics(100_00, 0.9) },
      { kind: 'spot', label: 'Spot', metrics: metrics(150_00, 0.5) },
      { kind: 'framework', label: 'Framework', metrics: metrics(200_00, 0.7) },
    ];
    const a = appraiseOptions(options, costAndLocal);
    // Cost 100/150/200 scores 5/3/1; local 90%/50%/70% scores 5/1/3.
    // Totals out of 5: soft (5+5)/2 = 5 → 100%; spot (3+1)/2 = 2 → 40%; framework (1+3)/2 = 2 → 40%.
    expect(a.options.map((o) => [o.kind, o.weightedTotal, o.rank])).toEqual([
      ['soft-block', 100, 1],
      ['spot', 40, 2], // ties go to the cheaper option
      ['framework', 40, 3],
    ]);
    const spot = a.options[1]!;
    expect(spot.scores.map((s) => s.score)).toEqual([3, 1]);
    expect(spot.scores[0]!.rating).toBe('Moderate');
    expect(spot.scores[1]!.reason).toContain(
      '50% of children placed locally, against 90% for the best (Soft block)',
    );
    expect(a.criteria.map((c) => c.share)).toEqual([0.5, 0.5]);
  });

  it('takes the commissioner’s ratings, Poor to Good and Low to High risk, with their notes', () => {
    const criteria: Criterion[] = [
      ...costAndLocal,
      {
        key: 'feasibility',
        label: 'Feasibility (market)',
        heading: 'feasibility',
        weight: 25,
        measure: 'rating',
      },
      { key: 'risk', label: 'Risk', heading: 'risk', weight: 25, measure: 'rating' },
    ];
    const options: AppraisalOption[] = [
      {
        kind: 'in-house',
        label: 'In-house',
        metrics: metrics(100_00, 0.9),
        ratings: { feasibility: 'poor', risk: 'high' },
        notes: { feasibility: 'needs a capital bid and a registered manager' },
      },
      {
        kind: 'spot',
        label: 'Spot',
        metrics: metrics(150_00, 0.5),
        ratings: { feasibility: 'good', risk: 'low' },
      },
    ];
    const a = appraiseOptions(options, criteria);
    const inHouse = a.options.find((o) => o.kind === 'in-house')!;
    expect(inHouse.scores.map((s) => s.score)).toEqual([5, 5, 1, 1]);
    // (50×5 + 50×5 + 25×1 + 25×1) / (5 × 150) = 550 / 750 = 73.3%.
    expect(inHouse.weightedTotal).toBeCloseTo(73.333, 3);
    expect(inHouse.scores[2]!.reason).toBe(
      'Rated Poor by the commissioner: needs a capital bid and a registered manager',
    );
    expect(inHouse.scores[3]!.rating).toBe('High risk');
  });

  it('refuses a missing rating, naming the option and criterion', () => {
    const criteria: Criterion[] = [
      { key: 'feasibility', label: 'F', heading: 'feasibility', weight: 1, measure: 'rating' },
    ];
    const options: AppraisalOption[] = [
      { kind: 'spot', label: 'Spot', metrics: metrics(1, 1), ratings: { feasibility: 'good' } },
      { kind: 'framework', label: 'Framework', metrics: metrics(1, 1) },
    ];
    expect(validateAppraisal(options, criteria).map((e) => e.field)).toEqual([
      'options[1].ratings.feasibility',
    ]);
    expect(() => appraiseOptions(options, criteria)).toThrow(DomainError);
    expect(
      validateAppraisal(options, [{ ...criteria[0]!, weight: 0, measure: 'mean-cost' }]).map((e) => e.field),
    ).toEqual(['criteria']);
  });

  it('gives totals between 20% and 100% that do not change when every weight is scaled', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cost: fc.integer({ min: 1, max: 1e9 }),
            local: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (xs, k) => {
          const kinds = ['in-house', 'hard-block', 'soft-block', 'framework', 'spot'] as const;
          const options = xs.map((x, i) => ({
            kind: kinds[i]!,
            label: kinds[i]!,
            metrics: metrics(x.cost, x.local),
          }));
          const a = appraiseOptions(options, costAndLocal);
          const b = appraiseOptions(
            options,
            costAndLocal.map((c) => ({ ...c, weight: c.weight * k })),
          );
          a.options.forEach((o, i) => {
            expect(o.weightedTotal).toBeGreaterThanOrEqual(20 - 1e-9);
            expect(o.weightedTotal).toBeLessThanOrEqual(100 + 1e-9);
            expect(b.options[i]!.weightedTotal).toBeCloseTo(o.weightedTotal, 9);
          });
          expect(a.options.map((o) => o.rank)).toEqual(options.map((_, i) => i + 1));
        },
      ),
    );
  });
});

describe('modelling the five options for a cohort', () => {
  const s = exampleScenario();
  const options = modelOptions(
    s,
    {
      inHouse: { weeklyPence: 350_000, setUpPence: 50_000_000 },
      framework: { weeklyPence: 380_000, localProbability: 0.6 },
    },
    { runs: 150, seed: 4 },
  );
  const by = (k: string) => options.find((o) => o.kind === k)!;

  it('models all five on the same children', () => {
    expect(options.map((o) => o.kind).sort()).toEqual([
      'framework',
      'hard-block',
      'in-house',
      'soft-block',
      'spot',
    ]);
    expect(by('spot').metrics.probabilityCostsMoreThanSpot).toBe(0);
    // Framework: the spot bill scaled by 3,800 / 4,144.
    expect(by('framework').metrics.meanCost).toBeCloseTo(
      (by('spot').metrics.meanCost * 380_000) / 414_400,
      -3,
    );
    expect(by('framework').metrics.localShare).toBeCloseTo(0.6, 9);
  });

  it('places more children locally with a block than spot, and more with a shared block than split beds', () => {
    expect(by('soft-block').metrics.localShare).toBeGreaterThan(by('spot').metrics.localShare);
    expect(by('soft-block').metrics.localShare).toBeGreaterThan(by('hard-block').metrics.localShare);
    // In-house runs the hard-block beds: same children placed, dearer beds plus £500,000 set-up.
    expect(by('in-house').metrics.localShare).toBe(by('hard-block').metrics.localShare);
    expect(by('in-house').metrics.meanCost).toBeGreaterThan(by('hard-block').metrics.meanCost + 50_000_000);
  });

  it('feeds the appraisal with the default criteria', () => {
    const a = appraiseOptions(options, DEFAULT_CRITERIA);
    expect(a.options).toHaveLength(5);
    expect(a.options[0]!.rank).toBe(1);
    expect(new Set(a.options.map((o) => o.rank)).size).toBe(5);
  });
});
