/**
 * Issue 8: price benchmarks and the sufficiency-gap analysis for a region of 20 LAs with 5 years of
 * placements (about 20,000) must compute in under 500 ms, engine only (no database). The region is
 * the seeded generator in src/domain/pricing/synthetic-region.ts, which the database benchmarks can
 * reuse.
 */
import { benchmarkTable } from '../src/domain/pricing/benchmark.ts';
import { benchmarkPack } from '../src/domain/pricing/benchmark-pack.ts';
import { sufficiencyGaps } from '../src/domain/pricing/gaps.ts';
import { generateRegion } from '../src/domain/pricing/synthetic-region.ts';
import { type Measurement, time } from './lib.ts';

export default async function regional(): Promise<Measurement[]> {
  const region = generateRegion({ seed: 8, las: 20, years: 5, placementsPerLaYear: 200 });
  const n = region.placements.length;
  const viewer = { laCode: region.laCodes[0]! };
  const both = () => {
    benchmarkPack(region.placements, { viewer });
    sufficiencyGaps(region.referrals, region.supply);
  };
  const all = await time(both, { runs: 10, warmup: 2 });
  const pack = await time(() => benchmarkPack(region.placements, { viewer: { laCode: null } }), {
    runs: 5,
    warmup: 1,
  });
  const gaps = await time(() => sufficiencyGaps(region.referrals, region.supply), { runs: 10, warmup: 2 });
  // An ad hoc fine cross-table: thousands of cells, hundreds hidden, so secondary suppression works hard.
  const fine = await time(
    () => benchmarkTable(region.placements, { groupBy: ['provider', 'segment', 'route', 'urgency'], viewer }),
    { runs: 3, warmup: 1 },
  );
  return [
    {
      name: 'benchmarks + gap analysis, one LA viewing',
      value: all.median,
      unit: 'ms',
      target: 500,
      note: `${n.toLocaleString('en-GB')} placements, ${region.referrals.length.toLocaleString('en-GB')} referrals, 20 LAs, 5 years; p95 ${Math.round(all.p95)} ms`,
    },
    { name: 'benchmark pack, outside audience', value: pack.median, unit: 'ms' },
    { name: 'gap analysis alone', value: gaps.median, unit: 'ms' },
    { name: 'ad hoc table provider × segment × route × notice', value: fine.median, unit: 'ms' },
  ];
}
