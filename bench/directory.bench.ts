/**
 * Directory engine, in memory: a filtered multi-point search over about 3,000 homes and 15,000
 * beds (availability aggregated from the beds on every search, as the database would), two places
 * that matter, all within 20 miles, a needs filter and a drawn polygon, ranked with reasons and
 * travel-time estimates. Issue 5 asks for p95 under 50 ms; the HTTP + database version with 20
 * concurrent clients is measured separately. Also times importing a national Ofsted list.
 */

import { type AreaGeometry, prepareArea } from '../src/domain/directory/area.ts';
import { availabilityFromBeds } from '../src/domain/directory/listing.ts';
import { searchDirectory } from '../src/domain/directory/search.ts';
import { syntheticBeds, syntheticDirectory } from '../src/domain/directory/synthetic-directory.ts';
import { straightLineEstimator } from '../src/domain/directory/travel-time.ts';
import { randomInt, seededRng } from '../src/domain/shared/rng.ts';
import { importOfstedFile } from '../src/importers/ofsted/import-ofsted.ts';
import { locatePostcode, regionOfLa, sectorSeeds } from '../src/reference/lookups.ts';
import { referenceData } from '../src/reference/reference-data.ts';
import { generateOfstedList, listToCsv, listToXlsx } from '../test/fixtures/ofsted/generate-list.ts';
import { type Measurement, time } from './lib.ts';

/** Pairs of (family, school) sectors in different conurbations, and an area drawn around each. */
const SCENARIOS: { family: string; school: string; area: [number, number, number, number] }[] = [
  { family: 'M14 5', school: 'SK4 1', area: [-2.45, 53.3, -2.0, 53.6] },
  { family: 'B15 2', school: 'WS1 1', area: [-2.15, 52.35, -1.7, 52.7] },
  { family: 'LS6 1', school: 'BD1 1', area: [-1.9, 53.7, -1.4, 53.9] },
  { family: 'UB3 1', school: 'HA1 1', area: [-0.6, 51.4, -0.1, 51.7] },
  { family: 'NE1 1', school: 'SR1 1', area: [-1.8, 54.8, -1.3, 55.1] },
];

/** A many-sided drawn area (a hand-drawn shape has tens of vertices, not four). */
function drawnArea([x0, y0, x1, y1]: [number, number, number, number]): AreaGeometry {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const ring = Array.from({ length: 40 }, (_, i) => {
    const a = (2 * Math.PI * i) / 40;
    const wobble = 0.85 + 0.15 * Math.sin(5 * a);
    return [cx + ((x1 - x0) / 2) * wobble * Math.cos(a), cy + ((y1 - y0) / 2) * wobble * Math.sin(a)];
  });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

export default async function bench(): Promise<Measurement[]> {
  const ref = referenceData();
  const asOf = '2025-06-03';
  const homes = syntheticDirectory(sectorSeeds(ref), seededRng(2025), 3_000, asOf);
  const beds = syntheticBeds(homes);
  const listings = homes.map((h) => h.listing);
  const scenarios = SCENARIOS.map((s) => ({
    places: [
      { kind: 'family' as const, label: 'Family home', point: locatePostcode(ref, s.family)!.point },
      { kind: 'school' as const, label: 'School', point: locatePostcode(ref, s.school)!.point },
    ],
    area: prepareArea(drawnArea(s.area)),
  }));
  const deps = { regionOfLa: regionOfLa(ref), travelTime: straightLineEstimator() };
  const rng = seededRng(7);
  let matched = 0;

  const search = () => {
    const s = scenarios[randomInt(rng, scenarios.length)]!;
    const availability = availabilityFromBeds(beds);
    const current = listings.map((l) => ({
      ...l,
      availability: availability.get(l.profile.id) ?? l.availability,
    }));
    const out = searchDirectory(
      current,
      {
        asOf,
        needs: { ageYears: 14, sex: 'female', primaryNeed: 'ebd', needs: ['missing', 'self-harm'] },
        places: s.places,
        distanceRule: { withinMiles: 20, rankBy: 'total' },
        area: s.area,
        limit: 50,
      },
      deps,
    );
    matched += out.matched;
  };
  const t = await time(search, { runs: 300, warmup: 20 });

  const csv = listToCsv(generateOfstedList('la-list', 3_000, 2025, ref));
  const xlsx = await listToXlsx(generateOfstedList('la-list', 3_000, 2025, ref));
  const importCsv = await time(() => importOfstedFile(csv, { ref }), { runs: 5, warmup: 1 });
  const importXlsx = await time(() => importOfstedFile(xlsx, { ref }), { runs: 5, warmup: 1 });

  const note = `${homes.length} homes, ${beds.length} beds, ${Math.round(matched / 320)} matches per search on average`;
  return [
    { name: 'multi-point search, median', value: t.median, unit: 'ms', note },
    { name: 'multi-point search, p95', value: t.p95, unit: 'ms', target: 50, note: 'engine only, in memory' },
    { name: 'import national Ofsted list, CSV (3,000 rows)', value: importCsv.median, unit: 'ms' },
    { name: 'import national Ofsted list, XLSX (3,000 rows)', value: importXlsx.median, unit: 'ms' },
  ];
}
