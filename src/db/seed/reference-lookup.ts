/**
 * The few reference lookups the seed needs (regions and postcode-sector centroids), read from
 * reference/ once. The directory's full reference loader lives in src/reference.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'reference');

export interface SectorPoint {
  lat: number;
  lon: number;
  easting: number;
  northing: number;
  laCode: string;
}

function rows(file: string): string[][] {
  return readFileSync(join(REFERENCE_DIR, file), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));
}

export function loadRegions(): Array<{ code: string; name: string }> {
  return rows('england_regions.csv').map(([code, name]) => ({ code: code!, name: name! }));
}

let sectors: Map<string, SectorPoint> | undefined;

export function locateSector(sector: string): SectorPoint {
  if (!sectors) {
    sectors = new Map(
      rows('postcode_sector_centroids_england.csv').map((r) => [
        r[0]!,
        {
          easting: Number(r[1]),
          northing: Number(r[2]),
          lat: Number(r[3]),
          lon: Number(r[4]),
          laCode: r[8]!,
        },
      ]),
    );
  }
  const p = sectors.get(sector);
  if (!p) throw new Error(`postcode sector ${sector} is not in the reference data`);
  return p;
}
