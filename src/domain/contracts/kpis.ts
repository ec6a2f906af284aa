/**
 * KPIs per contract, per LA and per home over a range of days: occupancy, voids and holds and
 * their cost, cost per occupied bed-week, the spot counterfactual and savings against it,
 * break-even occupancy, each LA's use against its share, placement stability, proximity to home
 * and the decisions coming up. Money figures are exact amounts rounded once, so they can differ
 * from the sum of monthly statements by the statements' own rounding (at most ½p a line).
 */
import type { Ledger, Placement } from '../occupancy/ledger.ts';
import { toSpan } from '../occupancy/spans.ts';
import type { DayRange, LocalDate } from '../shared/dates.ts';
import { divRound, type Pence, PPM } from '../shared/money.ts';
import { chargeSpans } from './charges.ts';
import { bedsOf, type Contract, type HomeId, type LaId, laName } from './contract.ts';
import { partSeventhsToPence, seventhsToPence, shareOfSevenths } from './exact.ts';
import {
  addSpan,
  type CostCategory,
  emptyTally,
  spanFacts,
  type Tally,
  type TallyState,
} from './kpi-tally.ts';
import { type SpotRate, spotTable } from './spot-rates.ts';
import { type Proximity, placementStability, proximity, type Stability } from './stability.ts';
import type { ExtraSpan } from './statement-lines.ts';
import { type DecisionDate, upcomingDecisions } from './term.ts';

export type Costs = Record<CostCategory | 'extras' | 'total', Pence>;

/** Outcomes common to every group. `costs.total` is the block's cost: extras are left out of it, as spot would pay them too. */
export interface GroupKpis {
  bedDays: Record<TallyState, number>;
  costs: Costs;
  costPerOccupiedBedWeek: Pence | null;
  spotCounterfactual: Pence;
  /** Occupied days the spot table did not cover (no rate yet for the segment): left out of the counterfactual. */
  spotUncoveredDays: number;
  /** Counterfactual minus the block's cost: positive when the block is cheaper than spot. */
  savings: Pence;
  placements: number;
  stability: Stability;
  proximity: Proximity;
}

export interface OccupancyKpis extends GroupKpis {
  /** Bed-days charged at the full price (occupied, held, and voids when they stay paid). */
  paidBedDays: number;
  /** Bed-days the bed could be used: occupied, held or void. */
  availableBedDays: number;
  occupancyOfPaid: number | null;
  occupancyOfAvailable: number | null;
  breakEven: { averageBlockWeekly: Pence | null; averageSpotWeekly: Pence | null; occupancy: number | null };
}

export interface LaKpis extends GroupKpis {
  la: LaId;
  laName: string;
  sharePpm: number;
  /** The LA's occupied bed-days ÷ all occupied bed-days. */
  usageShare: number | null;
  /** usageShare − share: above zero, the LA uses more than its share of what it pays for. */
  usageMinusShare: number | null;
}

export interface HomeKpis extends OccupancyKpis {
  home: HomeId;
  homeName: string;
  beds: number;
}

export interface ContractKpis extends OccupancyKpis {
  contract: string;
  range: DayRange;
  byLa: LaKpis[];
  byHome: HomeKpis[];
  decisions: DecisionDate[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function groupKpis(
  t: Tally,
  costs: Omit<Costs, 'total' | 'extras'>,
  placements: readonly Placement[],
  range: DayRange,
): GroupKpis {
  const total = costs.core + costs.hold + costs.void + costs.unavailableAgreed;
  const spot = seventhsToPence(t.spot);
  return {
    bedDays: t.days,
    costs: { ...costs, extras: seventhsToPence(t.extras), total },
    costPerOccupiedBedWeek: t.days.occupied > 0 ? divRound(total * 7, t.days.occupied) : null,
    spotCounterfactual: spot,
    spotUncoveredDays: t.spotUncovered,
    savings: spot - total,
    placements: placements.filter((p) => p.start < range.to && (p.end === undefined || p.end > range.from))
      .length,
    stability: placementStability(placements, range),
    proximity: proximity(placements, range),
  };
}

function occupancyKpis(
  t: Tally,
  voidBasis: number,
  placements: readonly Placement[],
  range: DayRange,
): OccupancyKpis {
  const cost = (c: CostCategory, basis: number) => partSeventhsToPence(t.direct[c] + t.shared[c], basis);
  const g = groupKpis(
    t,
    {
      core: cost('core', PPM),
      hold: cost('hold', PPM),
      void: cost('void', voidBasis),
      unavailableAgreed: cost('unavailableAgreed', voidBasis),
    },
    placements,
    range,
  );
  const available = t.days.occupied + t.days.held + t.days.void;
  const block = t.paidDays > 0 ? t.paidSevenths / t.paidDays : null;
  const spot = t.days.occupied - t.spotUncovered > 0 ? t.spot / (t.days.occupied - t.spotUncovered) : null;
  return {
    ...g,
    paidBedDays: t.paidDays,
    availableBedDays: available,
    occupancyOfPaid: ratio(t.days.occupied, t.paidDays),
    occupancyOfAvailable: ratio(t.days.occupied, available),
    breakEven: {
      averageBlockWeekly: block === null ? null : Math.round(block),
      averageSpotWeekly: spot === null ? null : Math.round(spot),
      occupancy: block !== null && spot ? block / spot : null,
    },
  };
}

/** All the KPIs of one contract over `range`, with decisions due on or after `asOf`. */
export function contractKpis(
  contract: Contract,
  ledger: Ledger,
  spotRates: readonly SpotRate[],
  range: DayRange,
  asOf: LocalDate,
): ContractKpis {
  const table = spotTable(spotRates);
  const beds = bedsOf(contract);
  const all = emptyTally();
  const homes = new Map<HomeId, Tally>(contract.homes.map((h) => [h.id, emptyTally()]));
  const las = new Map<LaId, Tally>(contract.shares.map((s) => [s.la, emptyTally()]));
  const cache = new Map<Placement, ExtraSpan[]>();
  for (const s of chargeSpans(contract, ledger, toSpan(range))) {
    if (s.state === 'outside') continue;
    const f = spanFacts(s, table, cache);
    addSpan(all, s, f);
    addSpan(homes.get(s.home)!, s, f);
    if (s.placement && (s.state === 'occupied' || s.state === 'held')) {
      const la = s.placement.la;
      if (!las.has(la)) las.set(la, emptyTally());
      addSpan(las.get(la)!, s, f, s.payer === 'la');
    }
  }
  const v = contract.vacancy;
  const voidBasis = v.afterHold === 'void-shared' ? PPM : v.retainerPpm;
  const placements = ledger.placements.filter((p) => beds.has(p.bed));
  const overall = occupancyKpis(all, voidBasis, placements, range);
  const byHome = contract.homes.map((h) => {
    const ids = new Set(h.beds.map((b) => b.id));
    return {
      home: h.id,
      homeName: h.name,
      beds: h.beds.length,
      ...occupancyKpis(
        homes.get(h.id)!,
        voidBasis,
        placements.filter((p) => ids.has(p.bed)),
        range,
      ),
    };
  });
  const byLa = [...las.entries()].map(([la, t]): LaKpis => {
    const sharePpm = contract.shares.find((s) => s.la === la)?.ppm ?? 0;
    const part = (c: CostCategory, basis: number) =>
      partSeventhsToPence(t.direct[c], basis) + shareOfSevenths(all.shared[c], basis, sharePpm);
    const g = groupKpis(
      t,
      {
        core: part('core', PPM),
        hold: part('hold', PPM),
        void: part('void', voidBasis),
        unavailableAgreed: part('unavailableAgreed', voidBasis),
      },
      placements.filter((p) => p.la === la),
      range,
    );
    const usage = ratio(t.days.occupied, all.days.occupied);
    return {
      la,
      laName: laName(contract, la),
      sharePpm,
      usageShare: usage,
      usageMinusShare: usage === null ? null : usage - sharePpm / PPM,
      ...g,
    };
  });
  return {
    contract: contract.id,
    range,
    ...overall,
    byLa,
    byHome,
    decisions: upcomingDecisions(contract, asOf),
  };
}
