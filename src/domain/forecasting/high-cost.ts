/**
 * Rare, high-cost placements: secure children's homes, residential schools, and the "other
 * arrangements" (Z1, and Z11-Z14 from 2025-26) that are often unregistered settings costing
 * £10,000-£35,000 a week. One LA sees a handful a year, so its own share of care days in them
 * swings from nothing to a fortune. Each LA's share of a category's days spent in such a placement
 * is shrunk towards the region's (Poisson-gamma, prior strength from how far the LAs differ), so a
 * small LA gets a stable figure and a large one keeps its own.
 */
import type { Pence } from '../shared/money.ts';
import { buildSpells, childrenByLa } from './care-history.ts';
import {
  CATEGORY_KEYS,
  type CategoryRule,
  compileCategoryMap,
  DEFAULT_CATEGORY_RULES,
  type PlacementCategory,
} from './categories.ts';
import type { Ssda903Dataset } from './dataset.ts';
import { priorStrength, shrinkRates } from './shrinkage.ts';
import { codeIndex } from './ssda903-codes.ts';

export interface HighCostType {
  key: string;
  label: string;
  /** The category whose days it is a share of. */
  category: PlacementCategory;
  place: readonly string[];
  /** Weekly cost of one such placement, in pence. */
  weekly: Pence;
}

export const DEFAULT_HIGH_COST_TYPES: readonly HighCostType[] = [
  {
    key: 'secure',
    label: "Secure children's home (K1)",
    category: 'secure',
    place: ['K1'],
    weekly: 1_200_000,
  },
  {
    key: 'residential-school',
    label: 'Residential school (S1)',
    category: 'residential',
    place: ['S1'],
    weekly: 800_000,
  },
  {
    key: 'other-arrangement',
    label: 'Other arrangements, often unregistered (Z1, Z11-Z14)',
    category: 'other',
    place: ['Z1', 'Z11', 'Z12', 'Z13', 'Z14'],
    weekly: 1_500_000,
  },
];

export interface HighCostShare {
  key: string;
  label: string;
  category: PlacementCategory;
  weekly: Pence;
  /** Share of the category's care days in this type: the LA's own, the region's, and the shrunk one used. */
  own: number;
  region: number;
  share: number;
  /** Days behind the LA's own share (type days, category days). */
  days: number;
  categoryDays: number;
}

export interface HighCostOptions {
  /** Days up to and including this epoch day count (default: the end of the data). */
  cutoff?: number;
  /** Days from this epoch day count (default: the start of the data). */
  from?: number;
  types?: readonly HighCostType[];
  categoryRules?: readonly CategoryRule[];
}

/** Shares per LA (in dataset.las order), each shrunk towards the pooled region. */
export function highCostShares(d: Ssda903Dataset, o: HighCostOptions = {}): HighCostShare[][] {
  const types = o.types ?? DEFAULT_HIGH_COST_TYPES;
  const cutoff = o.cutoff ?? d.dataEnd;
  const from = o.from ?? d.dataStart;
  const map = compileCategoryMap(
    o.categoryRules ?? DEFAULT_CATEGORY_RULES,
    d.years[0] ?? 2000,
    d.years.at(-1) ?? 2000,
  );
  const L = d.las.length;
  const typeDays = types.map(() => new Float64Array(L));
  const catDays = types.map(() => new Float64Array(L));
  const placeSets = types.map((t) => new Set(t.place.map((p) => codeIndex('PLACE', p))));
  const byLa = childrenByLa(d);
  for (let l = 0; l < L; l++) {
    const spells = buildSpells(d, map, { cutoff, children: L > 1 ? byLa[l] : undefined });
    for (let s = 0; s < spells.count; s++) {
      const days = Math.min(spells.end[s]!, cutoff + 1) - Math.max(spells.start[s]!, from);
      if (days <= 0) continue;
      const cat = CATEGORY_KEYS[spells.category[s]!];
      types.forEach((t, i) => {
        if (t.category !== cat) return;
        catDays[i]![l]! += days;
        if (placeSets[i]!.has(spells.place[s]!)) typeDays[i]![l]! += days;
      });
    }
  }
  const out: HighCostShare[][] = d.las.map(() => []);
  types.forEach((t, i) => {
    const y = typeDays[i]!;
    const e = catDays[i]!;
    const totalY = y.reduce((a, b) => a + b, 0);
    const totalE = e.reduce((a, b) => a + b, 0);
    const region = totalE > 0 ? totalY / totalE : 0;
    const prior = new Float64Array(L).fill(region);
    const shrunk =
      L > 1 && region > 0 ? shrinkRates(y, e, prior, priorStrength(y, e, prior)).rate : undefined;
    for (let l = 0; l < L; l++) {
      const own = e[l]! > 0 ? y[l]! / e[l]! : 0;
      out[l]!.push({
        key: t.key,
        label: t.label,
        category: t.category,
        weekly: t.weekly,
        own,
        region,
        share: Math.min(1, shrunk ? shrunk[l]! : own),
        days: y[l]!,
        categoryDays: e[l]!,
      });
    }
  });
  return out;
}
