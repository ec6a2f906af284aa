import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReferralSummary } from './gap-types.ts';
import { soughtType, sufficiencyGaps } from './gaps.ts';
import { supplySummary as home, referralSummary as r } from './testing.ts';

const fosterFirst = {
  foster: 'preferred',
  residential: 'suitable-not-preferred',
  'supported-accommodation': 'unsuitable',
} as const;

describe('sufficiencyGaps: a worked example of two LAs', () => {
  const referrals: ReferralSummary[] = [
    r({
      id: '1',
      laCode: '301',
      area: '301',
      outcome: 'placed-spot',
      distanceMiles: 5,
      placedOutOfArea: false,
    }),
    r({
      id: '2',
      laCode: '301',
      area: '301',
      outcome: 'placed-framework',
      distanceMiles: 25,
      placedOutOfArea: true,
    }),
    r({
      id: '3',
      laCode: '301',
      area: '301',
      outcome: 'no-placement',
      securedType: null,
      distanceMiles: null,
    }),
    r({
      id: '4',
      laCode: '301',
      area: '301',
      segment: 'ebd-complex',
      suitability: fosterFirst,
      outcome: 'placed-spot',
      distanceMiles: 30,
      placedOutOfArea: false,
    }),
    r({
      id: '5',
      laCode: '302',
      area: '302',
      outcome: 'placed-unregistered',
      distanceMiles: 10,
      placedOutOfArea: true,
    }),
    r({
      id: '6',
      laCode: '302',
      area: '302',
      segment: 'mental-health',
      outcome: 'withdrawn',
      securedType: null,
    }),
    r({ id: '7', laCode: '302', area: '302', segment: 'mental-health', outcome: null, securedType: null }),
    r({
      id: '8',
      laCode: '302',
      area: '302',
      suitability: { ...fosterFirst, residential: 'preferred' },
      outcome: 'placed-in-house',
      securedType: 'foster',
      distanceMiles: null,
      placedOutOfArea: null,
    }),
  ];
  const supply = [
    home({ area: '301', segments: ['ebd-standard', 'ebd-complex'], places: 4, vacancies: 1 }),
    home({ area: '301', segments: ['ebd-standard'], places: 3, vacancies: 0 }),
    home({ area: '302', laCode: '302', segments: ['mental-health'], places: 2, vacancies: 2 }),
  ];
  const gaps = sufficiencyGaps(referrals, supply);

  it('counts each LA’s outcomes, distances and fostering-preferred placements', () => {
    const la301 = gaps.byLa.find((x) => x.laCode === '301')!;
    // Referrals 1-4: three placed, one not; 2 and 4 over 20 miles; 2 out of area.
    expect(la301).toMatchObject({
      referrals: 4,
      placed: 3,
      unmet: 1,
      unmetShare: 1 / 4,
      over20Miles: 2,
      outOfArea: 1,
      farOrOutOfArea: 2,
      fosterPreferredPlaced: 1,
      residentialWhereFosterPreferred: 1,
    });
    expect(la301.farOrOutOfAreaShare).toBeCloseTo(2 / 3, 10);
    const la302 = gaps.byLa.find((x) => x.laCode === '302')!;
    // 5 placed unregistered (out of area), 6 withdrawn, 7 open, 8 placed in-house (fostering and
    // residential both preferred, so not "fostering was the ideal").
    expect(la302).toMatchObject({
      referrals: 4,
      placed: 2,
      unregistered: 1,
      withdrawn: 1,
      open: 1,
      unmet: 0,
      unmetShare: 0,
      outOfArea: 1,
      farOrOutOfAreaShare: 1 / 2,
      fosterPreferredPlaced: 0,
    });
    expect(gaps.region).toMatchObject({ laCode: null, referrals: 8, placed: 5, unmet: 1, farOrOutOfArea: 3 });
    expect(gaps.region.unmetShare).toBeCloseTo(1 / 6, 10);
  });

  it('sets demand against the homes and vacancies that fit, by type sought, segment and area', () => {
    const rows = gaps.demandSupply.map((x) => [
      x.soughtType,
      x.segment,
      x.area,
      x.referrals,
      x.homes,
      x.vacancies,
    ]);
    expect(rows).toEqual([
      ['residential', 'ebd-standard', '301', 3, 2, 1],
      ['residential', 'ebd-standard', '302', 1, 0, 0],
      ['residential', 'ebd-complex', '301', 0, 1, 1],
      ['residential', 'mental-health', '302', 2, 1, 2],
      ['foster', 'ebd-standard', '302', 1, 0, 0],
      ['foster', 'ebd-complex', '301', 1, 0, 0],
    ]);
    const ebd301 = gaps.demandSupply[0]!;
    expect(ebd301).toMatchObject({ placed: 2, unmet: 1, places: 7, referralsPerVacancy: 3 });
    expect(gaps.demandSupply[5]!.referralsPerVacancy).toBeNull();
  });

  it('breaks each LA and the region down by segment', () => {
    const regionMh = gaps.bySegment.find((x) => x.laCode === null && x.segment === 'mental-health')!;
    expect(regionMh).toMatchObject({ referrals: 2, withdrawn: 1, open: 1 });
    expect(gaps.bySegment.at(-1)!.laCode).toBeNull();
  });
});

describe('soughtType', () => {
  it('takes the preferred type, fostering first, else the first suitable one', () => {
    expect(soughtType({ suitability: fosterFirst })).toBe('foster');
    expect(
      soughtType({
        suitability: {
          foster: 'unsuitable',
          residential: 'suitable-not-preferred',
          'supported-accommodation': 'not-specified',
        },
      }),
    ).toBe('residential');
    expect(
      soughtType({
        suitability: {
          foster: 'not-specified',
          residential: 'not-specified',
          'supported-accommodation': 'not-specified',
        },
      }),
    ).toBe('unspecified');
  });
});

describe('sufficiencyGaps: invariants', () => {
  const outcomeArb = fc.constantFrom(
    'placed-block',
    'placed-framework',
    'placed-spot',
    'placed-in-house',
    'placed-unregistered',
    'withdrawn',
    'no-placement',
    null,
  ) as fc.Arbitrary<ReferralSummary['outcome']>;
  it('adds up: LAs to the region, outcomes to referrals, demand rows to all referrals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            laCode: fc.constantFrom('301', '302', '303'),
            outcome: outcomeArb,
            distanceMiles: fc.option(fc.double({ min: 0, max: 80, noNaN: true })),
            placedOutOfArea: fc.option(fc.boolean()),
          }),
          { maxLength: 60 },
        ),
        (specs) => {
          const gaps = sufficiencyGaps(
            specs.map((s) => r(s)),
            [],
          );
          const sum = (k: 'referrals' | 'placed' | 'unmet' | 'farOrOutOfArea') =>
            gaps.byLa.reduce((a, x) => a + x[k], 0);
          expect(sum('referrals')).toBe(specs.length);
          expect(gaps.region.referrals).toBe(specs.length);
          expect(sum('placed')).toBe(gaps.region.placed);
          expect(sum('unmet')).toBe(gaps.region.unmet);
          expect(sum('farOrOutOfArea')).toBe(gaps.region.farOrOutOfArea);
          const x = gaps.region;
          expect(x.placed + x.unmet + x.withdrawn + x.open).toBe(x.referrals);
          expect(x.farOrOutOfArea).toBeLessThanOrEqual(x.over20Miles + x.outOfArea);
          expect(gaps.demandSupply.reduce((a, d) => a + d.referrals, 0)).toBe(specs.length);
        },
      ),
    );
  });
});
