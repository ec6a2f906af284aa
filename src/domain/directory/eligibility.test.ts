import { describe, expect, it } from 'vitest';
import { homeEligibility } from '../matching/eligibility.ts';
import { buildReferral } from '../referrals/fixtures.ts';
import { buildHome } from './directory-builders.ts';
import { directoryEligibility, eligibilityFromFailures, needsQueryFromChild } from './eligibility.ts';

describe('directory eligibility', () => {
  it('passes a child the home is registered for and lists every check', () => {
    const e = directoryEligibility(buildHome(), {
      ageYears: 14,
      sex: 'female',
      primaryNeed: 'ebd',
      needs: ['missing', 'self-harm'],
    });
    expect(e.eligible).toBe(true);
    expect(e.checks.map((c) => c.code)).toEqual(['age', 'sex', 'registration', 'exclusions']);
    expect(e.supported).toEqual(['missing']);
    expect(e.unmentioned).toEqual(['self-harm']);
  });

  it('refuses a primary need outside the Ofsted registration categories', () => {
    const e = directoryEligibility(buildHome(), { primaryNeed: 'learning-difficulty' });
    expect(e.eligible).toBe(false);
    expect(e.checks).toEqual([
      { code: 'registration', passed: false, message: 'Not registered for learning difficulty' },
      { code: 'exclusions', passed: true, message: 'None of the child’s needs is excluded' },
    ]);
  });

  it('refuses excluded needs, ages, sexes, solo, adaptation, DoL and pets, each with its reason', () => {
    const home = buildHome({ petsOnSite: true, sexes: ['male'] });
    const e = directoryEligibility(home, {
      placementType: 'foster',
      ageYears: 18,
      sex: 'female',
      needs: ['others-fire'],
      solo: true,
      adaptationRequired: true,
      deprivationOfLiberty: true,
      noPets: true,
    });
    expect(e.eligible).toBe(false);
    expect(e.checks.filter((c) => !c.passed).map((c) => c.message)).toEqual([
      'Residential, not foster',
      'Ages 8 to 17: not 18',
      'Does not care for females',
      'Excludes risk to others: fire-setting',
      'Does not offer solo placements',
      'Not adapted',
      'Does not accept deprivation of liberty orders',
      'Has pets on site',
    ]);
  });

  it('builds the query from a PDS child profile', () => {
    const q = needsQueryFromChild(
      { childRef: 'C1', ageYears: 13, sex: 'male', primaryNeed: 'ebd', risks: ['missing'] },
      { livingCompanions: 'solo', homeAdaptationRequired: false, deprivationOfLiberty: true, pets: 'no' },
    );
    expect(q).toEqual({
      ageYears: 13,
      sex: 'male',
      primaryNeed: 'ebd',
      needs: ['missing'],
      solo: true,
      adaptationRequired: false,
      deprivationOfLiberty: true,
      noPets: true,
    });
  });
});

describe('the hook for a richer matcher', () => {
  it('takes its failures as the verdict and keeps the directory’s view of supported needs', () => {
    const strict = eligibilityFromFailures((home) =>
      home.petsOnSite ? [{ rule: 'pets', message: 'Oak House has a dog.' }] : [],
    );
    const query = { primaryNeed: 'ebd' as const, needs: ['missing' as const] };
    expect(strict(buildHome({ petsOnSite: true }), query)).toEqual({
      eligible: false,
      checks: [{ code: 'pets', passed: false, message: 'Oak House has a dog.' }],
      supported: ['missing'],
      unmentioned: [],
    });
    expect(strict(buildHome(), query).eligible).toBe(true);
  });

  it('fits src/domain/matching’s home eligibility', () => {
    const referral = buildReferral({ child: { ageYears: 19 } });
    const hook = eligibilityFromFailures((home) => homeEligibility(referral, home));
    const e = hook(buildHome(), needsQueryFromChild(referral.child));
    expect(e.eligible).toBe(false);
    expect(e.checks.map((c) => c.code)).toContain('age');
  });
});
