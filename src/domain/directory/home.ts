import type { NeedCode, OfstedRating, PlacementType, RegistrationCategory, Sex } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';

/** A point on the map: WGS84 for maps, British National Grid metres for DfE-style distances. */
export interface GeoPoint {
  lat: number;
  lon: number;
  easting: number;
  northing: number;
}

/**
 * What a home says it can do (its registration and statement of purpose), where it is and how it
 * is rated. This is the directory's and matching's view of a home: plain data, no addresses.
 */
export interface HomeProfile {
  id: string;
  providerOrgId: string;
  providerName: string;
  /** Ofsted unique reference number; null for a home not (yet) registered. */
  urn: string | null;
  name: string;
  placementType: PlacementType;
  registeredPlaces: number;
  ageMin: number;
  ageMax: number;
  sexes: readonly Sex[];
  /** Ofsted registration categories (a child's primary need must be one of these). */
  registrationCategories: readonly RegistrationCategory[];
  /** Needs the home says it cares for well (beyond the categories), e.g. 'missing'. */
  needsSupported: readonly NeedCode[];
  /** Needs the home will not accept (statement of purpose exclusions), e.g. 'others-fire'. */
  needsExcluded: readonly NeedCode[];
  offersSolo: boolean;
  adapted: boolean;
  petsOnSite: boolean;
  acceptsDeprivationOfLiberty: boolean;
  ofstedRating: OfstedRating | null;
  ofstedRatedOn: LocalDate | null;
  /** Outward code (e.g. 'UB3'): what most users see. */
  postcodeDistrict: string;
  /** Postcode sector (e.g. 'UB3 1') where known. */
  postcodeSector: string | null;
  location: GeoPoint | null;
  /** DfE 3-digit code of the LA the home is in. */
  laCode: string;
}
