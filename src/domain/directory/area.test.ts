import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AreaGeometry,
  areaContains,
  geometryContains,
  type PolygonGeometry,
  prepareArea,
} from './area.ts';

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

// A 1° square around Birmingham with a 0.2° hole in the middle.
const withHole: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [square(-2.4, 52.0, -1.4, 53.0), square(-2.0, 52.4, -1.8, 52.6)],
};

describe('point in area', () => {
  it('is inside the outline, outside the hole', () => {
    expect(geometryContains(withHole, { lon: -2.3, lat: 52.1 })).toBe(true);
    expect(geometryContains(withHole, { lon: -1.9, lat: 52.5 })).toBe(false);
    expect(geometryContains(withHole, { lon: -1.0, lat: 52.5 })).toBe(false);
  });

  it('handles a concave outline (an L shape)', () => {
    const l: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [1, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    expect(geometryContains(l, { lon: 0.5, lat: 1.5 })).toBe(true);
    expect(geometryContains(l, { lon: 1.5, lat: 1.5 })).toBe(false);
    expect(geometryContains(l, { lon: 1.5, lat: 0.5 })).toBe(true);
  });

  it('is inside a multipolygon when inside any part', () => {
    const two: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]],
    };
    const area = prepareArea(two);
    expect(areaContains(area, { lon: 0.5, lat: 0.5 })).toBe(true);
    expect(areaContains(area, { lon: 5.5, lat: 5.5 })).toBe(true);
    expect(areaContains(area, { lon: 3, lat: 3 })).toBe(false);
  });

  it('agrees with a plain rectangle test, whatever the ring direction or closure', () => {
    const coord = fc.double({ min: -5, max: 5, noNaN: true });
    fc.assert(
      fc.property(
        coord,
        coord,
        coord,
        coord,
        coord,
        coord,
        fc.boolean(),
        fc.boolean(),
        (a, b, c, d, x, y, reverse, open) => {
          const [x0, x1] = [Math.min(a, c), Math.max(a, c)];
          const [y0, y1] = [Math.min(b, d), Math.max(b, d)];
          fc.pre(x1 - x0 > 1e-6 && y1 - y0 > 1e-6);
          fc.pre(![x0, x1].includes(x) && ![y0, y1].includes(y));
          let ring = square(x0, y0, x1, y1);
          if (reverse) ring = ring.reverse();
          if (open) ring = ring.slice(0, -1);
          const inside = x > x0 && x < x1 && y > y0 && y < y1;
          expect(geometryContains({ type: 'Polygon', coordinates: [ring] }, { lon: x, lat: y })).toBe(inside);
        },
      ),
    );
  });

  it('never counts a point in a hole, and a hole never adds points', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2.4, max: -1.4, noNaN: true }),
        fc.double({ min: 52, max: 53, noNaN: true }),
        (lon, lat) => {
          const outline: AreaGeometry = { type: 'Polygon', coordinates: [withHole.coordinates[0]!] };
          const hole: AreaGeometry = { type: 'Polygon', coordinates: [withHole.coordinates[1]!] };
          const p = { lon, lat };
          expect(geometryContains(withHole, p)).toBe(
            geometryContains(outline, p) && !geometryContains(hole, p),
          );
        },
      ),
    );
  });
});
