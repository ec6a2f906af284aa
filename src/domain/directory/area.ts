/**
 * An area drawn on a map (or an LA boundary) as GeoJSON, and the test "is this home inside it?".
 * Coordinates are WGS84 [longitude, latitude] as GeoJSON requires. Containment is computed on the
 * plain lon/lat plane: for the few-mile areas people draw this differs from the map's Web Mercator
 * edges by metres, far less than the postcode-centroid precision of a home's location.
 */

/** [longitude, latitude] (further members, such as altitude, are ignored). */
export type Position = readonly number[];
export type Ring = readonly Position[];

export interface PolygonGeometry {
  type: 'Polygon';
  /** First ring is the outer boundary; any further rings are holes. */
  coordinates: readonly Ring[];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: readonly (readonly Ring[])[];
}

export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface LonLat {
  lat: number;
  lon: number;
}

/** [minLon, minLat, maxLon, maxLat]. */
export type BBox = readonly [number, number, number, number];

interface PreparedPolygon {
  bbox: BBox;
  /** Flat [lon0, lat0, lon1, lat1, …] per ring; ring 0 is the outer boundary. */
  rings: readonly Float64Array[];
}

/** An area ready for fast repeated containment tests (bounding boxes computed once). */
export interface PreparedArea {
  bbox: BBox;
  polygons: readonly PreparedPolygon[];
}

function ringBBox(ring: Float64Array): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < ring.length; i += 2) {
    const x = ring[i]!;
    const y = ring[i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

function flatten(ring: Ring): Float64Array {
  const out = new Float64Array(ring.length * 2);
  ring.forEach((p, i) => {
    out[2 * i] = p[0]!;
    out[2 * i + 1] = p[1]!;
  });
  return out;
}

export function polygonsOf(geometry: AreaGeometry): readonly (readonly Ring[])[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Precomputes bounding boxes so a search can test thousands of homes cheaply. */
export function prepareArea(geometry: AreaGeometry): PreparedArea {
  const polygons = polygonsOf(geometry)
    .filter((rings) => rings.length > 0 && rings[0]!.length >= 3)
    .map((rings) => {
      const flat = rings.map(flatten);
      return { bbox: ringBBox(flat[0]!), rings: flat };
    });
  const bbox: BBox = polygons.reduce<[number, number, number, number]>(
    (b, p) => [
      Math.min(b[0], p.bbox[0]),
      Math.min(b[1], p.bbox[1]),
      Math.max(b[2], p.bbox[2]),
      Math.max(b[3], p.bbox[3]),
    ],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
  return { bbox, polygons };
}

function inBBox(b: BBox, x: number, y: number): boolean {
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}

/** Even-odd ray casting; works whether or not the ring repeats its first point at the end. */
function inRing(ring: Float64Array, x: number, y: number): boolean {
  let inside = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i]!;
    const yi = ring[2 * i + 1]!;
    const xj = ring[2 * j]!;
    const yj = ring[2 * j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the point is inside any polygon's outer ring and outside all of that polygon's holes. */
export function areaContains(area: PreparedArea, point: LonLat): boolean {
  const x = point.lon;
  const y = point.lat;
  if (!inBBox(area.bbox, x, y)) return false;
  for (const polygon of area.polygons) {
    if (!inBBox(polygon.bbox, x, y)) continue;
    if (!inRing(polygon.rings[0]!, x, y)) continue;
    let inHole = false;
    for (let h = 1; h < polygon.rings.length; h++) {
      if (inRing(polygon.rings[h]!, x, y)) {
        inHole = true;
        break;
      }
    }
    if (!inHole) return true;
  }
  return false;
}

/** Convenience for one-off tests; prefer `prepareArea` once and `areaContains` many times. */
export function geometryContains(geometry: AreaGeometry, point: LonLat): boolean {
  return areaContains(prepareArea(geometry), point);
}
