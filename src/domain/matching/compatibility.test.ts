import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbResident } from '../referrals/arbitraries.ts';
import {
  type CompatibilityRules,
  compatibilityIssues,
  DEFAULT_COMPATIBILITY_RULES,
} from './compatibility.ts';
import type { Resident } from './target.ts';

const child = { ageYears: 14, sex: 'female' as const, risks: ['sexual-exploitation' as const] };
const calm: Resident = { ageYears: 15, sex: 'female', risks: [] };
const kinds = (xs: { kind: string }[]) => xs.map((x) => x.kind);

describe('compatibility with residents', () => {
  it('finds nothing to worry about with a calm resident of a similar age', () => {
    expect(compatibilityIssues(child, 'no-preference', [calm], DEFAULT_COMPATIBILITY_RULES)).toEqual([]);
  });

  it('names the resident behind a conflicting exploitation risk, either way round', () => {
    const harmful: Resident = { ageYears: 16, sex: 'male', risks: ['others-sexual'] };
    const [issue] = compatibilityIssues(child, 'no-preference', [calm, harmful], DEFAULT_COMPATIBILITY_RULES);
    expect(issue).toMatchObject({ kind: 'risk-conflict', resident: 1 });
    expect(issue?.message).toContain('resident 2 (16, boy) presents a risk of sexual harm to others');

    const exploiter = { ageYears: 15, sex: 'male' as const, risks: ['others-criminal' as const] };
    const atRisk: Resident = { ageYears: 14, sex: 'male', risks: ['criminal-exploitation'] };
    const reverse = compatibilityIssues(exploiter, 'no-preference', [atRisk], DEFAULT_COMPATIBILITY_RULES);
    expect(kinds(reverse)).toEqual(['risk-conflict']);
    expect(reverse[0]?.message).toContain('The child presents a risk of criminal exploitation to others');
  });

  it('applies the configured age gap and mixed-sex policy', () => {
    const older: Resident = { ageYears: 17, sex: 'male', risks: [] };
    const twelve = { ...child, ageYears: 12 };
    expect(kinds(compatibilityIssues(twelve, 'no-preference', [older], DEFAULT_COMPATIBILITY_RULES))).toEqual(
      ['age-gap'],
    );
    expect(
      kinds(
        compatibilityIssues(
          { ...child, ageYears: 13 },
          'no-preference',
          [older],
          DEFAULT_COMPATIBILITY_RULES,
        ),
      ),
    ).toEqual([]);
    const strict: CompatibilityRules = { maxAgeGap: null, mixedSexAllowed: false, riskConflicts: [] };
    expect(kinds(compatibilityIssues(child, 'no-preference', [older, calm], strict))).toEqual(['mixed-sex']);
  });

  it('checks who the social worker says the child can live alongside', () => {
    const younger: Resident = { ageYears: 12, sex: 'female', risks: [] };
    const r = DEFAULT_COMPATIBILITY_RULES;
    expect(kinds(compatibilityIssues(child, 'only-older', [calm], r))).toEqual([]);
    expect(kinds(compatibilityIssues(child, 'only-older', [calm, younger], r))).toEqual(['companions']);
    expect(kinds(compatibilityIssues(child, 'only-younger', [younger], r))).toEqual([]);
    expect(kinds(compatibilityIssues(child, 'solo', [younger], r))).toEqual(['companions']);
    expect(kinds(compatibilityIssues(child, 'with-other-children', [], r))).toEqual(['companions']);
  });

  it('finds no issue when the policy sets no rule, and ties each resident issue to a resident (property)', () => {
    fc.assert(
      fc.property(fc.array(arbResident, { maxLength: 5 }), (residents) => {
        const issues = compatibilityIssues(child, 'no-preference', residents, {
          maxAgeGap: null,
          mixedSexAllowed: true,
          riskConflicts: [],
        });
        expect(issues).toEqual([]);
        const all = compatibilityIssues(child, 'no-preference', residents, DEFAULT_COMPATIBILITY_RULES);
        for (const i of all) expect(i.resident).not.toBeNull();
      }),
    );
  });
});
