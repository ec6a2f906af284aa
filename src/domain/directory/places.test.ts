import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POINTS } from './directory-builders.ts';
import { milesBetween } from './geo.ts';
import { formatMiles, measurePlaces, type PlaceThatMatters } from './places.ts';

const family: PlaceThatMatters = { kind: 'family', label: 'Family home', point: POINTS['HA1 1'] };
const school: PlaceThatMatters = { kind: 'school', label: 'School', point: POINTS['M1 1'] };
const point = fc.record({
  easting: fc.integer({ min: 100_000, max: 650_000 }),
  northing: fc.integer({ min: 0, max: 650_000 }),
});
const places = fc.array(
  fc.record({ point, withinMiles: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }) }).map(
    ({ point, withinMiles }): PlaceThatMatters => ({
      kind: 'other',
      label: 'x',
      point: { ...point, lat: 0, lon: 0 },
      ...(withinMiles === undefined ? {} : { withinMiles }),
    }),
  ),
  { minLength: 1, maxLength: 4 },
);

describe('distances to the places that matter', () => {
  it('measures each place and applies "all within X miles"', () => {
    const d = measurePlaces(POINTS['UB3 1'], [family, school], { withinMiles: 20, rankBy: 'total' });
    expect(d.distances.map((x) => x.within)).toEqual([true, false]);
    expect(d.passes).toBe(false);
    expect(d.distances[0]!.miles).toBeCloseTo(milesBetween(POINTS['UB3 1'], POINTS['HA1 1']), 9);
    // sqrt(6146² + 8836²) = 10,763 m = 6.69 miles
    expect(formatMiles(d.distances[0]!.miles)).toBe('6.7 miles');
  });

  it('lets one place carry its own limit', () => {
    const tightSchool = { ...family, kind: 'school' as const, withinMiles: 5 };
    const d = measurePlaces(POINTS['UB3 1'], [tightSchool], { withinMiles: 20, rankBy: 'total' });
    expect(d.passes).toBe(false);
    expect(d.distances[0]!.limit).toBe(5);
  });

  it('passes exactly when every place is within its limit; key is the total or the maximum', () => {
    fc.assert(
      fc.property(
        point,
        places,
        fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
        fc.constantFrom('total' as const, 'maximum' as const),
        (home, ps, within, rankBy) => {
          const d = measurePlaces(home, ps, { withinMiles: within, rankBy });
          const each = ps.map((p) => milesBetween(home, p.point));
          const limits = ps.map((p) => p.withinMiles ?? within);
          expect(d.passes).toBe(each.every((m, i) => limits[i] === null || m <= limits[i]!));
          expect(d.maximum).toBe(Math.max(...each));
          expect(d.total).toBeCloseTo(
            each.reduce((a, b) => a + b, 0),
            9,
          );
          expect(d.key).toBe(rankBy === 'total' ? d.total : d.maximum);
          expect(d.total + 1e-9).toBeGreaterThanOrEqual(d.maximum);
        },
      ),
    );
  });
});
