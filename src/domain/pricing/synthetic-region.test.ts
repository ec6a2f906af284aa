import { describe, expect, it } from 'vitest';
import { weeklyTotal } from './price-record.ts';
import { generateRegion } from './synthetic-region.ts';

describe('generateRegion', () => {
  it('gives the same region for the same seed, and another for another seed', () => {
    const a = generateRegion({ seed: 1, las: 3, years: 1, placementsPerLaYear: 20 });
    const b = generateRegion({ seed: 1, las: 3, years: 1, placementsPerLaYear: 20 });
    const c = generateRegion({ seed: 2, las: 3, years: 1, placementsPerLaYear: 20 });
    expect(b).toEqual(a);
    expect(c.placements.map(weeklyTotal)).not.toEqual(a.placements.map(weeklyTotal));
  });

  it('makes las × years × placementsPerLaYear placements, each with a referral, within the period', () => {
    const r = generateRegion({ seed: 5, las: 4, years: 2, placementsPerLaYear: 50, endOn: '2026-04-01' });
    expect(r.laCodes).toEqual(['301', '302', '303', '304']);
    expect(r.placements).toHaveLength(400);
    expect(r.referrals.filter((x) => x.outcome?.startsWith('placed-'))).toHaveLength(400);
    for (const p of r.placements) {
      expect(p.startOn >= '2024-04-01' && p.startOn < '2026-04-01').toBe(true);
      expect(Object.values(p.weekly).every((v) => Number.isSafeInteger(v) && v >= 0)).toBe(true);
    }
  });

  it('prices spot above block, and residential above fostering, on average', () => {
    const r = generateRegion({ seed: 9, las: 5, years: 1, placementsPerLaYear: 200 });
    const mean = (f: (p: (typeof r.placements)[number]) => boolean) => {
      const xs = r.placements.filter(f).map(weeklyTotal);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const res = (p: (typeof r.placements)[number]) => p.placementType === 'residential';
    expect(mean((p) => res(p) && p.route === 'spot')).toBeGreaterThan(
      mean((p) => res(p) && p.route === 'block'),
    );
    expect(mean(res)).toBeGreaterThan(mean((p) => p.placementType === 'foster'));
  });
});
