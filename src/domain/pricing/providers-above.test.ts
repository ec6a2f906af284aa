import { describe, expect, it } from 'vitest';
import { providersAboveBenchmark } from './providers-above.ts';
import { priceRecord } from './testing.ts';

describe('providersAboveBenchmark', () => {
  // Four providers with four £4,000 placements each (16), and provider X with six.
  const cheap = ['p1', 'p2', 'p3', 'p4'].flatMap((providerId, i) =>
    Array.from({ length: 4 }, () =>
      priceRecord({ providerId, providerName: `Provider ${i + 1}`, laCode: '302', pounds: 4000 }),
    ),
  );
  const x = [4500, 4600, 4700, 4800, 4900, 3900].map((pounds, i) =>
    priceRecord({ providerId: 'x', providerName: 'X Care', laCode: i < 3 ? '302' : '303', pounds }),
  );

  it('flags a provider most of whose placements cost more than the segment’s upper quartile', () => {
    const rows = providersAboveBenchmark([...cheap, ...x], { viewer: { laCode: '301' } });
    // 22 prices sorted: 3900, sixteen × 4000, 4500 … 4900.
    // q3: h = 21 × 0.75 = 15.75 → between the 16th and 17th (both £4,000) → £4,000.
    // median: h = 10.5 → £4,000. X above £4,000: five of six (5/6 > 1/2) → flagged.
    // X's premiums over the median: 500 600 700 800 900 -100 → median (h = 2.5) 650 → £650.
    const row = rows.find((r) => r.providerId === 'x')!;
    expect(row).toMatchObject({
      placements: 6,
      assessed: 6,
      aboveUpperQuartile: 5,
      flagged: true,
      medianPremium: 65_000,
    });
    expect(row.shareAbove).toBeCloseTo(5 / 6, 10);
    // The four cheap providers each hold only four other-LA placements: not shown to LA 301.
    expect(rows.map((r) => r.providerId)).toEqual(['x']);
  });

  it('shows the viewer its own providers, but does not flag fewer than five placements', () => {
    const mine = [6000, 6100, 6200, 6300].map((pounds) =>
      priceRecord({ providerId: 'y', providerName: 'Y Homes', laCode: '301', pounds }),
    );
    const rows = providersAboveBenchmark([...cheap, ...x, ...mine], { viewer: { laCode: '301' } });
    const y = rows.find((r) => r.providerId === 'y')!;
    expect(y.aboveUpperQuartile).toBe(4);
    expect(y.flagged).toBe(false);
  });

  it('does not judge placements against a reference group of fewer than five', () => {
    const rows = providersAboveBenchmark(
      [6000, 6100, 6200].map((pounds) =>
        priceRecord({ providerId: 'z', laCode: '301', segment: 'solo-complex', pounds }),
      ),
      { viewer: { laCode: '301' } },
    );
    expect(rows[0]).toMatchObject({ placements: 3, assessed: 0, flagged: false });
  });

  it('hides a second provider when one is hidden, so the total does not give it away', () => {
    const make = (providerId: string, n: number) =>
      Array.from({ length: n }, () =>
        priceRecord({ providerId, providerName: providerId, laCode: '302', pounds: 4000 }),
      );
    // A has 3 other-LA placements (hidden); the smallest other, B (6), goes with it; C (7) shows.
    const rows = providersAboveBenchmark([...make('A', 3), ...make('B', 6), ...make('C', 7)], {
      viewer: { laCode: '301' },
    });
    expect(rows.map((r) => r.providerId)).toEqual(['C']);
  });
});
