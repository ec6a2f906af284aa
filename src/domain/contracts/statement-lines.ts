/**
 * Gathers one period's charge spans into statement lines. Charges to one LA become direct lines
 * (a core fee per placement, an extra per placement and type, a hold per ended placement); charges
 * shared by the shares become pools (holds, voids, agreed unavailability), each rounded once for
 * the whole contract and then split between the LAs. Everything stays in integer sevenths of a
 * penny until a line is rounded.
 */
import { EXTRA_TYPES, type ExtraType, type Placement } from '../occupancy/ledger.ts';
import type { Span } from '../occupancy/spans.ts';
import { toEpochDay } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';
import type { ChargeSpan } from './charges.ts';
import type { BedId, HomeId, LaId } from './contract.ts';
import { partSeventhsToPence, seventhsToPence } from './exact.ts';

const labels = <K extends string>(m: Record<K, string>) => m;

/** Kinds of statement line, in the order statements list them. */
export const LINE_KINDS = labels({
  'core-fee': 'Core fee',
  extra: 'Extra',
  hold: 'Vacancy hold',
  'hold-share': 'Share of vacancy holds',
  'void-share': 'Share of void beds',
  'unavailable-agreed-share': 'Share of agreed unavailability',
});
export type LineKind = keyof typeof LINE_KINDS;
export type PoolKind = 'hold-share' | 'void-share' | 'unavailable-agreed-share';
export const LINE_ORDER = Object.keys(LINE_KINDS) as LineKind[];

/** A charge to one LA, rounded once. */
export interface DirectLine {
  la: LaId;
  kind: 'core-fee' | 'extra' | 'hold';
  placement: string;
  bed: BedId;
  home: HomeId;
  extraType?: ExtraType;
  days: number;
  /** Weekly rates applied, in the order first met (an uplift mid-month gives two). */
  weeklyRates: Pence[];
  /** The exact amount in sevenths of a penny. */
  sevenths: number;
  amount: Pence;
}

/** A charge shared by the shares: the contract's total for the period, rounded once. */
export interface Pool {
  kind: PoolKind;
  days: number;
  weeklyRates: Pence[];
  /** Exact amount at the full price, in sevenths of a penny. */
  sevenths: number;
  /** Part of the price charged (1,000,000 = all; less for a retainer). */
  basisPpm: number;
  amount: Pence;
}

interface Acc {
  days: number;
  sevenths: number;
  weeklyRates: Pence[];
}

const add = (acc: Acc, days: number, weekly: Pence) => {
  acc.days += days;
  acc.sevenths += days * weekly;
  if (!acc.weeklyRates.includes(weekly)) acc.weeklyRates.push(weekly);
};

export interface ExtraSpan extends Span {
  type: ExtraType;
  weekly: Pence;
}

/** A placement's extras in epoch days (memoised in `cache` for the length of one computation). */
export function extraSpans(p: Placement, cache: Map<Placement, ExtraSpan[]>): ExtraSpan[] {
  let hit = cache.get(p);
  if (!hit) {
    hit = (p.extras ?? []).map((x) => {
      const to = x.to ?? p.end;
      return {
        type: x.type,
        weekly: x.weekly,
        start: toEpochDay(x.from ?? p.start),
        end: to === undefined ? Number.POSITIVE_INFINITY : toEpochDay(to),
      };
    });
    cache.set(p, hit);
  }
  return hit;
}

const POOL_OF: Partial<Record<string, PoolKind>> = {
  held: 'hold-share',
  void: 'void-share',
  'unavailable-agreed': 'unavailable-agreed-share',
};

/** Direct lines and pools for one period's charge spans (all of one contract). */
export function gatherLines(spans: readonly ChargeSpan[]): { direct: DirectLine[]; pools: Pool[] } {
  const direct = new Map<string, Omit<DirectLine, 'amount'>>();
  const pools = new Map<PoolKind, Acc & { basisPpm: number }>();
  const extrasCache = new Map<Placement, ExtraSpan[]>();
  const line = (
    key: string,
    base: () => Omit<DirectLine, 'amount' | 'days' | 'sevenths' | 'weeklyRates'>,
  ) => {
    let l = direct.get(key);
    if (!l) {
      l = { ...base(), days: 0, sevenths: 0, weeklyRates: [] };
      direct.set(key, l);
    }
    return l;
  };
  for (const s of spans) {
    if (s.payer === 'none') continue;
    const days = s.end - s.start;
    if (s.payer === 'shared') {
      const kind = POOL_OF[s.state];
      if (!kind) continue;
      let pool = pools.get(kind);
      if (!pool) {
        pool = { days: 0, sevenths: 0, weeklyRates: [], basisPpm: s.basisPpm };
        pools.set(kind, pool);
      }
      add(pool, days, s.weekly);
      continue;
    }
    const p = s.placement!;
    const where = { la: s.la!, placement: p.id, bed: s.bed, home: s.home };
    if (s.state === 'held') {
      add(
        line(`hold|${p.id}`, () => ({ ...where, kind: 'hold' })),
        days,
        s.weekly,
      );
      continue;
    }
    add(
      line(`core|${p.id}`, () => ({ ...where, kind: 'core-fee' })),
      days,
      s.weekly,
    );
    for (const x of extraSpans(p, extrasCache)) {
      const d = Math.min(s.end, x.end) - Math.max(s.start, x.start);
      if (d > 0)
        add(
          line(`extra|${p.id}|${x.type}`, () => ({ ...where, kind: 'extra', extraType: x.type })),
          d,
          x.weekly,
        );
    }
  }
  return {
    direct: [...direct.values()].map((l) => ({ ...l, amount: seventhsToPence(l.sevenths) })),
    pools: [...pools.entries()].map(([kind, p]) => ({
      kind,
      ...p,
      amount: partSeventhsToPence(p.sevenths, p.basisPpm),
    })),
  };
}

/** A short description of a direct line for statements. */
export function describeDirect(l: DirectLine, homeName: string): string {
  const what = l.kind === 'extra' ? EXTRA_TYPES[l.extraType!] : LINE_KINDS[l.kind];
  const after = l.kind === 'hold' ? ' after it ended' : '';
  return `${what}: placement ${l.placement}${after}, bed ${l.bed} (${homeName}), ${l.days} nights`;
}
