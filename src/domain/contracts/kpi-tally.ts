/**
 * Running totals for the KPIs of one group (a contract, an LA or a home): bed-days by state and
 * exact amounts in sevenths of a penny, split into what one LA pays directly and what all LAs
 * share. Money is only rounded when the figures are read out (kpis.ts).
 */
import type { DayState } from '../occupancy/bed-days.ts';
import type { Placement } from '../occupancy/ledger.ts';
import { PPM } from '../shared/money.ts';
import type { ChargeSpan } from './charges.ts';
import { type SpotTable, spotSevenths } from './spot-rates.ts';
import { type ExtraSpan, extraSpans } from './statement-lines.ts';

export type CostCategory = 'core' | 'hold' | 'void' | 'unavailableAgreed';

export type TallyState = Exclude<DayState, 'outside'>;

export interface Tally {
  days: Record<TallyState, number>;
  /** Days charged at the full price, and their price in sevenths (for the average block price). */
  paidDays: number;
  paidSevenths: number;
  /** Sevenths at the full weekly price, by who pays: one LA (direct) or all LAs (shared). */
  direct: Record<CostCategory, number>;
  shared: Record<CostCategory, number>;
  extras: number;
  spot: number;
  spotUncovered: number;
}

const categories = (): Record<CostCategory, number> => ({ core: 0, hold: 0, void: 0, unavailableAgreed: 0 });

export function emptyTally(): Tally {
  return {
    days: {
      occupied: 0,
      held: 0,
      void: 0,
      'unavailable-provider': 0,
      'unavailable-agreed': 0,
      decommissioned: 0,
    },
    paidDays: 0,
    paidSevenths: 0,
    direct: categories(),
    shared: categories(),
    extras: 0,
    spot: 0,
    spotUncovered: 0,
  };
}

const CATEGORY: Partial<Record<DayState, CostCategory>> = {
  occupied: 'core',
  held: 'hold',
  void: 'void',
  'unavailable-agreed': 'unavailableAgreed',
};

/** What one span adds to a group: its days, its charge, and for occupied days extras and spot. */
export interface SpanFacts {
  days: number;
  state: TallyState;
  category?: CostCategory;
  sevenths: number;
  extras: number;
  spot: { sevenths: number; uncovered: number };
}

/** The facts of one charge span, computed once and added to each group it belongs to. */
export function spanFacts(s: ChargeSpan, table: SpotTable, cache: Map<Placement, ExtraSpan[]>): SpanFacts {
  const days = s.end - s.start;
  const facts: SpanFacts = {
    days,
    state: s.state as TallyState,
    sevenths: days * s.weekly,
    extras: 0,
    spot: { sevenths: 0, uncovered: 0 },
  };
  if (s.payer !== 'none') facts.category = CATEGORY[s.state];
  if (s.state === 'occupied' && s.placement) {
    for (const x of extraSpans(s.placement, cache)) {
      const d = Math.min(s.end, x.end) - Math.max(s.start, x.start);
      if (d > 0) facts.extras += d * x.weekly;
    }
    facts.spot = spotSevenths(table, s.placement.needSegment, s);
  }
  return facts;
}

/** Adds a span to a group. `asPayer` is false for an LA's tally when another LA pays the span. */
export function addSpan(t: Tally, s: ChargeSpan, f: SpanFacts, asPayer = true): void {
  t.days[f.state] += f.days;
  if (s.state === 'occupied') {
    t.extras += f.extras;
    t.spot += f.spot.sevenths;
    t.spotUncovered += f.spot.uncovered;
  }
  if (!f.category || !asPayer) return;
  if (s.basisPpm === PPM) {
    t.paidDays += f.days;
    t.paidSevenths += f.sevenths;
  }
  if (s.payer === 'shared') t.shared[f.category] += f.sevenths;
  else t.direct[f.category] += f.sevenths;
}
