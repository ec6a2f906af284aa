import { describe, expect, it } from 'vitest';
import { MAX_AREA_VERTICES, readArea } from './read-area.ts';

const triangle = [
  [-0.5, 51.4],
  [-0.3, 51.4],
  [-0.4, 51.6],
];

describe('reading a drawn area', () => {
  it('accepts a polygon and closes an open ring', () => {
    const r = readArea({ type: 'Polygon', coordinates: [triangle] });
    expect(r).toEqual({ ok: true, area: { type: 'Polygon', coordinates: [[...triangle, triangle[0]]] } });
  });

  it('accepts a Feature, and merges a FeatureCollection into one multipolygon', () => {
    const feature = {
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [triangle] },
    };
    expect(readArea(JSON.stringify(feature)).ok).toBe(true);
    const r = readArea({ type: 'FeatureCollection', features: [feature, feature] });
    expect(r.ok && r.area.type === 'MultiPolygon' && r.area.coordinates.length).toBe(2);
  });

  it('says exactly what is wrong', () => {
    expect(readArea('{nope')).toEqual({
      ok: false,
      errors: [{ field: 'area', message: 'the area is not valid JSON' }],
    });
    expect(readArea({ type: 'Point', coordinates: [0, 51] })).toEqual({
      ok: false,
      errors: [{ field: 'area', message: 'a Point is not an area; draw a polygon' }],
    });
    expect(
      readArea({
        type: 'Polygon',
        coordinates: [
          [
            [0, 51],
            [1, 51],
          ],
        ],
      }),
    ).toEqual({
      ok: false,
      errors: [{ field: 'area', message: 'polygon 1 outline needs at least three distinct points' }],
    });
    expect(
      readArea({
        type: 'Polygon',
        coordinates: [
          [
            [0, 51],
            [1, 'x'],
            [1, 52],
          ],
        ],
      }),
    ).toEqual({
      ok: false,
      errors: [{ field: 'area', message: 'polygon 1 outline, position 2 is not [longitude, latitude]' }],
    });
    expect(readArea({ type: 'FeatureCollection', features: [] })).toEqual({
      ok: false,
      errors: [{ field: 'area', message: 'the area has no polygons' }],
    });
  });

  it('refuses an area with too many points', () => {
    const ring = Array.from({ length: MAX_AREA_VERTICES + 1 }, (_, i) => [Math.cos(i), 51 + Math.sin(i)]);
    const r = readArea({ type: 'Polygon', coordinates: [ring] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.message).toBe(
      `the area has ${MAX_AREA_VERTICES + 2} points; simplify it to at most ${MAX_AREA_VERTICES}`,
    );
  });
});
