import type { FieldError } from '../shared/errors.ts';
import type { AreaGeometry, Position, Ring } from './area.ts';

/**
 * Reads an area a user drew (the map script writes GeoJSON into a hidden form field) or uploaded.
 * Accepts a Polygon or MultiPolygon geometry, a Feature holding one, or a FeatureCollection of
 * them (merged into one MultiPolygon). Unclosed rings are closed, since hand-drawn shapes often
 * are not. The vertex cap keeps one search from costing more than the rest of the page.
 */
export const MAX_AREA_VERTICES = 5_000;

export type AreaReading = { ok: true; area: AreaGeometry } | { ok: false; errors: FieldError[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function readRing(value: unknown, where: string, errors: FieldError[]): Ring | undefined {
  if (!Array.isArray(value)) {
    errors.push({ field: 'area', message: `${where} is not a list of positions` });
    return undefined;
  }
  const ring: Position[] = [];
  for (const [i, p] of value.entries()) {
    const ok =
      Array.isArray(p) &&
      p.length >= 2 &&
      typeof p[0] === 'number' &&
      typeof p[1] === 'number' &&
      Number.isFinite(p[0]) &&
      Number.isFinite(p[1]) &&
      Math.abs(p[0]) <= 180 &&
      Math.abs(p[1]) <= 90;
    if (!ok) {
      errors.push({ field: 'area', message: `${where}, position ${i + 1} is not [longitude, latitude]` });
      return undefined;
    }
    ring.push([p[0], p[1]]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push(first);
  if (ring.length < 4) {
    errors.push({ field: 'area', message: `${where} needs at least three distinct points` });
    return undefined;
  }
  return ring;
}

function readPolygon(value: unknown, where: string, errors: FieldError[]): Ring[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push({ field: 'area', message: `${where} has no rings` });
    return undefined;
  }
  const rings = value.map((r, i) => readRing(r, i === 0 ? `${where} outline` : `${where} hole ${i}`, errors));
  return rings.every((r) => r !== undefined) ? (rings as Ring[]) : undefined;
}

function geometriesOf(value: unknown, errors: FieldError[]): Obj[] {
  if (!isObj(value)) {
    errors.push({ field: 'area', message: 'the area is not a GeoJSON object' });
    return [];
  }
  if (value.type === 'FeatureCollection') {
    if (!Array.isArray(value.features)) {
      errors.push({ field: 'area', message: 'the FeatureCollection has no features list' });
      return [];
    }
    return value.features.flatMap((f) => geometriesOf(f, errors));
  }
  if (value.type === 'Feature') return geometriesOf(value.geometry, errors);
  if (value.type === 'Polygon' || value.type === 'MultiPolygon') return [value];
  errors.push({ field: 'area', message: `a ${String(value.type)} is not an area; draw a polygon` });
  return [];
}

/** Reads GeoJSON text or a parsed value into one area, or says exactly what is wrong with it. */
export function readArea(input: unknown): AreaReading {
  const errors: FieldError[] = [];
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, errors: [{ field: 'area', message: 'the area is not valid JSON' }] };
    }
  }
  const polygons: Ring[][] = [];
  for (const g of geometriesOf(value, errors)) {
    const parts =
      g.type === 'Polygon' ? [g.coordinates] : Array.isArray(g.coordinates) ? g.coordinates : [null];
    parts.forEach((p, i) => {
      const polygon = readPolygon(p, `polygon ${polygons.length + i + 1}`, errors);
      if (polygon) polygons.push(polygon);
    });
  }
  if (errors.length === 0 && polygons.length === 0) {
    errors.push({ field: 'area', message: 'the area has no polygons' });
  }
  const vertices = polygons.flat().reduce((n, r) => n + r.length, 0);
  if (vertices > MAX_AREA_VERTICES) {
    errors.push({
      field: 'area',
      message: `the area has ${vertices} points; simplify it to at most ${MAX_AREA_VERTICES}`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const area: AreaGeometry =
    polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0]! }
      : { type: 'MultiPolygon', coordinates: polygons };
  return { ok: true, area };
}
