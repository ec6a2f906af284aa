import { describe, expect, it } from 'vitest';
import { gapRelease } from '../domain/pricing/gap-release.ts';
import { generateRegion } from '../domain/pricing/synthetic-region.ts';
import { gapReleaseCounts, gapReleaseOffThread } from './gap-release-pool.ts';

describe('gapReleaseOffThread', () => {
  const region = generateRegion({ seed: 5, las: 6, years: 2, placementsPerLaYear: 25, homes: 30 });

  it('answers exactly as gapRelease, for each viewer', async () => {
    for (const laCode of [null, region.referrals[0]!.laCode]) {
      const options = { viewer: { laCode }, minCell: 5 };
      const off = await gapReleaseOffThread(region.referrals, region.supply, options);
      expect(off).toEqual(gapRelease(region.referrals, region.supply, options));
    }
  }, 30_000);

  it('reuses the suppressed counts for the same referrals and viewer, even when supply moved', async () => {
    const options = { viewer: { laCode: null }, minCell: 5 };
    await gapReleaseOffThread(region.referrals, region.supply, options);
    const before = { ...gapReleaseCounts };
    const moved = region.supply.map((h, i) => (i % 3 === 0 ? { ...h, vacancies: h.vacancies + 1 } : h));
    expect(await gapReleaseOffThread([...region.referrals], moved, { ...options })).toEqual(
      gapRelease(region.referrals, moved, options),
    );
    expect(gapReleaseCounts).toEqual({ reused: before.reused + 1, computed: before.computed });
  }, 30_000);

  it('works the counts out again when the referrals or the viewer change', async () => {
    const options = { viewer: { laCode: null }, minCell: 5 };
    const before = { ...gapReleaseCounts };
    const fewer = region.referrals.slice(1);
    expect(await gapReleaseOffThread(fewer, region.supply, options)).toEqual(
      gapRelease(fewer, region.supply, options),
    );
    const viewer = { viewer: { laCode: region.referrals[1]!.laCode }, minCell: 5 };
    expect(await gapReleaseOffThread(fewer, region.supply, viewer)).toEqual(
      gapRelease(fewer, region.supply, viewer),
    );
    expect(gapReleaseCounts).toEqual({ reused: before.reused, computed: before.computed + 2 });
  }, 30_000);
});
