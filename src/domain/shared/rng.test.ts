import { describe, expect, it } from 'vitest';
import { gamma, negativeBinomial, poisson, seededRng } from './rng.ts';

function meanVar(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return [m, v];
}

describe('seeded random numbers', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const c = seededRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it.each([0.7, 4, 55, 400])('draws Poisson(%d) with the right mean and variance', (lambda) => {
    const rng = seededRng(1);
    const [m, v] = meanVar(Array.from({ length: 40_000 }, () => poisson(rng, lambda)));
    expect(Math.abs(m - lambda) / lambda).toBeLessThan(0.03);
    expect(Math.abs(v - lambda) / lambda).toBeLessThan(0.06);
  });

  it('draws gamma and negative binomial with the right moments', () => {
    const rng = seededRng(2);
    const [gm, gv] = meanVar(Array.from({ length: 40_000 }, () => gamma(rng, 2.5, 3)));
    expect(gm).toBeCloseTo(7.5, 0);
    expect(Math.abs(gv - 22.5) / 22.5).toBeLessThan(0.06);
    const [nm, nv] = meanVar(Array.from({ length: 40_000 }, () => negativeBinomial(rng, 20, 5)));
    expect(Math.abs(nm - 20) / 20).toBeLessThan(0.03);
    expect(Math.abs(nv - 100) / 100).toBeLessThan(0.08);
  });
});
