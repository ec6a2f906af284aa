import { describe, expect, it } from 'vitest';
import type { ReleasedCount } from './count-table.ts';
import { countRelease } from './count-table.ts';
import { GAP_STATUSES, type GapRelease, type GapStatus, gapRelease, sumCounts } from './gap-release.ts';
import { sufficiencyGaps } from './gaps.ts';
import { generateRegion } from './synthetic-region.ts';
import { referralSummary, supplySummary } from './testing.ts';

const STATUSES = Object.keys(GAP_STATUSES) as GapStatus[];

function everyCount(g: GapRelease): ReleasedCount[] {
  const rows = [g.region, ...g.byLa, ...g.bySegment];
  return [
    ...rows.flatMap((r) => [
      r.referrals,
      r.farOrOutOfArea,
      r.residentialWhereFosterPreferred,
      ...STATUSES.map((s) => r.status[s]),
    ]),
    ...[...g.byArea, ...g.bySought].flatMap((r) => [r.referrals, ...STATUSES.map((s) => r.status[s])]),
  ];
}

describe('countRelease', () => {
  it('shows the viewer’s own records in full and hides cells of one to four others, with their partners', () => {
    const items = [
      ...Array.from({ length: 6 }, () => ({ la: 'A', k: 'x' })),
      ...Array.from({ length: 7 }, () => ({ la: 'B', k: 'x' })),
      ...Array.from({ length: 3 }, () => ({ la: 'B', k: 'y' })),
      ...Array.from({ length: 6 }, () => ({ la: 'B', k: 'z' })),
    ];
    const r = countRelease(items, {
      dimensions: { la: (i) => i.la, k: (i) => i.k },
      isOwn: (i) => i.la === 'A',
    });
    expect(r.count({ la: 'A' })).toEqual({ all: 6, own: 6, suppressed: null });
    expect(r.count({ la: 'B', k: 'y' })).toMatchObject({ all: null, suppressed: 'primary' });
    // B's total 16 minus x 7 would give y + z; z (6) is hidden too so y cannot be recovered.
    expect(r.count({ la: 'B', k: 'x' }).all).toBe(7);
    const hidden = ['y', 'z'].filter((k) => r.count({ la: 'B', k }).all === null);
    expect(hidden).toEqual(['y', 'z']);
    expect(r.count({ k: 'x' })).toEqual({ all: 13, own: 6, suppressed: null });
  });

  it('refuses a cell that is not in any table of the release', () => {
    const r = countRelease([{ a: '1', b: '2', c: '3' }], {
      dimensions: { a: (i) => i.a, b: (i) => i.b, c: (i) => i.c },
      groupings: [['a', 'b']],
    });
    expect(() => r.count({ a: '1', c: '3' })).toThrow(RangeError);
  });
});

describe('gapRelease', () => {
  const region = generateRegion({ seed: 3, las: 6, years: 2, placementsPerLaYear: 25, homes: 30 });

  it('with no threshold, gives the same counts as sufficiencyGaps', () => {
    const g = gapRelease(region.referrals, region.supply, { viewer: { laCode: null }, minCell: 1 });
    const raw = sufficiencyGaps(region.referrals, region.supply);
    expect(g.region.referrals.all).toBe(raw.region.referrals);
    expect(g.region.status.unmet.all).toBe(raw.region.unmet);
    expect(g.region.status.unregistered.all).toBe(raw.region.unregistered);
    expect((g.region.status.placed.all ?? 0) + (g.region.status.unregistered.all ?? 0)).toBe(
      raw.region.placed,
    );
    expect(g.region.farOrOutOfArea.all).toBe(raw.region.farOrOutOfArea);
    expect(g.region.residentialWhereFosterPreferred.all).toBe(raw.region.residentialWhereFosterPreferred);
    for (const row of raw.byLa) {
      const mine = g.byLa.find((r) => r.laCode === row.laCode)!;
      expect([mine.referrals.all, mine.status.unmet.all, mine.farOrOutOfArea.all]).toEqual([
        row.referrals,
        row.unmet,
        row.farOrOutOfArea,
      ]);
    }
  });

  it('never publishes a cell holding one to four of other LAs’ referrals, and shows the viewer’s own in full', () => {
    for (const laCode of [region.laCodes[0]!, region.laCodes[3]!, null]) {
      const g = gapRelease(region.referrals, region.supply, { viewer: { laCode } });
      for (const c of everyCount(g)) {
        if (c.all === null) continue;
        const others = c.all - c.own;
        expect(others === 0 || others >= 5, JSON.stringify(c)).toBe(true);
      }
      if (laCode) {
        const own = g.byLa.find((r) => r.laCode === laCode)!;
        expect(own.referrals.all).toBe(region.referrals.filter((r) => r.laCode === laCode).length);
        for (const s of STATUSES) expect(own.status[s].all).toBe(own.status[s].own);
      }
    }
  });

  it('hides a small LA’s counts from another LA, with a partner so totals do not give them away', () => {
    const refs = [
      ...Array.from({ length: 8 }, () =>
        referralSummary({ laCode: '301', area: '301', outcome: 'placed-spot' }),
      ),
      ...Array.from({ length: 2 }, () =>
        referralSummary({ laCode: '301', area: '301', outcome: 'no-placement', securedType: null }),
      ),
      ...Array.from({ length: 9 }, () =>
        referralSummary({ laCode: '302', area: '302', outcome: 'placed-spot' }),
      ),
      ...Array.from({ length: 6 }, () =>
        referralSummary({ laCode: '303', area: '303', outcome: 'placed-block' }),
      ),
    ];
    const g = gapRelease(refs, [supplySummary({ area: '301' })], { viewer: { laCode: '302' } });
    const la301 = g.byLa.find((r) => r.laCode === '301')!;
    expect(la301.status.unmet.all).toBeNull();
    expect(la301.status.placed.all).toBeNull();
    expect(la301.referrals.all).toBe(10);
    const mine = g.byLa.find((r) => r.laCode === '302')!;
    expect(mine.status.placed).toEqual({ all: 9, own: 9, suppressed: null });
    expect(g.byArea.find((r) => r.area === '301')!.supply.homes).toBe(1);
  });

  it('sums released counts only when every part is published', () => {
    expect(
      sumCounts([
        { all: 5, own: 1, suppressed: null },
        { all: 7, own: 0, suppressed: null },
      ]),
    ).toEqual({
      all: 12,
      own: 1,
      suppressed: null,
    });
    expect(
      sumCounts([
        { all: 5, own: 1, suppressed: null },
        { all: null, own: 0, suppressed: 'primary' },
      ]).all,
    ).toBeNull();
  });
});
