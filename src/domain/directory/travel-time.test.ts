import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POINTS } from './directory-builders.ts';
import { milesBetween } from './geo.ts';
import {
  bandedDrivingMinutes,
  CIRCUITY_FACTOR,
  formatTravelTime,
  matrixEstimator,
  pairKey,
  SPEED_BANDS,
  straightLineEstimator,
} from './travel-time.ts';

describe('travel time estimate', () => {
  it('drives each band of the journey at that band’s speed', () => {
    const [b1, b2] = SPEED_BANDS;
    expect(bandedDrivingMinutes(0)).toBe(0);
    expect(bandedDrivingMinutes(b1!.upToMiles)).toBeCloseTo((b1!.upToMiles / b1!.mph) * 60, 9);
    const twoBands = (b1!.upToMiles / b1!.mph + (b2!.upToMiles - b1!.upToMiles) / b2!.mph) * 60;
    expect(bandedDrivingMinutes(b2!.upToMiles)).toBeCloseTo(twoBands, 9);
  });

  it('never gets quicker as the distance grows, and never beats the fastest band', () => {
    const fastest = Math.max(...SPEED_BANDS.map((b) => b.mph));
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(bandedDrivingMinutes(hi)).toBeGreaterThanOrEqual(bandedDrivingMinutes(lo));
          expect(bandedDrivingMinutes(hi)).toBeGreaterThanOrEqual((hi / fastest) * 60 - 1e-9);
        },
      ),
    );
  });

  it('says it is an estimate, from straight-line miles times the circuity factor', () => {
    const t = straightLineEstimator().estimate(POINTS['UB3 1'], POINTS['HA1 1'])!;
    expect(t.isEstimate).toBe(true);
    expect(t.miles).toBeCloseTo(milesBetween(POINTS['UB3 1'], POINTS['HA1 1']) * CIRCUITY_FACTOR, 9);
    expect(formatTravelTime(t)).toMatch(/^about \d+ min by road \(estimate\)$/);
  });

  it('uses a routing matrix where it has the pair and falls back otherwise', () => {
    const matrix = new Map([[pairKey(POINTS['UB3 1'], POINTS['HA1 1']), { minutes: 75, miles: 9 }]]);
    const est = matrixEstimator('OSRM car', matrix, straightLineEstimator());
    const routed = est.estimate(POINTS['UB3 1'], POINTS['HA1 1'])!;
    expect(routed).toEqual({ minutes: 75, miles: 9, isEstimate: false, method: 'OSRM car' });
    expect(formatTravelTime(routed)).toBe('1 h 15 min by road');
    expect(est.estimate(POINTS['HA1 1'], POINTS['UB3 1'])!.isEstimate).toBe(true);
    expect(matrixEstimator('OSRM car', matrix).estimate(POINTS['M1 1'], POINTS['UB3 1'])).toBeUndefined();
  });
});
