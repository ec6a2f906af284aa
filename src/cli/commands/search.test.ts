import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildListing, POINTS } from '../../domain/directory/directory-builders.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { runSearch } from './search.ts';

const dir = mkdtempSync(join(tmpdir(), 'search-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const directory = file('homes.json', [
  buildListing({ id: 'a', name: 'Hayes House' }),
  buildListing({
    id: 'b',
    name: 'Harrow Lodge',
    laCode: '310',
    postcodeDistrict: 'HA1',
    location: POINTS['HA1 1'],
  }),
  buildListing({
    id: 'c',
    name: 'Manchester Court',
    laCode: '352',
    postcodeDistrict: 'M1',
    location: POINTS['M1 1'],
  }),
]);

describe('sufficiency search', () => {
  it('searches a directory file within 20 miles of family and school, with reasons', () => {
    const text = runSearch({
      directory,
      family: 'UB3 1',
      school: 'HA1 1AA',
      within: '20',
      asOf: '2025-06-03',
      primaryNeed: 'ebd',
    });
    const lines = text.split('\n');
    // Equal scores and distances: alphabetical.
    expect(lines.filter((l) => /^\d\./.test(l)).map((l) => l.replace(/: [\d.]+ points$/, ''))).toEqual([
      '1. Harrow Lodge (HA1, Harrow)',
      '2. Hayes House (UB3, Hillingdon)',
    ]);
    expect(text).toContain('distance');
    expect(text).toContain('Family home 0.0 miles, School 6.7 miles (total 6.7 miles)');
    expect(text).toContain('(estimate)');
    expect(text).not.toContain('Manchester Court');
    expect(lines.at(-2)).toBe('2 homes match. Left out: too far from a place that matters: 1.');
  });

  it('writes a CSV shortlist and JSON', () => {
    const csv = runSearch({ directory, format: 'csv', asOf: '2025-06-03' });
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFHome,Provider,URN,Postcode district,Local authority,Score,Distances,Travel time (estimate),Vacancies,Availability,Reasons',
    );
    expect(JSON.parse(runSearch({ directory, format: 'json', asOf: '2025-06-03', la: '352' })).matched).toBe(
      1,
    );
  });

  it('searches the seeded demo directory inside a drawn area', () => {
    const area = file('area.geojson', {
      type: 'Polygon',
      coordinates: [
        [
          [-2.4, 53.3],
          [-2.0, 53.3],
          [-2.0, 53.6],
          [-2.4, 53.6],
        ],
      ],
    });
    const out = JSON.parse(runSearch({ area, format: 'json', asOf: '2025-06-03', limit: '5' }));
    expect(out.results.length).toBeGreaterThan(0);
    for (const r of out.results) {
      expect(r.listing.profile.location.lon).toBeGreaterThan(-2.4);
      expect(r.listing.profile.location.lat).toBeLessThan(53.6);
    }
  });

  it('refuses unknown postcodes, bad options and malformed directory files by name', () => {
    const fails = (opts: Record<string, unknown>): readonly FieldError[] => {
      try {
        runSearch({ directory, asOf: '2025-06-03', ...opts });
      } catch (e) {
        if (e instanceof DomainError) return e.fieldErrors;
        throw e;
      }
      throw new Error('the search should have failed');
    };
    expect(fails({ family: 'ZZ9 9ZZ' })).toEqual([
      { field: 'family', message: '"ZZ9 9ZZ" is not an English postcode, sector or district' },
    ]);
    expect(fails({ within: '-3' })).toEqual([{ field: 'within', message: expect.any(String) }]);
    expect(fails({ directory: file('bad.json', [{ profile: {} }]) })[0]).toMatchObject({
      field: 'directory[0][profile][id]',
    });
  });
});
