import type { OrgKind, Role } from '../shared/codes.ts';
import type { GeoPoint } from './home.ts';

/**
 * Who may see where a children's home is. Ofsted itself redacts children's homes' addresses in its
 * public files, to keep the children living there safe; we follow the same line. A full address
 * goes only to people who must visit or place a child there: LA placement officers, and the
 * provider's own staff for their own homes. Everyone else (commissioners, hub analysts, other
 * providers, administrators) sees the postcode district and a district-level map point.
 */

export interface HomeAddress {
  line1: string;
  line2: string | null;
  town: string | null;
  county: string | null;
  /** Full postcode, 'UB3 1AB'. */
  postcode: string;
}

export interface Viewer {
  role: Role;
  orgId: string;
  orgKind: OrgKind;
}

export type AddressLevel = 'full' | 'district';

/** Roles whose job needs a home's street address. */
export const FULL_ADDRESS_ROLES: readonly Role[] = ['placement-officer'];

export function addressLevelFor(viewer: Viewer, home: { providerOrgId: string }): AddressLevel {
  if (viewer.orgKind === 'provider' && viewer.orgId === home.providerOrgId) return 'full';
  if (viewer.orgKind === 'local-authority' && FULL_ADDRESS_ROLES.includes(viewer.role)) return 'full';
  return 'district';
}

export interface VisibleLocation {
  level: AddressLevel;
  postcodeDistrict: string;
  /** Present only at the full level. */
  address: HomeAddress | null;
  /** For the map: the home's own point at the full level, the district centroid otherwise. */
  point: GeoPoint | null;
}

/**
 * What one viewer may see of a home's location. `districtPoint` is the district centroid from the
 * reference data: a point that says no more than the district name does.
 */
export function visibleLocation(
  viewer: Viewer,
  home: { providerOrgId: string; postcodeDistrict: string; location: GeoPoint | null },
  address: HomeAddress | null,
  districtPoint: GeoPoint | null,
): VisibleLocation {
  const level = addressLevelFor(viewer, home);
  return level === 'full'
    ? { level, postcodeDistrict: home.postcodeDistrict, address, point: home.location ?? districtPoint }
    : { level, postcodeDistrict: home.postcodeDistrict, address: null, point: districtPoint };
}
