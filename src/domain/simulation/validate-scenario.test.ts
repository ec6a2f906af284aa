import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { PPM } from '../shared/money.ts';
import { exampleScenario } from './fixtures.ts';
import type { Scenario } from './scenario.ts';
import { assertValidScenario, validateScenario } from './validate-scenario.ts';

const fields = (s: Scenario) => validateScenario(s).map((e) => e.field);

describe('validating a scenario', () => {
  it('accepts the example scenario', () => {
    expect(validateScenario(exampleScenario())).toEqual([]);
  });

  it('refuses liability shares that do not add up to 1, naming the share and the fix', () => {
    const s = exampleScenario();
    const las = s.las.map((la, i) => (i === 2 ? { ...la, sharePpm: 100_000 } : la));
    const errors = validateScenario({ ...s, las });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.field).toBe('las[2].sharePpm');
    // 0.5 + 0.3 + 0.1 = 0.9; with A and B as they are, C would need 1 − 0.8 = 0.2.
    expect(errors[0]!.message).toContain('add up to 0.9');
    expect(errors[0]!.message).toContain('0.2');
  });

  it('refuses negative referral rates and negative prices', () => {
    const s = exampleScenario();
    const las = s.las.map((la, i) => (i === 1 ? { ...la, referralsPerYear: -2 } : la));
    expect(fields({ ...s, las })).toEqual(['las[1].referralsPerYear']);
    expect(fields({ ...s, block: { ...s.block, weeklyPence: -5 } })).toEqual(['block.weeklyPence']);
    expect(fields({ ...s, spot: { ...s.spot, weeklyPence: 0 } })).toEqual(['spot.weeklyPence']);
  });

  it('refuses impossible terms: no term, a hold longer than the contract, a break that could never bite', () => {
    const s = exampleScenario();
    expect(fields({ ...s, termMonths: 0 })).toContain('termMonths');
    expect(fields({ ...s, block: { ...s.block, holdDays: 2000 } })).toEqual(['block.holdDays']);
    const late = { earliestNoticeMonth: 30, noticeMonths: 6, occupancyBelow: 0.6, reviewMonths: 3 };
    expect(fields({ ...s, breakClause: late })).toEqual(['breakClause.earliestNoticeMonth']);
    const fine = { ...late, earliestNoticeMonth: 29 };
    expect(fields({ ...s, breakClause: fine })).toEqual([]);
  });

  it('refuses bad probabilities, stays, codes and needs mixes by their dotted paths', () => {
    const s = exampleScenario();
    const bad: Scenario = {
      ...s,
      las: [s.las[0]!, { ...s.las[1]!, code: 'A', outOfAreaProbability: 1.5 }, s.las[2]!],
      matching: { probability: 1.2, days: -1 },
      stayLength: { kind: 'empirical', days: [30, 0, 12] },
      block: { ...s.block, beds: 2.5, voidRule: { kind: 'retainer', percent: 140 } },
      needsMix: { 'ebd-standard': 0.5, disability: 0.2 },
    };
    expect(fields(bad).sort()).toEqual(
      [
        'las[1].code',
        'las[1].outOfAreaProbability',
        'matching.probability',
        'matching.days',
        'stayLength.days[1]',
        'block.beds',
        'block.voidRule.percent',
        'needsMix',
      ].sort(),
    );
  });

  it('throws a validation DomainError carrying the field errors', () => {
    const s = exampleScenario({ termMonths: -3 });
    try {
      assertValidScenario(s);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('validation');
      expect((e as DomainError).fieldErrors.map((f) => f.field)).toContain('termMonths');
    }
  });

  it('accepts any split of shares that adds up to exactly one million ppm', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 8 }), (weights) => {
        const total = weights.reduce((a, b) => a + b, 0) || 1;
        const shares = weights.map((w) => Math.floor((w * PPM) / total));
        shares[shares.length - 1]! += PPM - shares.reduce((a, b) => a + b, 0);
        const las = shares.map((sharePpm, i) => ({
          code: `L${i}`,
          name: `LA ${i}`,
          referralsPerYear: 1,
          sharePpm,
        }));
        expect(validateScenario(exampleScenario({ las }))).toEqual([]);
        const donor = las.findIndex((la) => la.sharePpm > 0);
        const off = las.map((la, i) => (i === donor ? { ...la, sharePpm: la.sharePpm - 1 } : la));
        expect(fields(exampleScenario({ las: off }))).toEqual([`las[${las.length - 1}].sharePpm`]);
      }),
    );
  });
});
