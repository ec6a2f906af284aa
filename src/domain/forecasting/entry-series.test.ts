import { describe, expect, it } from 'vitest';
import { negativeBinomial, poisson, seededRng } from '../shared/rng.ts';
import { expectedEntries, fitEntries } from './entry-series.ts';

function series(n: number, mean: (i: number) => number, draw: (m: number) => number) {
  const months: string[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = 2019 * 12 + 3 + i;
    months.push(`${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);
    counts.push(draw(mean(i)));
  }
  return { months, counts };
}

describe('fitEntries', () => {
  it('finds the level of a flat Poisson series and keeps the trend near flat', () => {
    const rng = seededRng(11);
    const m = fitEntries(
      series(
        60,
        () => 40,
        (mu) => poisson(rng, mu),
      ),
      { months: 60 },
    );
    expect(Math.exp(m.level)).toBeGreaterThan(36);
    expect(Math.exp(m.level)).toBeLessThan(44);
    expect(Math.abs(m.trend * 12)).toBeLessThan(0.03);
    expect(m.dispersion).toBeGreaterThan(50); // Poisson: no overdispersion to speak of
  });

  it('follows a clear trend, and damps it further ahead', () => {
    const rng = seededRng(5);
    const m = fitEntries(
      series(
        60,
        (i) => 30 * Math.exp(0.01 * i),
        (mu) => poisson(rng, mu),
      ),
      { months: 60, damping: 0.95 },
    );
    expect(m.trend).toBeGreaterThan(0.006);
    expect(m.trend).toBeLessThan(0.014);
    const h1 = expectedEntries(m, 1, 0);
    const h12 = expectedEntries(m, 12, 0);
    const h60 = expectedEntries(m, 60, 0);
    expect(h12).toBeGreaterThan(h1);
    // Damped: the growth from year 1 to year 5 is smaller than the undamped trend would give.
    expect(h60 / h12).toBeLessThan(Math.exp(m.trend * 48));
  });

  it('sees overdispersion and months that run high together', () => {
    const rng = seededRng(9);
    // Half-years running high or low at random (not a seasonal pattern), on top of negative binomial noise.
    const levels = Array.from(
      { length: 10 },
      (_, b) => 40 * Math.exp(0.25 * (b % 3 === 0 ? 1 : b % 3 === 1 ? -1 : 0.2)),
    );
    const m = fitEntries(
      series(
        60,
        (i) => levels[Math.floor(i / 6)]!,
        (mu) => negativeBinomial(rng, mu, 20),
      ),
      {
        months: 60,
      },
    );
    expect(m.dispersion).toBeLessThan(60); // size 20 drawn, far from Poisson
    expect(m.levelSd).toBeGreaterThan(0.1);
  });
});
