import { describe, expect, it } from 'vitest';
import { benchmarkPack, STANDARD_GROUPINGS } from './benchmark-pack.ts';
import { generateRegion } from './synthetic-region.ts';

describe('benchmarkPack on a sparse region (many small cells)', () => {
  const region = generateRegion({ seed: 21, las: 4, years: 1, placementsPerLaYear: 80 });
  const pack = benchmarkPack(region.placements, { viewer: { laCode: '302' } });
  const allCells = Object.values(pack.tables).flatMap((t) => t.cells);

  it('publishes no cell holding one to four other-LA placements', () => {
    expect(allCells.some((c) => c.suppressed === 'primary')).toBe(true);
    for (const c of allCells) {
      if (c.suppressed) {
        expect(c.all).toBeNull();
        continue;
      }
      const others = c.all!.count - (c.own?.count ?? 0);
      expect(others === 0 || others >= 5).toBe(true);
    }
  });

  it('hides a margin the same way in every table that shows it', () => {
    const seen = new Map<string, string | null>();
    for (const c of allCells) {
      const key = JSON.stringify(c.key);
      if (seen.has(key)) expect(c.suppressed).toBe(seen.get(key));
      else seen.set(key, c.suppressed);
    }
  });

  it('shows the viewer every one of its own placements in each table’s total', () => {
    const own = region.placements.filter((p) => p.laCode === '302').length;
    for (const name of Object.keys(STANDARD_GROUPINGS) as (keyof typeof STANDARD_GROUPINGS)[]) {
      const total = pack.tables[name].cells.find((c) => c.level.length === 0)!;
      expect(total.own?.count).toBe(own);
      expect(total.all?.count).toBe(region.placements.length);
    }
  });

  it('reads the residential trend from the same cells as the quarterly table', () => {
    const residential = pack.tables.byQuarter.cells.filter(
      (c) => c.key.placementType === 'residential' && c.key.quarter !== undefined,
    );
    expect(pack.residentialTrend.points.map((p) => p.suppressed)).toEqual(
      residential
        .sort((a, b) => (a.key.quarter! < b.key.quarter! ? -1 : 1))
        .map((c) => c.suppressed !== null),
    );
  });
});
