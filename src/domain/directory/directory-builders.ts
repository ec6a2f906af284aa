import type { GeoPoint, HomeProfile } from './home.ts';
import type { DirectoryHome } from './listing.ts';

/**
 * Builders for tests and examples: a plausible home with every field set, overridable. Points are
 * real sector centroids (reference/postcode_sector_centroids_england.csv) so distances are real.
 */
export const POINTS = {
  /** Hayes, Hillingdon */
  'UB3 1': { easting: 509_178, northing: 179_689, lat: 51.50559, lon: -0.42832 },
  /** Harrow */
  'HA1 1': { easting: 515_324, northing: 188_525, lat: 51.58379, lon: -0.33691 },
  /** Central Manchester */
  'M1 1': { easting: 384_460, northing: 398_429, lat: 53.48235, lon: -2.23563 },
} satisfies Record<string, GeoPoint>;

export function buildHome(overrides: Partial<HomeProfile> = {}): HomeProfile {
  return {
    id: 'home-1',
    providerOrgId: 'prov-1',
    providerName: 'Oakfield Care Ltd',
    urn: 'SC123456',
    name: 'Oak House',
    placementType: 'residential',
    registeredPlaces: 4,
    ageMin: 8,
    ageMax: 17,
    sexes: ['male', 'female'],
    registrationCategories: ['ebd'],
    needsSupported: ['missing'],
    needsExcluded: ['others-fire'],
    offersSolo: false,
    adapted: false,
    petsOnSite: false,
    acceptsDeprivationOfLiberty: false,
    ofstedRating: 'good',
    ofstedRatedOn: '2024-05-01',
    postcodeDistrict: 'UB3',
    postcodeSector: 'UB3 1',
    location: POINTS['UB3 1'],
    laCode: '312',
    ...overrides,
  };
}

export function buildListing(
  profile: Partial<HomeProfile> = {},
  rest: Partial<Omit<DirectoryHome, 'profile'>> = {},
): DirectoryHome {
  return {
    profile: buildHome(profile),
    availability: { vacancies: 1, confirmedOn: '2025-06-01' },
    memberships: [],
    weeklyPriceFromPence: 550_000,
    priceBand: 'b',
    ...rest,
  };
}
