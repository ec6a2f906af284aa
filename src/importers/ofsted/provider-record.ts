import type { GeoPoint } from '../../domain/directory/home.ts';
import type { HomeAddress } from '../../domain/directory/privacy.ts';
import type { OfstedRating, PlacementType, RegistrationCategory } from '../../domain/shared/codes.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { RegistrationStatus } from './values.ts';

/**
 * One provider from an Ofsted file, normalised. From the public statistics a children's home has
 * no name, address or postcode (all REDACTED) and is located only to its LA; from the fuller lists
 * Ofsted sends LAs it has all three. Null means "the file does not say".
 */
export interface OfstedProviderRecord {
  /** Where it came from, for messages: 1-based row and the sheet (XLSX). */
  source: { row: number; sheet: string | null };
  urn: string;
  provisionType: string | null;
  /** What the directory calls it; null for provision types the directory does not list. */
  placementType: PlacementType | null;
  /** True when the file hides the name and address (public statistics). */
  redacted: boolean;
  name: string | null;
  address: HomeAddress | null;
  postcodeDistrict: string | null;
  postcodeSector: string | null;
  /** Sector centroid where known, else district centroid; null without a postcode. */
  location: GeoPoint | null;
  /** DfE code of the LA the provider is in. */
  laCode: string;
  sector: string | null;
  ownerName: string | null;
  places: number | null;
  registrationStatus: RegistrationStatus | null;
  registeredOn: LocalDate | null;
  closedOn: LocalDate | null;
  /** Null when the file has no category columns (public statistics). */
  registrationCategories: RegistrationCategory[] | null;
  rating: OfstedRating | null;
  inspectedOn: LocalDate | null;
  publishedOn: LocalDate | null;
}

/** Provision types the directory lists, by what their Ofsted name contains. */
export function placementTypeOf(provisionType: string | null): PlacementType | null {
  if (provisionType === null) return 'residential';
  const t = provisionType.toLowerCase().replace(/['’]/g, '');
  if (t.includes('childrens home') || t.includes('registered as a childrens home')) return 'residential';
  if (t.includes('fostering agency')) return 'foster';
  if (t.includes('supported accommodation')) return 'supported-accommodation';
  return null;
}

/**
 * The profile fields Ofsted is the authority for, ready to create or update a directory home.
 * Everything else (ages, sexes, needs supported and excluded, availability, prices) is kept by the
 * provider and never overwritten by an import.
 */
export function ofstedProfileFields(r: OfstedProviderRecord) {
  return {
    urn: r.urn,
    ...(r.name === null ? {} : { name: r.name }),
    ...(r.placementType === null ? {} : { placementType: r.placementType }),
    ...(r.places === null ? {} : { registeredPlaces: r.places }),
    ...(r.registrationCategories === null ? {} : { registrationCategories: r.registrationCategories }),
    ...(r.rating === null ? {} : { ofstedRating: r.rating, ofstedRatedOn: r.inspectedOn }),
    ...(r.postcodeDistrict === null
      ? {}
      : { postcodeDistrict: r.postcodeDistrict, postcodeSector: r.postcodeSector, location: r.location }),
    laCode: r.laCode,
  };
}
