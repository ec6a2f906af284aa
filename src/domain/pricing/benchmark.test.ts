import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEED_SEGMENTS, type NeedSegment, PLACEMENT_TYPES, type PlacementType } from '../shared/codes.ts';
import {
  benchmarkRelease,
  benchmarkTable,
  buildPriceCube,
  dimensionValue,
  PRICE_DIMENSIONS,
  type PriceDimension,
  selectCells,
} from './benchmark.ts';
import type { PlacementPrice, PriceRoute } from './price-record.ts';
import { priceRecord } from './testing.ts';

const cellOf = (table: ReturnType<typeof benchmarkTable>, key: Partial<Record<PriceDimension, string>>) =>
  table.cells.find((c) => JSON.stringify(c.key) === JSON.stringify(key));

describe('benchmarkTable: a worked example for LA 301', () => {
  const records: PlacementPrice[] = [
    // ebd-standard: 301's own three, and six from 302 and 303.
    ...[4000, 4400, 5000].map((pounds) => priceRecord({ laCode: '301', pounds })),
    ...[3000, 3500, 4000].map((pounds) => priceRecord({ laCode: '302', pounds })),
    ...[5000, 6000, 9000].map((pounds) => priceRecord({ laCode: '303', pounds })),
    // mental-health: two from 302 only.
    ...[7000, 8000].map((pounds) => priceRecord({ laCode: '302', segment: 'mental-health', pounds })),
    // disability: six from 303.
    ...[5000, 5200, 5400, 5600, 5800, 6000].map((pounds) =>
      priceRecord({ laCode: '303', segment: 'disability', pounds }),
    ),
  ];
  const table = benchmarkTable(records, { groupBy: ['segment'], viewer: { laCode: '301' } });

  it('publishes a segment holding six other-LA placements, with the viewer’s own beside it', () => {
    const ebd = cellOf(table, { segment: 'ebd-standard' })!;
    // All nine sorted: 3000 3500 4000 4000 4400 5000 5000 6000 9000.
    // median h = 8 × 0.5 = 4 → £4,400; q1 h = 2 → £4,000; q3 h = 6 → £5,000; mean £43,900 / 9 = £4,877.78
    expect(ebd.all).toMatchObject({ count: 9, median: 440_000, q1: 400_000, q3: 500_000, mean: 487_778 });
    // Own: 4000 4400 5000 → median £4,400; q1 h = 0.5 → £4,200; q3 h = 1.5 → £4,700.
    expect(ebd.own).toMatchObject({ count: 3, median: 440_000, q1: 420_000, q3: 470_000 });
  });

  it('hides two placements from one other LA, and the next smallest segment with it', () => {
    const mh = cellOf(table, { segment: 'mental-health' })!;
    expect(mh).toMatchObject({ suppressed: 'primary', all: null, own: null });
    // Total (17) minus ebd (9) minus disability (6) would give mental health's 2; so the smallest
    // published segment holding others is hidden too. Disability and ebd hold six others each;
    // the tie goes to the first code, 'disability'.
    expect(cellOf(table, { segment: 'disability' })).toMatchObject({ suppressed: 'secondary', all: null });
    expect(cellOf(table, {})).toMatchObject({ suppressed: null, all: { count: 17 } });
  });

  it('shows an outside audience nothing of a cell under five, and no own figures', () => {
    const publicTable = benchmarkTable(records, { groupBy: ['segment'], viewer: { laCode: null } });
    const ebd = cellOf(publicTable, { segment: 'ebd-standard' })!;
    expect(ebd.all?.count).toBe(9);
    expect(ebd.own).toBeNull();
    expect(cellOf(publicTable, { segment: 'mental-health' })?.suppressed).toBe('primary');
  });

  it('always shows the viewer a cell of only their own placements, however few', () => {
    const mine = [priceRecord({ laCode: '301', segment: 'solo-complex', pounds: 12_000 })];
    const t = benchmarkTable([...records, ...mine], { groupBy: ['segment'], viewer: { laCode: '301' } });
    const solo = cellOf(t, { segment: 'solo-complex' })!;
    expect(solo.suppressed).toBeNull();
    expect(solo.all?.count).toBe(1);
    expect(solo.own?.median).toBe(1_200_000);
  });

  it('labels each cell with the level it totals to, in canonical order', () => {
    const t = benchmarkTable(records, { groupBy: ['route', 'segment'], viewer: { laCode: '301' } });
    expect(t.groupBy).toEqual(['segment', 'route']);
    expect(cellOf(t, { segment: 'ebd-standard', route: 'spot' })?.level).toEqual(['segment', 'route']);
    expect(cellOf(t, {})?.level).toEqual([]);
    expect(() =>
      benchmarkTable(records, { groupBy: ['segment', 'segment'], viewer: { laCode: null } }),
    ).toThrow();
  });

  it('selects one slice of a cube', () => {
    const cube = buildPriceCube(records, { groupings: [['segment', 'la']], viewer: { laCode: '301' } });
    const ebdByLa = selectCells(cube, ['segment', 'la'], { segment: 'ebd-standard' });
    expect(ebdByLa.map((c) => c.key.la)).toEqual(['301', '302', '303']);
    // Each other LA has three ebd placements: under five, hidden.
    expect(ebdByLa.map((c) => c.suppressed)).toEqual([null, 'primary', 'primary']);
    expect(() => selectCells(cube, ['quarter'])).toThrow(/not grouped by quarter/);
  });
});

const segments = Object.keys(NEED_SEGMENTS) as NeedSegment[];
const types = Object.keys(PLACEMENT_TYPES) as PlacementType[];
const recordArb = fc
  .record({
    laCode: fc.constantFrom('301', '302', '303', '304'),
    segment: fc.constantFrom(...segments.slice(0, 3)),
    placementType: fc.constantFrom(...types),
    route: fc.constantFrom<PriceRoute>('block', 'framework', 'spot'),
    providerId: fc.constantFrom('p1', 'p2', 'p3'),
    startOn: fc.constantFrom('2023-05-01', '2024-01-10', '2024-06-30'),
    pounds: fc.integer({ min: 2000, max: 12_000 }),
    n: fc.integer({ min: 1, max: 7 }),
  })
  .map(({ n, ...r }) => Array.from({ length: n }, () => priceRecord(r)));
const recordsArb = fc.array(recordArb, { maxLength: 25 }).map((xs) => xs.flat());
const groupArb = fc.subarray([...PRICE_DIMENSIONS], { minLength: 1, maxLength: 3 });

describe('benchmarks: no published cell from other LAs has fewer than five placements', () => {
  it('holds for any grouping and any viewer', () => {
    fc.assert(
      fc.property(recordsArb, groupArb, fc.constantFrom('301', '302', null), (records, groupBy, la) => {
        const table = benchmarkTable(records, { groupBy, viewer: { laCode: la } });
        for (const cell of table.cells) {
          const inCell = records.filter((r) =>
            Object.entries(cell.key).every(([d, v]) => dimensionValue(r, d as PriceDimension) === v),
          );
          const own = inCell.filter((r) => r.laCode === la).length;
          const others = inCell.length - own;
          expect(cell.own?.count ?? 0).toBe(own);
          if (cell.suppressed) expect(cell.all).toBeNull();
          else {
            expect(cell.all?.count).toBe(inCell.length);
            expect(others === 0 || others >= 5).toBe(true);
          }
        }
      }),
      { numRuns: 120 },
    );
  });

  it('holds for tables released together', () => {
    fc.assert(
      fc.property(recordsArb, groupArb, groupArb, (records, g1, g2) => {
        const [a, b] = benchmarkRelease(records, { groupings: [g1, g2], viewer: { laCode: '301' } });
        for (const cell of [...a!.cells, ...b!.cells]) {
          if (cell.suppressed || !cell.all) continue;
          const others = cell.all.count - (cell.own?.count ?? 0);
          expect(others === 0 || others >= 5).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
