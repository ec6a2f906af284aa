import { describe, expect, it } from 'vitest';
import { frameworkComparison } from './framework-comparison.ts';
import { priceRecord } from './testing.ts';

describe('frameworkComparison: like for like', () => {
  const records = [
    // ebd-standard residential: framework median £4,000, spot median £4,600.
    ...[3800, 3900, 4000, 4100, 4200].map((pounds) =>
      priceRecord({ laCode: '302', route: 'framework', pounds }),
    ),
    ...[4400, 4500, 4600, 4700, 4800].map((pounds) => priceRecord({ laCode: '303', route: 'spot', pounds })),
    // disability residential: framework £5,000 × 5, spot £5,500 × 6.
    ...Array.from({ length: 5 }, () =>
      priceRecord({ laCode: '302', segment: 'disability', route: 'framework', pounds: 5000 }),
    ),
    ...Array.from({ length: 6 }, () =>
      priceRecord({ laCode: '304', segment: 'disability', route: 'spot', pounds: 5500 }),
    ),
    // mental-health: spot only, nothing to compare with.
    ...Array.from({ length: 5 }, () =>
      priceRecord({ laCode: '304', segment: 'mental-health', route: 'spot', pounds: 7000 }),
    ),
  ];

  it('compares medians within each segment and type, and weights the premium by spot placements', () => {
    const result = frameworkComparison(records, { viewer: { laCode: null } });
    const ebd = result.rows.find((r) => r.segment === 'ebd-standard')!;
    expect(ebd.spotPremium).toBe(60_000); // £4,600 - £4,000
    expect(ebd.spotPremiumShare).toBeCloseTo(0.15, 10); // £600 / £4,000
    const dis = result.rows.find((r) => r.segment === 'disability')!;
    expect(dis.spotPremium).toBe(50_000); // £5,500 - £5,000
    const mh = result.rows.find((r) => r.segment === 'mental-health')!;
    expect(mh.spotPremium).toBeNull();
    expect(mh.framework.all).toBeNull();
    // (£600 × 5 + £500 × 6) / 11 = £6,000 / 11 = £545.4545… → £545.45
    expect(result.weightedSpotPremium).toBe(54_545);
    expect(result.comparedSpotPlacements).toBe(11);
    expect(result.comparedCells).toBe(2);
  });

  it('does not compare a route cell that must be hidden', () => {
    const few = records
      .filter((r) => !(r.segment === 'ebd-standard' && r.route === 'framework'))
      .concat([3900, 4000].map((pounds) => priceRecord({ laCode: '302', route: 'framework', pounds })));
    const result = frameworkComparison(few, { viewer: { laCode: null } });
    const ebd = result.rows.find((r) => r.segment === 'ebd-standard')!;
    expect(ebd.framework.suppressed).toBe(true);
    expect(ebd.spotPremium).toBeNull();
    expect(result.comparedCells).toBeLessThan(2);
  });
});
