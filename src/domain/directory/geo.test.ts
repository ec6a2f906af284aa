import { describe, expect, it } from 'vitest';
import { haversineMiles, milesBetween } from './geo.ts';

// Centroids from reference/postcode_sector_centroids_england.csv
const ub3 = { easting: 510_000, northing: 179_500, lat: 51.5038, lon: -0.4202 };
const ha1 = { easting: 515_400, northing: 188_300, lat: 51.5818, lon: -0.34 };

describe('distances', () => {
  it('follows the DfE straight-line rule on grid references', () => {
    // sqrt(5400² + 8800²) = 10324.7 m → 6.416 miles
    expect(milesBetween(ub3, ha1)).toBeCloseTo(10_324.7 / 1000 / 1.6093, 3);
  });

  it('agrees with the great-circle distance to within a few percent in England', () => {
    const grid = milesBetween(ub3, ha1);
    expect(Math.abs(haversineMiles(ub3, ha1) - grid) / grid).toBeLessThan(0.05);
  });
});
