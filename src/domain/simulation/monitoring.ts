/**
 * Is the block paying off as the business case said? Compares a live contract's actual monthly
 * occupancy, the needs of the children actually placed and the market spot rate as it moved with
 * what the business case assumed, and raises a flag, with a plain-English reason, wherever they
 * have drifted further apart than the thresholds allow. Occupancy is judged on a trailing average
 * (one empty month is noise; three are a trend) and against the simulated band, so a month inside
 * the range the case expected is not reported as a failure.
 */
import { NEED_SEGMENTS, type NeedSegment } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';
import { formatPence, type Pence } from '../shared/money.ts';
import { breakEvenOccupancy } from './break-even.ts';
import type { Scenario } from './scenario.ts';
import type { SimulationResult } from './simulate.ts';

export interface BusinessCase {
  startDate: LocalDate;
  blockWeekly: Pence;
  blockUpliftPercent: number;
  spotWeekly: Pence;
  spotInflationPercent: number;
  /** Share of the block rate paid for a void day (1 when voids are paid in full). */
  voidPaid: number;
  /** Expected occupancy per month ('2025-04'), with the low end (p5) of the simulated band when known. */
  occupancy: readonly { month: string; expected: number; low?: number }[];
  needsMix?: Partial<Record<NeedSegment, number>>;
}

export interface ContractActuals {
  occupancy: readonly { month: string; occupancy: number }[];
  /** How many children placed in the block so far fall in each need segment. */
  placedNeeds?: Partial<Record<NeedSegment, number>>;
  /** The market spot rate for comparable placements, as observed month by month. */
  spotRates?: readonly { month: string; weeklyPence: Pence }[];
}

export interface MonitoringThresholds {
  trailingMonths: number;
  /** Amber when the trailing occupancy is this many percentage points below plan. */
  occupancyShortfallPoints: number;
  /** Amber when the needs mix has moved this far (total variation distance, 0–1); red at double. */
  needsMixDistance: number;
  /** Fewer children than this and the needs mix is not judged. */
  needsMixMinChildren: number;
  /** Amber when the spot rate is this far (as a fraction) from the one assumed. */
  spotRateDrift: number;
}

export const DEFAULT_THRESHOLDS: MonitoringThresholds = {
  trailingMonths: 3,
  occupancyShortfallPoints: 5,
  needsMixDistance: 0.2,
  needsMixMinChildren: 5,
  spotRateDrift: 0.1,
};

export type FlagKind = 'occupancy' | 'break-even' | 'needs-mix' | 'spot-rate';

export interface DriftFlag {
  kind: FlagKind;
  severity: 'info' | 'amber' | 'red';
  month?: string;
  expected: number;
  actual: number;
  reason: string;
}

export interface MonitoringReport {
  flags: DriftFlag[];
  occupancy: {
    month: string;
    expected: number | null;
    low: number | null;
    actual: number;
    trailing: number;
  }[];
  breakEven: { assumed: number; current: number };
  needsMix: { segment: NeedSegment; expected: number; actual: number; children: number }[];
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The business case a simulation implies: its monthly mean occupancy and p5 band, and its prices. */
export function businessCaseFromSimulation(s: Scenario, r: SimulationResult): BusinessCase {
  return {
    startDate: s.startDate,
    blockWeekly: s.block.weeklyPence,
    blockUpliftPercent: s.block.annualUpliftPercent,
    spotWeekly: s.spot.weeklyPence,
    spotInflationPercent: s.spot.annualInflationPercent,
    voidPaid: r.prices.voidPaid,
    occupancy: r.monthly
      .filter((m) => m.occupancy !== null)
      .map((m) => ({ month: m.month, expected: m.occupancy!.mean, low: m.occupancy!.p5 })),
    ...(s.needsMix ? { needsMix: s.needsMix } : {}),
  };
}

export function monitorAgainstBusinessCase(
  bc: BusinessCase,
  actual: ContractActuals,
  thresholds: Partial<MonitoringThresholds> = {},
): MonitoringReport {
  const t = { ...DEFAULT_THRESHOLDS, ...thresholds };
  const flags: DriftFlag[] = [];
  const plan = new Map(bc.occupancy.map((m) => [m.month, m]));
  const months = [...actual.occupancy].sort((a, b) => (a.month < b.month ? -1 : 1));
  const rows = months.map((m, i) => {
    const window = months.slice(Math.max(0, i - t.trailingMonths + 1), i + 1);
    const p = plan.get(m.month);
    return {
      month: m.month,
      expected: p?.expected ?? null,
      low: p?.low ?? null,
      actual: m.occupancy,
      trailing: window.reduce((a, x) => a + x.occupancy, 0) / window.length,
      window,
    };
  });

  // Prices as they stand in the latest month: the block uplifted, the spot rate as observed.
  const latestMonth = months.at(-1)?.month ?? bc.startDate.slice(0, 7);
  const year = contractYear(bc.startDate, latestMonth);
  const blockNow = bc.blockWeekly * (1 + bc.blockUpliftPercent / 100) ** year;
  const assumedSpot = bc.spotWeekly * (1 + bc.spotInflationPercent / 100) ** year;
  const observed = [...(actual.spotRates ?? [])].sort((a, b) => (a.month < b.month ? -1 : 1)).at(-1);
  const spotNow = observed?.weeklyPence ?? assumedSpot;
  const assumedBreakEven = breakEvenOccupancy(blockNow, assumedSpot, bc.voidPaid);
  const currentBreakEven = breakEvenOccupancy(blockNow, spotNow, bc.voidPaid);

  const last = rows.at(-1);
  if (last && rows.length >= t.trailingMonths) {
    const expected = mean(last.window.map((w) => plan.get(w.month)?.expected ?? Number.NaN));
    const low = mean(last.window.map((w) => plan.get(w.month)?.low ?? Number.NaN));
    const span = `the ${t.trailingMonths} months to ${last.month}`;
    if (last.trailing < currentBreakEven) {
      flags.push({
        kind: 'break-even',
        severity: 'red',
        month: last.month,
        expected: currentBreakEven,
        actual: last.trailing,
        reason:
          `Occupancy averaged ${pct(last.trailing)} over ${span}, below the ${pct(currentBreakEven)} the block needs ` +
          'to cost less than spot: at this rate the block costs more than buying the same placements spot.',
      });
    }
    if (Number.isFinite(expected) && (expected - last.trailing) * 100 > t.occupancyShortfallPoints) {
      const belowBand = Number.isFinite(low) && last.trailing < low;
      flags.push({
        kind: 'occupancy',
        severity: belowBand ? 'red' : 'amber',
        month: last.month,
        expected,
        actual: last.trailing,
        reason:
          `Occupancy averaged ${pct(last.trailing)} over ${span}, ${Math.round((expected - last.trailing) * 100)} points ` +
          `below the ${pct(expected)} the business case expected` +
          (belowBand
            ? `, and below its low case (${pct(low)}): the demand or matching assumptions look wrong.`
            : '; still inside the range the business case allowed for, so watch the next months.'),
      });
    }
  }

  if (observed) {
    const drift = spotNow / assumedSpot - 1;
    if (Math.abs(drift) > t.spotRateDrift) {
      const cheaper = drift < 0;
      flags.push({
        kind: 'spot-rate',
        severity: cheaper ? 'amber' : 'info',
        month: observed.month,
        expected: assumedSpot,
        actual: spotNow,
        reason:
          `The spot rate is ${formatPence(Math.round(spotNow), { wholePounds: true })} a week, ${Math.round(Math.abs(drift) * 100)}% ` +
          `${cheaper ? 'below' : 'above'} the ${formatPence(Math.round(assumedSpot), { wholePounds: true })} assumed, so the ` +
          `block now breaks even at ${pct(currentBreakEven)} occupancy instead of ${pct(assumedBreakEven)}` +
          (cheaper
            ? ': the block’s margin over spot has narrowed.'
            : ': the block is worth more than planned.'),
      });
    }
  }

  const needsMix = compareNeeds(bc.needsMix, actual.placedNeeds);
  const children = needsMix.reduce((a, n) => a + n.children, 0);
  if (needsMix.length > 0 && children >= t.needsMixMinChildren) {
    const distance = needsMix.reduce((a, n) => a + Math.abs(n.actual - n.expected), 0) / 2;
    if (distance > t.needsMixDistance) {
      const worst = [...needsMix].sort(
        (a, b) => Math.abs(b.actual - b.expected) - Math.abs(a.actual - a.expected),
      )[0]!;
      flags.push({
        kind: 'needs-mix',
        severity: distance > 2 * t.needsMixDistance ? 'red' : 'amber',
        expected: 0,
        actual: distance,
        reason:
          `The children placed are not the children the business case planned for: ${pct(worst.actual)} ` +
          `${NEED_SEGMENTS[worst.segment].toLowerCase()} against ${pct(worst.expected)} assumed ` +
          `(${children} children; the mix has moved ${pct(distance)} in all). Check the block's homes and price still fit.`,
      });
    }
  }

  return {
    flags,
    occupancy: rows.map(({ window: _w, ...r }) => r),
    breakEven: { assumed: assumedBreakEven, current: currentBreakEven },
    needsMix,
  };
}

function compareNeeds(
  expected: Partial<Record<NeedSegment, number>> | undefined,
  placed: Partial<Record<NeedSegment, number>> | undefined,
): MonitoringReport['needsMix'] {
  if (!expected || !placed) return [];
  const n = Object.values(placed).reduce((a, b) => a + (b ?? 0), 0);
  return (Object.keys(NEED_SEGMENTS) as NeedSegment[])
    .filter((k) => (expected[k] ?? 0) > 0 || (placed[k] ?? 0) > 0)
    .map((segment) => ({
      segment,
      expected: expected[segment] ?? 0,
      actual: n > 0 ? (placed[segment] ?? 0) / n : 0,
      children: placed[segment] ?? 0,
    }));
}

function contractYear(start: LocalDate, month: string): number {
  const [sy, sm] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return Math.max(0, Math.floor((y * 12 + m - (sy * 12 + sm)) / 12));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
