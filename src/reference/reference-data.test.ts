import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { laAt, laByName, locatePostcode, normaliseLaName, regionOfLa, sectorSeeds } from './lookups.ts';
import { loadReferenceData, referenceData } from './reference-data.ts';

const ref = referenceData();

describe('reference data', () => {
  it('loads every file once, from the repository’s reference folder', () => {
    expect(ref.las.size).toBe(153);
    expect(ref.regions.size).toBe(9);
    expect(ref.districts.size).toBe(2323);
    expect(ref.sectors.size).toBe(10_060);
    expect(ref.laBoundaries.features).toHaveLength(153);
    expect(ref.regionBoundaries.features).toHaveLength(9);
    expect(referenceData()).toBe(ref);
  });

  it('locates a postcode by its sector centroid, a district by the district’s', () => {
    expect(locatePostcode(ref, 'ub3 1ab')).toEqual({
      district: 'UB3',
      sector: 'UB3 1',
      precision: 'sector',
      point: { easting: 509_178, northing: 179_689, lat: 51.50559, lon: -0.42832 },
      laCode: '312',
      regionCode: 'E12000007',
    });
    expect(locatePostcode(ref, 'UB3')?.precision).toBe('district');
    expect(locatePostcode(ref, 'EH1 1AA')).toBeUndefined(); // Edinburgh: not English
    expect(locatePostcode(ref, 'nonsense')).toBeUndefined();
  });

  it('matches Ofsted’s spellings of LA names to DfE codes', () => {
    const code = (n: string) => laByName(ref, n)?.la.dfeCode;
    expect(code('Durham')).toBe('840');
    expect(code('Bristol')).toBe('801');
    expect(code('Kingston upon Hull')).toBe('810');
    expect(code('Southend on Sea')).toBe('882');
    expect(code('Bournemouth, Christchurch & Poole')).toBe('839');
    expect(code('St Helens')).toBe('342');
    expect(code('Herefordshire')).toBe('884');
    expect(code('Lancashire County Council')).toBe('888');
    expect(laByName(ref, 'Cumbria')).toMatchObject({ kind: 'former', la: { dfeCode: '909' } });
    expect(laByName(ref, 'Atlantis')).toBeUndefined();
    expect(normaliseLaName('Kingston upon Hull, City of')).toBe('kingston upon hull');
  });

  it('finds the LA and region of a point and an LA', () => {
    expect(laAt(ref, { lat: 51.50559, lon: -0.42832 })).toBe('312');
    expect(laAt(ref, { lat: 55.95, lon: -3.19 })).toBeUndefined();
    expect(regionOfLa(ref)('352')).toBe('E12000002');
  });

  it('seeds the synthetic directory from English sectors in current LAs', () => {
    const seeds = sectorSeeds(ref);
    expect(seeds.length).toBeGreaterThan(9_000);
    expect(seeds.every((s) => ref.las.has(s.laCode) && s.sector.startsWith(`${s.district} `))).toBe(true);
  });

  it('refuses a damaged reference file by name instead of running on half the data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ref-'));
    writeFileSync(join(dir, 'england_las_current.csv'), 'dfe_la_code,la_name\n312,Hillingdon\n');
    expect(() => loadReferenceData(dir)).toThrow(
      'reference file england_las_current.csv is damaged: missing columns ons_la_code, la_type, region_code, region_name, in_operation_from',
    );
  });
});
