/**
 * Providers consistently above the benchmark: those with at least `minPlacements` placements of
 * which more than `moreThanShare` (default: more than half) cost more than the upper quartile of
 * their own segment and placement type across the region. One expensive placement is a child's
 * needs; most of a provider's placements above the upper quartile is a pricing pattern worth a
 * conversation.
 */

import type { Pence } from '../shared/money.ts';
import type { Viewer } from './benchmark.ts';
import { type PlacementPrice, weeklyTotal } from './price-record.ts';
import { quantileSorted } from './quantiles.ts';
import { applySuppression, buildLattice, MIN_CELL } from './suppression.ts';

export interface ProviderAboveRow {
  providerId: string;
  providerName: string;
  placements: number;
  /** Placements whose segment-and-type reference group was big enough to judge against. */
  assessed: number;
  aboveUpperQuartile: number;
  /** aboveUpperQuartile / assessed. */
  shareAbove: number;
  /** Median of (price - reference median) over assessed placements, whole pence. */
  medianPremium: Pence;
  flagged: boolean;
}

export interface ProvidersAboveOptions {
  viewer: Viewer;
  minPlacements?: number;
  moreThanShare?: number;
  minCell?: number;
}

/**
 * Every provider the viewer may see, flagged or not, most consistently above first. Provider rows
 * are suppressed as a one-way table with the region total (the same rules as the benchmark
 * tables, secondary suppression included, since the rows' counts add up to the total placements);
 * a reference group is used only when it has at least `minCell` placements.
 */
export function providersAboveBenchmark(
  records: readonly PlacementPrice[],
  options: ProvidersAboveOptions,
): ProviderAboveRow[] {
  const minCell = options.minCell ?? MIN_CELL;
  const minPlacements = options.minPlacements ?? MIN_CELL;
  const moreThan = options.moreThanShare ?? 0.5;
  const groups = new Map<string, number[]>();
  const totals = records.map(weeklyTotal);
  records.forEach((r, i) => {
    const g = `${r.segment}|${r.placementType}`;
    const list = groups.get(g);
    if (list) list.push(totals[i]!);
    else groups.set(g, [totals[i]!]);
  });
  const reference = new Map<string, { median: number; q3: number }>();
  for (const [g, values] of groups) {
    if (values.length < minCell) continue;
    const sorted = Float64Array.from(values).sort();
    reference.set(g, { median: quantileSorted(sorted, 0.5), q3: quantileSorted(sorted, 0.75) });
  }
  const byProvider = new Map<
    string,
    { name: string; own: number; others: number; premiums: number[]; above: number; n: number }
  >();
  records.forEach((r, i) => {
    let p = byProvider.get(r.providerId);
    if (!p) {
      p = { name: r.providerName, own: 0, others: 0, premiums: [], above: 0, n: 0 };
      byProvider.set(r.providerId, p);
    }
    p.n++;
    if (r.laCode === options.viewer.laCode) p.own++;
    else p.others++;
    const ref = reference.get(`${r.segment}|${r.placementType}`);
    if (!ref) return;
    p.premiums.push(totals[i]! - ref.median);
    if (totals[i]! > ref.q3) p.above++;
  });
  const hiddenProviders = suppressedProviders(records, options.viewer.laCode, minCell);
  const rows: ProviderAboveRow[] = [];
  for (const [providerId, p] of byProvider) {
    if (hiddenProviders.has(providerId)) continue;
    const assessed = p.premiums.length;
    const shareAbove = assessed > 0 ? p.above / assessed : 0;
    rows.push({
      providerId,
      providerName: p.name,
      placements: p.n,
      assessed,
      aboveUpperQuartile: p.above,
      shareAbove,
      medianPremium: assessed > 0 ? Math.round(quantileSorted(Float64Array.from(p.premiums).sort(), 0.5)) : 0,
      flagged: assessed >= minPlacements && shareAbove > moreThan,
    });
  }
  return rows.sort(
    (a, b) =>
      Number(b.flagged) - Number(a.flagged) ||
      b.shareAbove - a.shareAbove ||
      compareText(a.providerName, b.providerName) ||
      compareText(a.providerId, b.providerId),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Providers whose row must be hidden from this viewer. */
function suppressedProviders(
  records: readonly PlacementPrice[],
  viewer: string | null,
  minCell: number,
): Set<string> {
  const lattice = applySuppression(
    buildLattice(
      records.length,
      1,
      (i) => records[i]!.providerId,
      (i) => records[i]!.laCode === viewer,
    ),
    minCell,
  );
  const hidden = new Set<string>();
  for (const cell of lattice.cells.values())
    if (cell.suppressed && cell.values[0]) hidden.add(cell.values[0]);
  return hidden;
}
