import { describe, expect, it } from 'vitest';
import { gapRelease } from '../domain/pricing/gap-release.ts';
import { generateRegion } from '../domain/pricing/synthetic-region.ts';
import { gapReleaseOffThread } from './gap-release-pool.ts';

describe('gapReleaseOffThread', () => {
  const region = generateRegion({ seed: 5, las: 6, years: 2, placementsPerLaYear: 25, homes: 30 });

  it('answers exactly as gapRelease, for each viewer', async () => {
    for (const laCode of [null, region.referrals[0]!.laCode]) {
      const options = { viewer: { laCode }, minCell: 5 };
      const off = await gapReleaseOffThread(region.referrals, region.supply, options);
      expect(off).toEqual(gapRelease(region.referrals, region.supply, options));
    }
  }, 30_000);

  it('remembers an answer for the same inputs, and only for the same inputs', async () => {
    const options = { viewer: { laCode: null }, minCell: 5 };
    const first = gapReleaseOffThread(region.referrals, region.supply, options);
    expect(gapReleaseOffThread([...region.referrals], [...region.supply], { ...options })).toBe(first);
    const fewer = gapReleaseOffThread(region.referrals.slice(1), region.supply, options);
    expect(fewer).not.toBe(first);
    expect(await fewer).toEqual(gapRelease(region.referrals.slice(1), region.supply, options));
  }, 30_000);
});

describe('gapReleaseOffThread when only supply changes', () => {
  it('answers as gapRelease with the new supply', async () => {
    const region = generateRegion({ seed: 6, las: 5, years: 2, placementsPerLaYear: 20, homes: 25 });
    const options = { viewer: { laCode: null }, minCell: 5 };
    await gapReleaseOffThread(region.referrals, region.supply, options);
    const moved = region.supply.map((h, i) => (i % 3 === 0 ? { ...h, vacancies: h.vacancies + 1 } : h));
    expect(await gapReleaseOffThread(region.referrals, moved, options)).toEqual(
      gapRelease(region.referrals, moved, options),
    );
  }, 30_000);
});
