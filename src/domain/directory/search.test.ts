import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareArea } from './area.ts';
import { buildListing, POINTS } from './directory-builders.ts';
import type { EligibilityFn } from './eligibility.ts';
import type { DirectoryHome } from './listing.ts';
import type { PlaceThatMatters } from './places.ts';
import { EXCLUSIONS, type Exclusion, searchDirectory } from './search.ts';
import { straightLineEstimator } from './travel-time.ts';

const REGIONS: Record<string, string> = { '312': 'E12000007', '310': 'E12000007', '352': 'E12000002' };
const deps = { regionOfLa: (la: string) => REGIONS[la] };
const asOf = '2025-06-03';
const family: PlaceThatMatters = { kind: 'family', label: 'Family home', point: POINTS['UB3 1'] };
const school: PlaceThatMatters = { kind: 'school', label: 'School', point: POINTS['HA1 1'] };

const hayes = buildListing({ id: 'hayes', name: 'Hayes House', needsExcluded: [] });
const harrow = buildListing(
  {
    id: 'harrow',
    name: 'Harrow Lodge',
    laCode: '310',
    postcodeDistrict: 'HA1',
    postcodeSector: 'HA1 1',
    location: POINTS['HA1 1'],
    ofstedRating: 'outstanding',
  },
  { availability: { vacancies: 0, confirmedOn: '2025-06-02' } },
);
const manchester = buildListing({
  id: 'mcr',
  name: 'Manchester Court',
  laCode: '352',
  postcodeDistrict: 'M1',
  postcodeSector: 'M1 1',
  location: POINTS['M1 1'],
});
const onlyLa = buildListing({ id: 'la-only', name: 'Redacted home', location: null, postcodeSector: null });
const fireExcluded = buildListing({ id: 'nofire', name: 'No Fire House', needsExcluded: ['others-fire'] });
const all = [hayes, harrow, manchester, onlyLa, fireExcluded];

describe('directory search', () => {
  it('keeps homes within 20 miles of both family and school, and ranks them with reasons', () => {
    const out = searchDirectory(
      all,
      { asOf, places: [family, school], distanceRule: { withinMiles: 20, rankBy: 'total' } },
      deps,
    );
    expect(out.results.map((r) => r.listing.profile.id)).toEqual(['hayes', 'nofire', 'harrow']);
    expect(out.excluded.distance).toBe(1);
    expect(out.excluded['no-location']).toBe(1);
    expect(out.results[0]!.distances.map((d) => d.label)).toEqual(['Family home', 'School']);
    expect(out.results[0]!.reasons.find((r) => r.factor === 'distance')!.message).toMatch(
      /^Family home 0\.0 miles, School 6\.7 miles \(total 6\.7 miles\)$/,
    );
  });

  it('filters by needs, drawn area, LA, region and availability, counting why homes were left out', () => {
    const needs = searchDirectory(all, { asOf, needs: { primaryNeed: 'ebd', needs: ['others-fire'] } }, deps);
    expect(needs.excluded.needs).toBe(4);
    expect(needs.results.map((r) => r.listing.profile.id)).toEqual(['hayes']);

    const around = prepareArea({
      type: 'Polygon',
      coordinates: [
        [
          [-0.6, 51.4],
          [-0.3, 51.4],
          [-0.3, 51.55],
          [-0.6, 51.55],
          [-0.6, 51.4],
        ],
      ],
    });
    const inArea = searchDirectory(all, { asOf, area: around }, deps);
    expect(inArea.results.map((r) => r.listing.profile.id).sort()).toEqual(['hayes', 'nofire']);
    expect(inArea.excluded).toMatchObject({ area: 2, 'no-location': 1 });

    expect(
      searchDirectory(all, { asOf, laCodes: ['310'] }, deps).results.map((r) => r.listing.profile.id),
    ).toEqual(['harrow']);
    expect(searchDirectory(all, { asOf, regionCodes: ['E12000002'] }, deps).matched).toBe(1);
    expect(searchDirectory(all, { asOf, availableOnly: true }, deps).excluded.availability).toBe(1);
  });

  it('keeps only freshly confirmed availability when asked, counting the rest as stale', () => {
    const fresh = buildListing({ id: 'fresh' }, { availability: { vacancies: 1, confirmedOn: asOf } });
    const stale = buildListing(
      { id: 'stale' },
      { availability: { vacancies: 1, confirmedOn: '2020-01-01' } },
    );
    const never = buildListing({ id: 'never' }, { availability: { vacancies: 1, confirmedOn: null } });
    const out = searchDirectory([fresh, stale, never], { asOf, freshOnly: true }, deps);
    expect(out.results.map((r) => r.listing.profile.id)).toEqual(['fresh']);
    expect(out.excluded.stale).toBe(2);
  });

  it('keeps a home located only to its LA when no distance limit or area needs its point', () => {
    const out = searchDirectory([onlyLa], { asOf, places: [family] }, deps);
    expect(out.matched).toBe(1);
    expect(out.results[0]!.reasons.find((r) => r.factor === 'distance')!.message).toBe(
      'Location known only to its local authority',
    );
  });

  it('filters by memberships open to the searching LA, price band and rating', () => {
    const block = {
      kind: 'block' as const,
      id: 'wl',
      name: 'West London soft block',
      laCodes: ['312', '310'],
    };
    const inBlock = buildListing({ id: 'b' }, { memberships: [block] });
    const dear = buildListing({ id: 'dear' }, { priceBand: 'd', weeklyPriceFromPence: 900_000 });
    const homes = [inBlock, dear, harrow];
    expect(
      searchDirectory(homes, { asOf, membershipKinds: ['block'], searchingLaCode: '312' }, deps).matched,
    ).toBe(1);
    expect(
      searchDirectory(homes, { asOf, membershipKinds: ['block'], searchingLaCode: '352' }, deps).matched,
    ).toBe(0);
    expect(searchDirectory(homes, { asOf, membershipIds: ['wl'] }, deps).matched).toBe(1);
    expect(searchDirectory(homes, { asOf, maxPriceBand: 'c' }, deps).excluded.price).toBe(1);
    expect(searchDirectory(homes, { asOf, ratings: ['outstanding'] }, deps).matched).toBe(1);
  });

  it('uses a richer eligibility function when given one', () => {
    const nobody: EligibilityFn = () => ({ eligible: false, checks: [], supported: [], unmentioned: [] });
    expect(searchDirectory(all, { asOf }, { ...deps, eligibility: nobody }).excluded.needs).toBe(all.length);
  });

  it('adds travel-time estimates to the results it returns', () => {
    const out = searchDirectory(
      all,
      { asOf, places: [school], limit: 2 },
      { ...deps, travelTime: straightLineEstimator() },
    );
    expect(out.results).toHaveLength(2);
    expect(out.results.every((r) => r.travel.length === 1 && r.travel[0]!.time.isEstimate)).toBe(true);
  });

  it('accounts for every home: matched plus excluded is the whole directory, and ranking is by score', () => {
    const home = fc.record({
      la: fc.constantFrom('312', '310', '352'),
      place: fc.constantFrom('UB3 1' as const, 'HA1 1' as const, 'M1 1' as const, null),
      vacancies: fc.integer({ min: 0, max: 3 }),
      fire: fc.boolean(),
      rating: fc.constantFrom('outstanding' as const, 'good' as const, 'inadequate' as const),
    });
    fc.assert(
      fc.property(
        fc.array(home, { maxLength: 25 }),
        fc.option(fc.integer({ min: 1, max: 250 }), { nil: null }),
        fc.boolean(),
        (specs, within, available) => {
          const homes: DirectoryHome[] = specs.map((s, i) =>
            buildListing(
              {
                id: `h${i}`,
                laCode: s.la,
                location: s.place ? POINTS[s.place] : null,
                ofstedRating: s.rating,
                needsExcluded: s.fire ? ['others-fire'] : [],
              },
              { availability: { vacancies: s.vacancies, confirmedOn: '2025-06-01' } },
            ),
          );
          const out = searchDirectory(
            homes,
            {
              asOf,
              places: [family, school],
              distanceRule: { withinMiles: within, rankBy: 'maximum' },
              availableOnly: available,
              needs: { needs: ['others-fire'] },
            },
            deps,
          );
          const excluded = (Object.keys(EXCLUSIONS) as Exclusion[]).reduce((n, k) => n + out.excluded[k], 0);
          expect(out.matched + excluded).toBe(homes.length);
          for (let i = 1; i < out.results.length; i++)
            expect(out.results[i - 1]!.score).toBeGreaterThanOrEqual(out.results[i]!.score);
          for (const r of out.results) expect(r.listing.profile.needsExcluded).not.toContain('others-fire');
        },
      ),
    );
  });
});
