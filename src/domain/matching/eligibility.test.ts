import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbHome, arbReferral } from '../referrals/arbitraries.ts';
import { buildHome, buildReferral } from '../referrals/fixtures.ts';
import { childNeeds } from '../referrals/profile.ts';
import {
  type EligibilityRule,
  eligibilityFailures,
  homeEligibility,
  vacancyEligibility,
} from './eligibility.ts';

const rules = (failures: { rule: EligibilityRule }[]) => failures.map((f) => f.rule);

describe('hard eligibility', () => {
  it('passes a child who fits the home in every respect', () => {
    expect(homeEligibility(buildReferral(), buildHome())).toEqual([]);
  });

  it.each<
    [string, Parameters<typeof buildReferral>[0], Parameters<typeof buildHome>[0], EligibilityRule, string]
  >([
    ['too young', { child: { ageYears: 9 } }, {}, 'age', 'aged 11 to 17; this child is 9'],
    [
      'wrong sex',
      { child: { sex: 'male' } },
      { sexes: ['female'] },
      'sex',
      'registered for girls; this child is a boy',
    ],
    [
      'primary need not registered',
      { child: { primaryNeed: 'mental-disorders' } },
      {},
      'registration',
      'mental disorders',
    ],
    ['excluded risk', { child: { risks: ['others-fire'] } }, {}, 'excluded-need', 'fire-setting'],
    ['solo needed', { requirements: { livingCompanions: 'solo' } }, {}, 'solo', 'does not offer one'],
    [
      'adaptation needed',
      { requirements: { homeAdaptationRequired: true } },
      {},
      'adaptation',
      'not adapted',
    ],
    [
      'DoL order',
      { requirements: { deprivationOfLiberty: true } },
      {},
      'deprivation-of-liberty',
      'does not accept',
    ],
    ['must have pets', { requirements: { pets: 'yes-must' } }, {}, 'pets', 'must live with pets'],
    ['no pets', { requirements: { pets: 'no' } }, { petsOnSite: true }, 'pets', 'cannot live with pets'],
    [
      'harms animals',
      { child: { risks: ['others-animals'] } },
      { petsOnSite: true },
      'pets',
      'harm to animals',
    ],
    [
      'type unsuitable',
      {
        requirements: {
          suitability: {
            residential: 'unsuitable',
            foster: 'preferred',
            'supported-accommodation': 'unsuitable',
          },
        },
      },
      {},
      'placement-type',
      'residential unsuitable',
    ],
  ])('refuses with a plain reason: %s', (_case, referral, home, rule, words) => {
    const failures = homeEligibility(buildReferral(referral), buildHome(home));
    expect(rules(failures)).toEqual([rule]);
    expect(failures[0]?.message).toContain(words);
  });

  it('lists every broken rule, not just the first', () => {
    const failures = homeEligibility(
      buildReferral({ child: { ageYears: 8, sex: 'male', risks: ['others-fire'] } }),
      buildHome({ sexes: ['female'] }),
    );
    expect(rules(failures)).toEqual(['age', 'sex', 'excluded-need']);
  });

  it('checks the vacancy: beds for siblings and a start in time', () => {
    const referral = buildReferral({ requirements: { siblingCount: 1, latestStart: '2026-03-20' } });
    expect(rules(vacancyEligibility(referral, { id: 'V', beds: 2, availableFrom: '2026-03-20' }))).toEqual(
      [],
    );
    const failures = vacancyEligibility(referral, { id: 'V', beds: 1, availableFrom: '2026-03-21' });
    expect(rules(failures)).toEqual(['beds', 'start-date']);
    expect(failures[1]?.message).toContain('21 March 2026');
  });

  it('agrees with the set definitions for any child and home (property)', () => {
    fc.assert(
      fc.property(arbReferral, arbHome, (referral, home) => {
        const got = new Set(rules(eligibilityFailures(referral, { home })));
        const { child, requirements: q } = referral;
        expect(got.has('age')).toBe(child.ageYears < home.ageMin || child.ageYears > home.ageMax);
        expect(got.has('sex')).toBe(!home.sexes.includes(child.sex));
        expect(got.has('registration')).toBe(!home.registrationCategories.includes(child.primaryNeed));
        expect(got.has('excluded-need')).toBe(childNeeds(child).some((n) => home.needsExcluded.includes(n)));
        expect(got.has('solo')).toBe(q.livingCompanions === 'solo' && !home.offersSolo);
        expect(got.has('placement-type')).toBe(q.suitability[home.placementType] === 'unsuitable');
      }),
    );
  });
});
