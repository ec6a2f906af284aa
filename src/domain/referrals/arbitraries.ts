/**
 * fast-check generators of referrals, homes and residents for property tests (test support only:
 * nothing in the product imports this file). They cover every code in the lists, so a property
 * that holds here holds for any referral the form can produce.
 */
import fc from 'fast-check';
import type { HomeProfile } from '../directory/home.ts';
import type { Resident } from '../matching/target.ts';
import {
  CULTURAL_NEEDS,
  LIVING_COMPANIONS,
  NEED_CODES,
  PETS,
  PRESENCE,
  REGISTRATION_CATEGORIES,
  type RegistrationCategory,
  RISK_CODES,
  SUITABILITIES,
  URGENCIES,
} from '../shared/codes.ts';
import { addDays } from '../shared/dates.ts';
import { gridPoint } from './fixtures.ts';
import type { Referral } from './profile.ts';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as (keyof T & string)[];
const sex = fc.constantFrom('male' as const, 'female' as const);
const point = fc
  .record({ e: fc.integer({ min: 400_000, max: 560_000 }), n: fc.integer({ min: 120_000, max: 260_000 }) })
  .map(({ e, n }) => gridPoint(e, n));

export const arbResident: fc.Arbitrary<Resident> = fc.record({
  ageYears: fc.integer({ min: 8, max: 17 }),
  sex,
  risks: fc.subarray(RISK_CODES),
});

export const arbReferral: fc.Arbitrary<Referral> = fc
  .record({
    n: fc.integer({ min: 1, max: 99_999 }),
    ageYears: fc.integer({ min: 5, max: 17 }),
    sex,
    primaryNeed: fc.constantFrom(...keys(REGISTRATION_CATEGORIES)),
    risks: fc.subarray(RISK_CODES),
    neededBy: fc.constantFrom(...keys(URGENCIES)),
    waitDays: fc.integer({ min: 0, max: 90 }),
    siblingCount: fc.integer({ min: 0, max: 2 }),
    keepSchool: fc.boolean(),
    communicationNeeds: fc.constantFrom(...keys(PRESENCE)),
    homeAdaptationRequired: fc.boolean(),
    culturalNeeds: fc.constantFrom(...keys(CULTURAL_NEEDS)).filter((c) => c !== 'other'),
    livingCompanions: fc.constantFrom(...keys(LIVING_COMPANIONS)),
    pets: fc.constantFrom(...keys(PETS)),
    deprivationOfLiberty: fc.boolean(),
    foster: fc.constantFrom(...keys(SUITABILITIES)),
    residential: fc.constantFrom(...keys(SUITABILITIES)),
    supported: fc.constantFrom(...keys(SUITABILITIES)),
    family: fc.option(point, { nil: undefined }),
    school: fc.option(point, { nil: undefined }),
    penPortrait: fc.lorem({ maxCount: 12 }),
  })
  .map((x) => ({
    id: `R-${x.n}`,
    laOrgId: `org-la-${x.n % 7}`,
    laCode: String(300 + (x.n % 7)),
    createdOn: addDays('2026-03-01', -x.waitDays),
    familyLocation: x.family ?? null,
    schoolLocation: x.school ?? null,
    child: {
      childRef: `CASE-${x.n}`,
      ageYears: x.ageYears,
      sex: x.sex,
      primaryNeed: x.primaryNeed,
      risks: x.risks,
    },
    requirements: {
      neededBy: x.neededBy,
      latestStart: '2026-03-20',
      siblingCount: x.siblingCount,
      isPreferredLocationLocal: true,
      familyPostcodeSector: 'UB3 1',
      keepSchool: x.keepSchool,
      communicationNeeds: x.communicationNeeds,
      communicationRequirements: ['none'],
      homeAdaptationRequired: x.homeAdaptationRequired,
      culturalNeeds: x.culturalNeeds,
      livingCompanions: x.livingCompanions,
      pets: x.pets,
      additionalSupport: [],
      deprivationOfLiberty: x.deprivationOfLiberty,
      suitability: { foster: x.foster, residential: x.residential, 'supported-accommodation': x.supported },
      penPortrait: x.penPortrait,
    },
  }));

export const arbHome: fc.Arbitrary<HomeProfile> = fc
  .record({
    n: fc.integer({ min: 1, max: 999 }),
    ageMin: fc.integer({ min: 5, max: 14 }),
    span: fc.integer({ min: 1, max: 12 }),
    sexes: fc.subarray(['female', 'male'] as const, { minLength: 1 }),
    registrationCategories: fc.subarray(keys(REGISTRATION_CATEGORIES) as RegistrationCategory[], {
      minLength: 1,
    }),
    needsSupported: fc.subarray(NEED_CODES),
    needsExcluded: fc.subarray(NEED_CODES, { maxLength: 3 }),
    offersSolo: fc.boolean(),
    adapted: fc.boolean(),
    petsOnSite: fc.boolean(),
    acceptsDeprivationOfLiberty: fc.boolean(),
    placementType: fc.constantFrom(
      'residential' as const,
      'foster' as const,
      'supported-accommodation' as const,
    ),
    location: fc.option(point, { nil: null }),
  })
  .map((x) => ({
    id: `H-${x.n}`,
    providerOrgId: `org-p-${x.n % 5}`,
    providerName: `Provider ${x.n % 5}`,
    urn: `SC${String(100_000 + x.n)}`,
    name: `Home ${x.n}`,
    placementType: x.placementType,
    registeredPlaces: 4,
    ageMin: x.ageMin,
    ageMax: Math.min(17, x.ageMin + x.span),
    sexes: x.sexes,
    registrationCategories: x.registrationCategories,
    needsSupported: x.needsSupported,
    needsExcluded: x.needsExcluded,
    offersSolo: x.offersSolo,
    adapted: x.adapted,
    petsOnSite: x.petsOnSite,
    acceptsDeprivationOfLiberty: x.acceptsDeprivationOfLiberty,
    ofstedRating: 'good',
    ofstedRatedOn: '2025-01-01',
    postcodeDistrict: 'UB4',
    postcodeSector: 'UB4 8',
    location: x.location,
    laCode: '312',
  }));
