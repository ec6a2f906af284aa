import type { GeoPoint } from './home.ts';

/**
 * Straight-line distance in miles between two British National Grid points, as the DfE computes
 * SSDA903 placement distance: sqrt(dE² + dN²) / 1000 / 1.6093. Using the same rule as the
 * statutory return keeps our "within 20 miles" figures comparable with the DfE's.
 */
export function milesBetween(
  a: Pick<GeoPoint, 'easting' | 'northing'>,
  b: Pick<GeoPoint, 'easting' | 'northing'>,
): number {
  const de = a.easting - b.easting;
  const dn = a.northing - b.northing;
  return Math.sqrt(de * de + dn * dn) / 1000 / 1.6093;
}

/** Great-circle distance in miles from WGS84 coordinates (for points without grid references). */
export function haversineMiles(a: Pick<GeoPoint, 'lat' | 'lon'>, b: Pick<GeoPoint, 'lat' | 'lon'>): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The distance the sector uses as "local" for a placement (Plymouth lot 1, DfE reporting). */
export const LOCAL_MILES = 20;
