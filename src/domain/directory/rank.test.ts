import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OFSTED_RATINGS, type OfstedRating } from '../shared/codes.ts';
import { buildListing, POINTS } from './directory-builders.ts';
import { directoryEligibility } from './eligibility.ts';
import type { DirectoryHome } from './listing.ts';
import { measurePlaces } from './places.ts';
import { DEFAULT_WEIGHTS, type RankInput, rankHome, scoreHome } from './rank.ts';

function input(listing: DirectoryHome, over: Partial<RankInput> = {}): RankInput {
  return {
    listing,
    eligibility: directoryEligibility(listing.profile, {
      primaryNeed: 'ebd',
      needs: ['missing', 'self-harm'],
    }),
    distance: measurePlaces(
      listing.profile.location!,
      [{ kind: 'family', label: 'Family home', point: POINTS['HA1 1'] }],
      {
        withinMiles: null,
        rankBy: 'total',
      },
    ),
    placesGiven: true,
    freshness: 'fresh',
    asOf: '2025-06-03',
    ...over,
  };
}

describe('ranking with reasons', () => {
  it('explains every factor in words', () => {
    const listing = buildListing(
      {},
      { memberships: [{ kind: 'block', id: 'b1', name: 'West London soft block', laCodes: ['312'] }] },
    );
    const { score, reasons } = rankHome(input(listing, { laCode: '312' }));
    expect(reasons.map((r) => [r.factor, r.message])).toEqual([
      [
        'needs',
        'Registered for emotional and behavioural difficulties; supports 1 of 2 further needs (risk to child: going missing)',
      ],
      ['distance', 'Family home 6.7 miles'],
      ['availability', '1 vacancy, confirmed 2 days ago'],
      ['rating', 'Good (1 May 2024)'],
      ['price', '£4,000 to £5,999 a week'],
      ['membership', 'Block contract: West London soft block'],
    ]);
    expect(score).toBeCloseTo(
      reasons.reduce((s, r) => s + r.points, 0),
      6,
    );
  });

  it('flags stale availability and a block the searching LA is not party to', () => {
    const listing = buildListing(
      {},
      { memberships: [{ kind: 'block', id: 'b1', name: 'Other block', laCodes: ['301'] }] },
    );
    const { reasons } = rankHome(input(listing, { freshness: 'stale', asOf: '2025-06-20', laCode: '312' }));
    expect(reasons.find((r) => r.factor === 'availability')!.message).toBe(
      '1 vacancy, confirmed 19 days ago: may be out of date',
    );
    expect(reasons.find((r) => r.factor === 'membership')!.points).toBe(0);
  });

  it('leaves distance out when no places were given', () => {
    const { reasons } = rankHome(input(buildListing(), { placesGiven: false, distance: null }));
    expect(reasons.map((r) => r.factor)).not.toContain('distance');
  });

  it('keeps every factor between zero and its weight, and a better rating never scores less', () => {
    const order: OfstedRating[] = ['inadequate', 'requires-improvement', 'good', 'outstanding'];
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(OFSTED_RATINGS) as OfstedRating[])),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('fresh' as const, 'stale' as const, 'unknown' as const),
        (rating, vacancies, freshness) => {
          const listing = buildListing(
            { ofstedRating: rating },
            { availability: { vacancies, confirmedOn: '2025-06-01' } },
          );
          const { reasons } = rankHome(input(listing, { freshness }));
          for (const r of reasons) {
            expect(r.points).toBeGreaterThanOrEqual(0);
            expect(r.points).toBeLessThanOrEqual(DEFAULT_WEIGHTS[r.factor]);
          }
          const i = order.indexOf(rating);
          if (i >= 0 && i < order.length - 1) {
            const better = rankHome(input(buildListing({ ofstedRating: order[i + 1]! }), { freshness }));
            const worse = rankHome(input(buildListing({ ofstedRating: rating }), { freshness }));
            expect(better.score).toBeGreaterThan(worse.score);
          }
        },
      ),
    );
  });
});

describe('scoreHome', () => {
  it('gives exactly the score rankHome gives, whatever the home, search and weights', () => {
    const needs = fc.subarray(['missing', 'self-harm', 'sexual-exploitation', 'others-fire'] as const);
    fc.assert(
      fc.property(
        fc.record({
          supported: needs,
          asked: needs,
          rating: fc.option(fc.constantFrom(...(Object.keys(OFSTED_RATINGS) as OfstedRating[])), {
            nil: null,
          }),
          band: fc.option(fc.constantFrom('a', 'b', 'c', 'd') as fc.Arbitrary<'a' | 'b' | 'c' | 'd'>, {
            nil: null,
          }),
          vacancies: fc.integer({ min: 0, max: 3 }),
          freshness: fc.constantFrom('fresh', 'stale', 'unknown') as fc.Arbitrary<
            'fresh' | 'stale' | 'unknown'
          >,
          memberships: fc.array(
            fc.record({
              kind: fc.constantFrom('block', 'framework', 'dps') as fc.Arbitrary<
                'block' | 'framework' | 'dps'
              >,
              laCodes: fc.subarray(['307', '312', '304']),
            }),
            { maxLength: 3 },
          ),
          laCode: fc.option(fc.constantFrom('307', '999'), { nil: undefined }),
          placesGiven: fc.boolean(),
          located: fc.boolean(),
          rankBy: fc.constantFrom('total', 'maximum') as fc.Arbitrary<'total' | 'maximum'>,
          weights: fc.option(
            fc.record({
              needs: fc.integer({ min: 0, max: 40 }),
              distance: fc.integer({ min: 0, max: 40 }),
              availability: fc.integer({ min: 0, max: 40 }),
              rating: fc.integer({ min: 0, max: 40 }),
              price: fc.integer({ min: 0, max: 40 }),
              membership: fc.integer({ min: 0, max: 40 }),
            }),
            { nil: undefined },
          ),
        }),
        (x) => {
          const listing = buildListing(
            { ofstedRating: x.rating, needsSupported: [...x.supported] },
            {
              availability: { vacancies: x.vacancies, confirmedOn: '2025-06-01' },
              priceBand: x.band,
              memberships: x.memberships.map((m, i) => ({ ...m, id: `m${i}`, name: `M${i}` })),
            },
          );
          const distance = x.located
            ? measurePlaces(
                listing.profile.location!,
                [
                  { kind: 'family', label: 'Family home', point: POINTS['HA1 1'] },
                  { kind: 'school', label: 'School', point: POINTS['UB3 1'] },
                ],
                { withinMiles: null, rankBy: x.rankBy },
              )
            : null;
          const i: RankInput = {
            ...input(listing),
            eligibility: directoryEligibility(listing.profile, { primaryNeed: 'ebd', needs: [...x.asked] }),
            distance: x.placesGiven ? distance : null,
            placesGiven: x.placesGiven,
            freshness: x.freshness,
            ...(x.laCode ? { laCode: x.laCode } : {}),
          };
          const w = x.weights ?? DEFAULT_WEIGHTS;
          expect(scoreHome(i, w)).toBe(rankHome(i, w).score);
        },
      ),
      { numRuns: 500 },
    );
  });
});
