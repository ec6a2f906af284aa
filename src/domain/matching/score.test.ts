import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { milesBetween } from '../directory/geo.ts';
import { arbHome, arbReferral, arbResident } from '../referrals/arbitraries.ts';
import { buildHome, buildReferral, gridPoint, HAYES } from '../referrals/fixtures.ts';
import { DEFAULT_WEIGHTS, type MatchWeights, matchOptions, scoreMatch } from './score.ts';

const TODAY = '2026-03-08';
const options = matchOptions(TODAY);
const arbWeights: fc.Arbitrary<MatchWeights> = fc.record({
  familyDistance: fc.nat(60),
  schoolDistance: fc.nat(60),
  compatibility: fc.nat(60),
  needsSupported: fc.nat(60),
  waiting: fc.nat(60),
  urgency: fc.nat(60),
  placementPreference: fc.nat(60),
});

describe('match score', () => {
  it('scores the worked example in docs/matching.md factor by factor', () => {
    const home = buildHome();
    const referral = buildReferral();
    const m = scoreMatch(referral, { home, residents: [] }, options);
    if (!m.eligible) throw new Error('expected eligible');
    const w = DEFAULT_WEIGHTS;
    const miles = milesBetween(HAYES, home.location!);
    expect(miles).toBeLessThan(20);
    const waitingPoints = Math.round((w.waiting * 7) / 28); // created 1 March, ranked 8 March
    const expected = {
      familyDistance: w.familyDistance,
      schoolDistance: w.schoolDistance,
      compatibility: w.compatibility,
      needsSupported: w.needsSupported, // 'missing' is supported
      waiting: waitingPoints,
      urgency: Math.round(w.urgency * 0.2),
      placementPreference: w.placementPreference,
    };
    expect(Object.fromEntries(m.reasons.map((r) => [r.factor, r.points]))).toEqual(expected);
    expect(m.score).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    expect(m.reasons[0]?.text).toContain(`${miles.toFixed(1)} miles away (within 20 miles)`);
  });

  it('ranks the two referrals of the docs/matching.md worked example as the formula says', () => {
    const home = buildHome();
    const target = {
      home,
      residents: [
        { ageYears: 15, sex: 'female' as const, risks: [] },
        { ageYears: 16, sex: 'male' as const, risks: ['others-criminal' as const] },
      ],
      vacancy: { id: 'V-1', beds: 1, availableFrom: '2026-03-10' },
    };
    const ealing = gridPoint(517_800, 180_500);
    const b = buildReferral({
      id: 'R-B',
      createdOn: '2026-02-16',
      familyLocation: ealing,
      schoolLocation: gridPoint(540_000, 190_000),
      child: { ageYears: 15, sex: 'male', risks: ['criminal-exploitation', 'missing'] },
      requirements: { neededBy: 'lt-5-days', latestStart: '2026-03-12' },
    });
    const m = scoreMatch(b, target, options);
    if (!m.eligible) throw new Error('expected eligible');
    const w = DEFAULT_WEIGHTS;
    expect(milesBetween(ealing, home.location!)).toBeLessThan(20);
    expect(milesBetween(b.schoolLocation!, home.location!)).toBeLessThan(20);
    const points = Object.fromEntries(m.reasons.map((r) => [r.factor, r.points]));
    expect(points).toEqual({
      familyDistance: w.familyDistance,
      schoolDistance: w.schoolDistance,
      compatibility: 0, // a risk conflict takes the whole weight
      needsSupported: Math.round(w.needsSupported / 2), // 'missing' supported, criminal exploitation not
      waiting: Math.round((w.waiting * 20) / 28),
      urgency: Math.round(w.urgency * 0.6),
      placementPreference: w.placementPreference,
    });
    expect(m.issues.map((i) => i.message)).toEqual([
      'The child is at risk of criminal exploitation; resident 2 (16, boy) presents a risk of criminal exploitation to others.',
    ]);
  });

  it('decomposes exactly into its reasons, each within its weight (property)', () => {
    fc.assert(
      fc.property(
        arbReferral,
        arbHome,
        fc.array(arbResident, { maxLength: 4 }),
        arbWeights,
        (r, home, residents, weights) => {
          const m = scoreMatch(r, { home, residents }, matchOptions(TODAY, { weights }));
          if (!m.eligible) return;
          expect(m.score).toBe(m.reasons.reduce((s, x) => s + x.points, 0));
          expect(m.max).toBe(Object.values(weights).reduce((a, b) => a + b, 0));
          for (const x of m.reasons) {
            expect(Number.isInteger(x.points)).toBe(true);
            expect(x.points).toBeGreaterThanOrEqual(0);
            expect(x.points).toBeLessThanOrEqual(x.max);
            expect(x.text.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });

  it('never rewards distance, conflicts or a shorter wait (property)', () => {
    const home = buildHome({ needsSupported: [], needsExcluded: [] });
    fc.assert(
      fc.property(
        arbReferral,
        fc.array(arbResident, { maxLength: 3 }),
        arbResident,
        (r, residents, extra) => {
          const near = scoreMatch(r, { home, residents }, options);
          if (!near.eligible) return;
          const far = {
            ...r,
            familyLocation: gridPoint(300_000, 500_000),
            schoolLocation: gridPoint(300_000, 500_000),
          };
          const moved = scoreMatch(far, { home, residents }, options);
          const crowded = scoreMatch(r, { home, residents: [...residents, extra] }, options);
          const older = scoreMatch({ ...r, createdOn: '2026-01-01' }, { home, residents }, options);
          if (moved.eligible) expect(moved.score).toBeLessThanOrEqual(near.score);
          if (crowded.eligible && residents.length > 0) {
            const compat = (m: typeof near) =>
              m.eligible ? m.reasons.find((x) => x.factor === 'compatibility')!.points : 0;
            expect(compat(crowded)).toBeLessThanOrEqual(compat(near));
          }
          if (older.eligible) expect(older.score).toBeGreaterThanOrEqual(near.score);
        },
      ),
    );
  });

  it('takes all compatibility points for a conflicting risk, or rules the match out if policy says so', () => {
    const referral = buildReferral({ child: { risks: ['sexual-exploitation'] } });
    const target = {
      home: buildHome(),
      residents: [{ ageYears: 15, sex: 'male' as const, risks: ['others-sexual' as const] }],
    };
    const soft = scoreMatch(referral, target, options);
    expect(soft.eligible && soft.reasons.find((r) => r.factor === 'compatibility')?.points).toBe(0);
    const hard = scoreMatch(referral, target, matchOptions(TODAY, { conflictsExclude: true }));
    expect(hard.eligible).toBe(false);
    if (!hard.eligible) expect(hard.failures.map((f) => f.rule)).toEqual(['resident-conflict']);
  });

  it('gives half the distance points when a location is not known, and full school points with no school to keep', () => {
    const referral = buildReferral({ familyLocation: null, requirements: { keepSchool: false } });
    const m = scoreMatch(referral, { home: buildHome(), residents: [] }, options);
    if (!m.eligible) throw new Error('expected eligible');
    expect(m.reasons.find((r) => r.factor === 'familyDistance')?.points).toBe(
      DEFAULT_WEIGHTS.familyDistance / 2,
    );
    expect(m.reasons.find((r) => r.factor === 'schoolDistance')?.points).toBe(DEFAULT_WEIGHTS.schoolDistance);
  });

  it('refuses weights that are not whole points', () => {
    expect(() => matchOptions(TODAY, { weights: { ...DEFAULT_WEIGHTS, waiting: 2.5 } })).toThrow(
      /whole points/,
    );
    expect(() => matchOptions(TODAY, { weights: { ...DEFAULT_WEIGHTS, urgency: -1 } })).toThrow();
  });
});
