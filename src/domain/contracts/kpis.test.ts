import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../occupancy/ledger.ts';
import { daysBetween } from '../shared/dates.ts';
import { breakEvenOccupancy } from './break-even.ts';
import type { Contract } from './contract.ts';
import { bedWindows } from './frame.ts';
import { contractKpis } from './kpis.ts';
import { generateRegion } from './sample-region.ts';
import type { SpotRate } from './spot-rates.ts';
import { contractStatement } from './statements.ts';
import { contractPeriod } from './term.ts';
import { WEST_LONDON_CONTRACT, WEST_LONDON_LEDGER } from './west-london-example.ts';

describe('Central Bedfordshire: a block at £1,918 a week against spot at £4,144', () => {
  const contract: Contract = {
    id: 'cbc-block',
    name: 'Central Bedfordshire residential block',
    kind: 'hard-block',
    provider: { id: 'p', name: 'Provider' },
    term: { start: '2025-04-07', initialMonths: 12, extensions: [], extensionNoticeMonths: 3 },
    shares: [{ la: 'central-bedfordshire', name: 'Central Bedfordshire', ppm: 1_000_000 }],
    lots: [{ id: 'lot', name: 'Residential', weeklyPrice: 191_800 }],
    homes: [{ id: 'h', name: 'Home', lot: 'lot', beds: [{ id: 'b' }] }],
    maxBedsPerSetting: 5,
    uplift: { kind: 'none' },
    vacancy: { holdDays: 0, holdPayer: 'leaving-la', afterHold: 'void-shared', retainerPpm: 0 },
  };
  const spot: SpotRate[] = [{ segment: 'ebd-standard', from: '2025-01-01', weekly: 414_400 }];
  const year = { from: '2025-04-07', to: '2026-04-06' }; // 52 weeks
  const occupiedFor = (weeks: number): Ledger => ({
    placements: [
      {
        id: 'P1',
        bed: 'b',
        la: 'central-bedfordshire',
        start: '2025-04-07',
        end: `2025-${weeks === 24 ? '09-22' : '09-29'}`,
        ending: 'planned',
        needSegment: 'ebd-standard',
      },
    ],
    unavailability: [],
    decommissions: [],
  });

  it('breaks even at about 46% occupancy (1918 / 4144 = 46.3%)', () => {
    expect(breakEvenOccupancy(191_800, 414_400)).toBeCloseTo(0.4628, 4);
    const k = contractKpis(contract, occupiedFor(24), spot, year, '2025-04-07');
    expect(k.breakEven).toEqual({
      averageBlockWeekly: 191_800,
      averageSpotWeekly: 414_400,
      occupancy: 191_800 / 414_400,
    });
  });

  it('costs more than spot at 24 occupied weeks out of 52 and less at 25', () => {
    const at24 = contractKpis(contract, occupiedFor(24), spot, year, '2025-04-07');
    expect(at24.bedDays.occupied).toBe(168);
    expect(at24.occupancyOfPaid).toBeCloseTo(168 / 364, 10); // 46.15%, just under break-even
    expect(at24.costs.total).toBe(9_973_600); // 52 × £1,918
    expect(at24.spotCounterfactual).toBe(9_945_600); // 24 × £4,144
    expect(at24.savings).toBe(-28_000);
    expect(at24.costPerOccupiedBedWeek).toBe(415_567); // £99,736 / 24 weeks = £4,155.67
    const at25 = contractKpis(contract, occupiedFor(25), spot, year, '2025-04-07');
    expect(at25.savings).toBe(386_400); // 25 × £4,144 − £99,736
  });
});

describe('West London KPIs for April 2026', () => {
  const spot: SpotRate[] = [
    { segment: 'ebd-standard', from: '2025-01-01', weekly: 500_000 },
    { segment: 'ebd-standard', from: '2026-04-01', weekly: 525_000 },
    { segment: 'ebd-complex', from: '2025-01-01', weekly: 630_000 },
    { segment: 'mental-health', from: '2025-01-01', weekly: 700_000 },
  ];
  const april = { from: '2026-04-01', to: '2026-05-01' };
  const k = contractKpis(WEST_LONDON_CONTRACT, WEST_LONDON_LEDGER, spot, april, '2026-04-01');

  it('counts every one of the 7 × 30 bed-days once', () => {
    expect(k.bedDays).toEqual({
      occupied: 97, // Brent 30, Ealing 9, Harrow 30, Hammersmith & Fulham 28
      held: 21,
      void: 52,
      'unavailable-provider': 19,
      'unavailable-agreed': 21,
      decommissioned: 0,
    });
    expect(k.paidBedDays).toBe(191);
    expect(k.availableBedDays).toBe(170);
    expect(k.occupancyOfPaid).toBeCloseTo(97 / 191, 12);
  });

  it('costs the month exactly, rounding once per figure rather than once per statement line', () => {
    expect(k.costs).toEqual({
      core: 6_215_331, // 43,507,320 sevenths; the four statement lines round to 6,215,332
      hold: 1_290_600,
      void: 3_234_789,
      unavailableAgreed: 1_393_406,
      extras: 163_071,
      total: 12_134_126,
    });
    const lines = contractStatement(WEST_LONDON_CONTRACT, WEST_LONDON_LEDGER, april).provider.lines;
    expect(lines.filter((l) => l.kind === 'core-fee').reduce((a, l) => a + l.amount, 0)).toBe(6_215_332);
  });

  it('compares with spot and shows who uses more than their share', () => {
    // 58 ebd-standard nights at £5,250 + 37 ebd-complex at £6,300 = 54,810,000 sevenths
    expect(k.spotCounterfactual).toBe(7_830_000);
    expect(k.savings).toBe(7_830_000 - 12_134_126);
    const brent = k.byLa.find((l) => l.la === 'brent')!;
    expect(brent.usageShare).toBeCloseTo(30 / 97, 12);
    expect(brent.usageMinusShare).toBeCloseTo(30 / 97 - 0.142857, 12);
    const ealing = k.byLa.find((l) => l.la === 'ealing')!;
    expect(ealing.costs).toEqual({
      core: 540_000,
      hold: 1_290_600,
      void: 462_112, // 1/7 of 22,643,520 sevenths = 462,112.25p
      unavailableAgreed: 199_058,
      extras: 45_000,
      total: 2_491_770,
    });
  });
});

describe('West London stability and proximity over the whole term', () => {
  const k = contractKpis(
    WEST_LONDON_CONTRACT,
    WEST_LONDON_LEDGER,
    [],
    contractPeriod(WEST_LONDON_CONTRACT),
    '2028-06-01',
  );

  it('counts early endings, planned and unplanned', () => {
    expect(k.stability).toEqual({
      ended: { planned: 6, unplanned: 3, total: 9 },
      within28Days: { planned: 0, unplanned: 1, total: 1 }, // P9 lasted 19 nights
      within12Months: { planned: 3, unplanned: 3, total: 6 },
    });
  });

  it('finds 9 of the 12 placements with a known distance within 20 miles', () => {
    expect(k.proximity).toEqual({ placements: 13, knownDistance: 12, within20Miles: 9, share: 0.75 });
    expect(k.spotUncoveredDays).toBe(k.bedDays.occupied); // no spot table given: nothing to compare
  });
});

describe('KPIs for generated regions', () => {
  it('add up: bed-days to the contract windows, LAs and homes to the contract, usage to 100%', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const region = generateRegion({ seed, las: 6, beds: 12, years: 3, bedsPerContract: 6 });
        for (const { contract, ledger } of region.contracts) {
          const k = contractKpis(contract, ledger, region.spotRates, region.range, region.range.from);
          const windowDays = bedWindows(contract).reduce((n, w) => n + daysBetween(w.from, w.to), 0);
          expect(Object.values(k.bedDays).reduce((a, b) => a + b, 0)).toBe(windowDays);
          const laTotal = k.byLa.reduce((a, l) => a + l.costs.total, 0);
          expect(Math.abs(laTotal - k.costs.total)).toBeLessThanOrEqual(k.byLa.length * 4);
          const homeTotal = k.byHome.reduce((a, h) => a + h.costs.total, 0);
          expect(Math.abs(homeTotal - k.costs.total)).toBeLessThanOrEqual(k.byHome.length * 4);
          expect(k.byLa.reduce((a, l) => a + l.bedDays.occupied, 0)).toBe(k.bedDays.occupied);
          if (k.bedDays.occupied > 0)
            expect(k.byLa.reduce((a, l) => a + (l.usageShare ?? 0), 0)).toBeCloseTo(1, 9);
          for (const r of [k.occupancyOfPaid, k.occupancyOfAvailable])
            if (r !== null) expect(r).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 10 },
    );
  });
});
