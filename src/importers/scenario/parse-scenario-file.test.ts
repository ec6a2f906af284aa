import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/errors.ts';
import { exampleScenario } from '../../domain/simulation/fixtures.ts';
import { dottedPath, parseScenarioFile, readScenarioFile } from './parse-scenario-file.ts';
import { scenarioToFile } from './scenario-to-file.ts';

const good = {
  name: 'Central Bedfordshire residential block',
  startDate: '2025-04-01',
  termMonths: 36,
  las: [
    { code: 'CBC', name: 'Central Bedfordshire', referralsPerYear: 5, share: 0.6 },
    { code: 'BED', name: 'Bedford', referralsPerYear: 3, share: 0.4, outOfAreaProbability: 0.5 },
  ],
  stayLength: { kind: 'lognormal', meanDays: 300, sdDays: 250 },
  matching: { probability: 0.7, days: 14 },
  block: { beds: 4, weeklyPounds: 1918, holdDays: 30 },
  spot: { weeklyPounds: 4144, annualInflationPercent: 4, outOfAreaProbability: 0.7 },
  simulation: { runs: 500, seed: 3, sweep: { maxBeds: 6, weeklyPounds: [1800, 1918.5] }, pooling: true },
};
const text = (x: unknown) => JSON.stringify(x);
const fieldsOf = (x: unknown) => {
  const r = parseScenarioFile(text(x));
  return r.ok ? [] : r.errors.map((e) => e.field);
};

describe('reading a scenario file', () => {
  it('turns pounds into pence and decimal shares into parts per million, with defaults filled in', () => {
    const { scenario, settings } = readScenarioFile(text(good));
    expect(scenario.block.weeklyPence).toBe(191_800);
    expect(scenario.spot.weeklyPence).toBe(414_400);
    expect(scenario.las.map((la) => la.sharePpm)).toEqual([600_000, 400_000]);
    expect(scenario.block.voidRule).toEqual({ kind: 'pay-in-full' });
    expect(scenario.block.startsAs).toBe('empty');
    expect(scenario.block.annualUpliftPercent).toBe(0);
    expect(scenario.las[1]!.outOfAreaProbability).toBe(0.5);
    expect(settings).toEqual({
      runs: 500,
      seed: 3,
      sweep: { sizes: [0, 1, 2, 3, 4, 5, 6], prices: [180_000, 191_850] },
      pooling: true,
    });
  });

  it('accepts thirds written as decimals, giving the rounding residue to the largest share', () => {
    const las = [0.333333, 0.333334, 0.333333].map((share, i) => ({
      code: `L${i}`,
      name: `L${i}`,
      referralsPerYear: 1,
      share,
    }));
    const { scenario } = readScenarioFile(text({ ...good, las }));
    expect(scenario.las.map((la) => la.sharePpm)).toEqual([333_333, 333_334, 333_333]);
  });

  it('refuses shares that do not add up to 1 at the file’s own field, with the fix', () => {
    const las = [{ ...good.las[0]!, share: 0.5 }, good.las[1]!];
    const r = parseScenarioFile(text({ ...good, las }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        field: 'las[1].share',
        message:
          'the liability shares add up to 0.9, not 1 (with the others as they are, this one would need to be 0.5)',
      },
    ]);
    const ppm = [
      { ...good.las[0]!, share: undefined, sharePpm: 600_000 },
      { ...good.las[1]!, share: undefined, sharePpm: 300_000 },
    ];
    expect(fieldsOf({ ...good, las: ppm })).toEqual(['las[1].sharePpm']);
  });

  it('refuses negative rates, prices and impossible terms by file field names', () => {
    const las = [good.las[0]!, { ...good.las[1]!, referralsPerYear: -1 }];
    expect(fieldsOf({ ...good, las })).toEqual(['las[1].referralsPerYear']);
    expect(fieldsOf({ ...good, block: { ...good.block, weeklyPounds: -1918 } })).toEqual([
      'block.weeklyPounds',
    ]);
    expect(
      fieldsOf({ ...good, breakClause: { earliestNoticeMonth: 32, noticeMonths: 6, occupancyBelow: 0.5 } }),
    ).toEqual(['breakClause.earliestNoticeMonth']);
    expect(fieldsOf({ ...good, termMonths: 0 })).toEqual(['termMonths']);
  });

  it('refuses wrong types, unknown kinds and misspelt fields, naming the path', () => {
    expect(fieldsOf({ ...good, termMonths: '36' })).toEqual(['termMonths']);
    expect(fieldsOf({ ...good, stayLength: { kind: 'weibull', meanDays: 3 } })).toEqual(['stayLength.kind']);
    // A misspelt field is named itself.
    expect(fieldsOf({ ...good, las: [{ ...good.las[0]!, referalsPerYear: 5 }, good.las[1]] })).toEqual(
      expect.arrayContaining(['las[0].referalsPerYear']),
    );
    expect(fieldsOf({ ...good, las: [{ ...good.las[0]!, sharePpm: 600_000 }, good.las[1]] })).toEqual([
      'las[0].share',
    ]);
    const notJson = parseScenarioFile('{ "name": ');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.errors[0]!.message).toMatch(/not valid JSON/);
  });

  it('checks that every option is rated on every rated criterion', () => {
    const appraisal = {
      framework: { weeklyPounds: 3800, localProbability: 0.5 },
      criteria: [
        { key: 'feasibility', label: 'Feasibility', heading: 'feasibility', weight: 1, measure: 'rating' },
      ],
      ratings: {
        spot: { feasibility: 'good' },
        'soft-block': { feasibility: 'moderate' },
        'hard-block': { feasibility: 'poor' },
      },
    };
    expect(fieldsOf({ ...good, appraisal })).toEqual(['appraisal.ratings.framework.feasibility']);
    const rated = {
      ...appraisal,
      ratings: { ...appraisal.ratings, framework: { feasibility: 'moderate-good' } },
    };
    const file = readScenarioFile(text({ ...good, appraisal: rated }));
    expect(file.settings.appraisal?.costs.framework).toEqual({ weeklyPence: 380_000, localProbability: 0.5 });
  });

  it('throws a validation DomainError for the CLI', () => {
    expect(() => readScenarioFile(text({ ...good, termMonths: -1 }))).toThrow(DomainError);
  });

  it('round-trips a domain scenario through the file format', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 900_000 }),
        fc.integer({ min: 1, max: 999_999 }),
        (beds, pence, share) => {
          const base = exampleScenario();
          const s = {
            ...base,
            las: [
              { ...base.las[0]!, sharePpm: share },
              { ...base.las[1]!, sharePpm: 1_000_000 - share },
            ],
            block: { ...base.block, beds, weeklyPence: pence },
          };
          expect(readScenarioFile(JSON.stringify(scenarioToFile(s))).scenario).toEqual(s);
        },
      ),
    );
  });

  it('writes dotted paths as people read them', () => {
    expect(dottedPath(['las', 2, 'share'])).toBe('las[2].share');
    expect(dottedPath(['stayLength', 'days', 0])).toBe('stayLength.days[0]');
  });
});
