import { describe, expect, it } from 'vitest';
import { seededRng } from '../shared/rng.ts';
import type { StayLength } from './scenario.ts';
import { lognormalParameters, meanStayDays, staySampler } from './stay-length.ts';

const sampleMoments = (s: StayLength, n = 60_000) => {
  const draw = staySampler(s);
  const rng = seededRng(17);
  let sum = 0;
  let sq = 0;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = draw(rng);
    min = Math.min(min, x);
    sum += x;
    sq += x * x;
  }
  expect(min).toBeGreaterThan(0);
  const mean = sum / n;
  return { mean, sd: Math.sqrt(sq / n - mean * mean) };
};

describe('stay lengths', () => {
  it('have the mean they were given, whatever the shape', () => {
    const shapes: StayLength[] = [
      { kind: 'exponential', meanDays: 200 },
      { kind: 'lognormal', meanDays: 300, sdDays: 250 },
      { kind: 'gamma', meanDays: 180, shape: 2 },
      { kind: 'empirical', days: [10, 20, 600] },
    ];
    for (const s of shapes) {
      const m = sampleMoments(s);
      expect(Math.abs(m.mean - meanStayDays(s)) / meanStayDays(s)).toBeLessThan(0.02);
    }
    // Empirical: (10 + 20 + 600) / 3 = 210.
    expect(meanStayDays({ kind: 'empirical', days: [10, 20, 600] })).toBe(210);
  });

  it('gives the lognormal the standard deviation asked for', () => {
    // σ² = ln(1 + 250²/300²) = ln(1.69444) = 0.52734; μ = ln 300 − σ²/2 = 5.70378 − 0.26367 = 5.44011.
    const { mu, sigma } = lognormalParameters(300, 250);
    expect(sigma * sigma).toBeCloseTo(0.52734, 4);
    expect(mu).toBeCloseTo(5.44011, 4);
    expect(
      Math.abs(sampleMoments({ kind: 'lognormal', meanDays: 300, sdDays: 250 }, 200_000).sd - 250) / 250,
    ).toBeLessThan(0.04);
  });

  it('draws the same stays from the same stream, even when pairs of normals are cached', () => {
    const draw = staySampler({ kind: 'lognormal', meanDays: 300, sdDays: 250 });
    const a = seededRng(3);
    const first = [draw(a), draw(a), draw(a)];
    const other = seededRng(99);
    draw(other);
    const b = seededRng(3);
    expect([draw(b), draw(b), draw(b)]).toEqual(first);
  });
});
