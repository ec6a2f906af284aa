/**
 * Builders of plain referral and home data for tests, benchmarks and seed data: a sensible
 * default that each caller overrides in the one or two fields its case is about.
 */
import type { GeoPoint, HomeProfile } from '../directory/home.ts';
import type { ChildProfile, PlacementRequirements, Referral } from './profile.ts';

/** A point on the British National Grid (lat/lon are rough; distances use the grid). */
export function gridPoint(easting: number, northing: number): GeoPoint {
  return { easting, northing, lat: 49.766 + northing / 111_000, lon: -7.557 + easting / 70_000 };
}

/** Hayes (UB3), the default family and school location. */
export const HAYES = gridPoint(509_500, 179_800);

export interface ReferralOverrides extends Partial<Omit<Referral, 'child' | 'requirements'>> {
  child?: Partial<ChildProfile>;
  requirements?: Partial<PlacementRequirements>;
}

export function buildReferral(o: ReferralOverrides = {}): Referral {
  const { child, requirements, ...rest } = o;
  return {
    id: 'R-1',
    laOrgId: 'org-hillingdon',
    laCode: '312',
    createdOn: '2026-03-01',
    familyLocation: HAYES,
    schoolLocation: HAYES,
    ...rest,
    child: {
      childRef: 'HIL-00421',
      ageYears: 14,
      sex: 'female',
      primaryNeed: 'ebd',
      risks: ['missing'],
      ...child,
    },
    requirements: {
      neededBy: 'gt-5-days',
      latestStart: '2026-03-20',
      siblingCount: 0,
      isPreferredLocationLocal: true,
      familyPostcodeSector: 'UB3 1',
      schoolPostcodeSector: 'UB3 1',
      keepSchool: true,
      communicationNeeds: 'no',
      communicationRequirements: ['none'],
      homeAdaptationRequired: false,
      culturalNeeds: 'not-required',
      livingCompanions: 'no-preference',
      pets: 'yes-can',
      additionalSupport: [],
      deprivationOfLiberty: false,
      suitability: {
        foster: 'suitable-not-preferred',
        residential: 'preferred',
        'supported-accommodation': 'unsuitable',
      },
      penPortrait: 'Enjoys football and drawing; settles best with calm, consistent adults.',
      ...requirements,
    },
  };
}

export function buildHome(o: Partial<HomeProfile> = {}): HomeProfile {
  return {
    id: 'H-1',
    providerOrgId: 'org-oakfield',
    providerName: 'Oakfield Care',
    urn: 'SC123456',
    name: 'Oak House',
    placementType: 'residential',
    registeredPlaces: 4,
    ageMin: 11,
    ageMax: 17,
    sexes: ['female', 'male'],
    registrationCategories: ['ebd'],
    needsSupported: ['missing'],
    needsExcluded: ['others-fire'],
    offersSolo: false,
    adapted: false,
    petsOnSite: false,
    acceptsDeprivationOfLiberty: false,
    ofstedRating: 'good',
    ofstedRatedOn: '2025-06-01',
    postcodeDistrict: 'UB4',
    postcodeSector: 'UB4 8',
    location: gridPoint(510_500, 182_000),
    laCode: '312',
    ...o,
  };
}
