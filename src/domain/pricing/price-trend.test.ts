import { describe, expect, it } from 'vitest';
import { priceTrend } from './price-trend.ts';
import { priceRecord } from './testing.ts';

describe('priceTrend', () => {
  const q = (startOn: string, laCode: string, pounds: number[]) =>
    pounds.map((p) => priceRecord({ startOn, laCode, pounds: p }));
  const records = [
    ...q('2024-05-01', '302', [4000, 4100, 4200, 4300, 4400]), // 2024-25 Q1: median £4,200
    ...q('2024-08-01', '303', [4300, 4400, 4500, 4600, 4700]), // Q2: median £4,500
    ...q('2024-11-01', '302', [5000, 5000]), // Q3: two others → hidden
    ...q('2024-11-01', '301', [4800]), // …with the viewer's own one
    ...q('2025-02-01', '303', [4600, 4600, 4600, 4600, 4600]), // Q4
    // Five solo-complex placements in every quarter.
    ...['2024-06-01', '2024-09-01', '2024-12-01', '2025-03-01'].flatMap((d) =>
      q(d, '304', [9000, 9000, 9000, 9000, 9000]).map((r) => ({ ...r, segment: 'solo-complex' as const })),
    ),
  ];

  it('gives medians by quarter in time order, hiding quarters under five, for one segment', () => {
    const trend = priceTrend(records, { viewer: { laCode: '301' }, slice: { segment: 'ebd-standard' } });
    expect(trend.points.map((p) => p.period)).toEqual([
      '2024-25 Q1',
      '2024-25 Q2',
      '2024-25 Q3',
      '2024-25 Q4',
    ]);
    // Q3 holds two other-LA placements: hidden. The segment's total would give it away, so the
    // smallest other quarter (Q1, first of three fives) is hidden too; and since each quarter's
    // total over segments is shown elsewhere, solo-complex Q1 and Q3 go with them: a rectangle of
    // four hidden cells that no subtraction opens.
    expect(trend.points.map((p) => p.median)).toEqual([null, 450_000, null, 460_000]);
    expect(trend.points[2]).toMatchObject({ suppressed: true, count: null, ownCount: 1, ownMedian: 480_000 });
    const solo = priceTrend(records, { viewer: { laCode: '301' }, slice: { segment: 'solo-complex' } });
    expect(solo.points.map((p) => p.suppressed)).toEqual([true, false, true, false]);
  });

  it('gives yearly points for the whole region', () => {
    const trend = priceTrend(records, { viewer: { laCode: null }, by: 'year' });
    expect(trend.points).toHaveLength(1);
    expect(trend.points[0]).toMatchObject({ period: '2024-25', count: 38, suppressed: false });
  });
});
