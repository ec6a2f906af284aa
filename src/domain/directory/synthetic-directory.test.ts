import { describe, expect, it } from 'vitest';
import { seededRng } from '../shared/rng.ts';
import { POINTS } from './directory-builders.ts';
import { type SectorSeed, syntheticBeds, syntheticDirectory } from './synthetic-directory.ts';

const seeds: SectorSeed[] = [
  {
    sector: 'UB3 1',
    district: 'UB3',
    point: POINTS['UB3 1'],
    laCode: '312',
    regionCode: 'E12000007',
    weight: 353,
  },
  {
    sector: 'HA1 1',
    district: 'HA1',
    point: POINTS['HA1 1'],
    laCode: '310',
    regionCode: 'E12000007',
    weight: 373,
  },
  {
    sector: 'M1 1',
    district: 'M1',
    point: POINTS['M1 1'],
    laCode: '352',
    regionCode: 'E12000002',
    weight: 152,
  },
];

describe('synthetic directory', () => {
  it('is the same for the same seed and different for another', () => {
    const a = syntheticDirectory(seeds, seededRng(7), 50, '2025-06-01');
    expect(syntheticDirectory(seeds, seededRng(7), 50, '2025-06-01')).toEqual(a);
    expect(syntheticDirectory(seeds, seededRng(8), 50, '2025-06-01')).not.toEqual(a);
  });

  it('makes valid, distinct homes in the given sectors, with beds to match', () => {
    const homes = syntheticDirectory(seeds, seededRng(1), 400, '2025-06-01');
    const urns = homes.map((h) => h.listing.profile.urn!);
    expect(new Set(urns).size).toBe(400);
    expect(urns.every((u) => /^(SC\d{6}|\d{7})$/.test(u))).toBe(true);
    for (const { listing, address } of homes) {
      const p = listing.profile;
      expect(seeds.map((s) => s.sector)).toContain(p.postcodeSector);
      expect(address.postcode.startsWith(p.postcodeSector!)).toBe(true);
      expect(p.ageMin).toBeLessThanOrEqual(p.ageMax);
      expect(p.needsExcluded.some((n) => p.needsSupported.includes(n))).toBe(false);
      expect(listing.availability.vacancies).toBeLessThanOrEqual(p.registeredPlaces);
    }
    const beds = syntheticBeds(homes);
    expect(beds).toHaveLength(homes.reduce((n, h) => n + h.listing.profile.registeredPlaces, 0));
    expect(beds.filter((b) => b.state === 'void')).toHaveLength(
      homes.reduce((n, h) => n + h.listing.availability.vacancies, 0),
    );
  });
});
