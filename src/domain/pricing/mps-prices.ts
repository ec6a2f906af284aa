/**
 * The price and route sections of the market position statement: what the region pays, like for
 * like, and how it buys. Every figure comes from one jointly suppressed benchmark pack for an
 * outside audience, so nothing about fewer than five placements is published.
 */
import {
  CONTRACT_KINDS,
  NEED_SEGMENTS,
  type NeedSegment,
  PLACEMENT_TYPES,
  type PlacementType,
} from '../shared/codes.ts';
import { formatLongDate } from '../shared/dates.ts';
import type { BenchmarkCell, BenchmarkTable } from './benchmark.ts';
import type { BenchmarkPack } from './benchmark-pack.ts';
import type { DataRow } from './data-table.ts';
import { segmentOrder } from './gaps.ts';
import { changeNoun, percent, pounds, segmentWords } from './mps-text.ts';
import type { MarketPositionInput, MpsSection, MpsStatement } from './mps-types.ts';
import { PRICE_ROUTES, type PriceRoute } from './price-record.ts';

const HIDDEN_NOTE =
  'Figures about fewer than five placements are not shown, nor some others that would reveal them.';

const TYPE_ORDER = Object.keys(PLACEMENT_TYPES);

/** The cells of one level of a table, in code-list order (segment, then type, then the rest). */
function cellsAt(table: BenchmarkTable, level: readonly string[]): BenchmarkCell[] {
  return table.cells
    .filter((c) => c.level.length === level.length && level.every((d, i) => c.level[i] === d))
    .sort(
      (a, b) =>
        (a.key.segment ? segmentOrder(a.key.segment as NeedSegment) : 0) -
          (b.key.segment ? segmentOrder(b.key.segment as NeedSegment) : 0) ||
        TYPE_ORDER.indexOf(a.key.placementType ?? '') - TYPE_ORDER.indexOf(b.key.placementType ?? '') ||
        ((a.key.year ?? '') < (b.key.year ?? '') ? -1 : (a.key.year ?? '') > (b.key.year ?? '') ? 1 : 0),
    );
}

export function pricesSection(pack: BenchmarkPack): MpsSection {
  const byRoute = pack.tables.byRoute;
  const routes = Object.keys(PRICE_ROUTES) as PriceRoute[];
  const leaves = cellsAt(byRoute, ['segment', 'placementType', 'route']);
  const rows: DataRow[] = cellsAt(byRoute, ['segment', 'placementType']).map((c) => {
    const routeMedian = (route: PriceRoute) =>
      leaves.find(
        (l) =>
          l.key.segment === c.key.segment &&
          l.key.placementType === c.key.placementType &&
          l.key.route === route,
      )?.all?.median ?? null;
    return {
      segment: NEED_SEGMENTS[c.key.segment as NeedSegment],
      type: PLACEMENT_TYPES[c.key.placementType as PlacementType],
      placements: c.all?.count ?? null,
      q1: c.all?.q1 ?? null,
      median: c.all?.median ?? null,
      q3: c.all?.q3 ?? null,
      ...Object.fromEntries(routes.map((r) => [`median_${r}`, routeMedian(r)])),
      note: c.suppressed ? 'Not shown, to protect small numbers' : null,
    };
  });
  const statements: MpsStatement[] = [];
  for (const c of cellsAt(byRoute, ['segment', 'placementType'])) {
    if (c.key.placementType !== 'residential' || !c.all) continue;
    statements.push({
      text: `For residential care for ${segmentWords(c.key.segment as NeedSegment)} needs, half of the ${c.all.count} placements cost between ${pounds(c.all.q1)} and ${pounds(c.all.q3)} a week (median ${pounds(c.all.median)}).`,
      tableId: 'prices',
    });
  }
  const fc = pack.frameworkComparison;
  if (fc.weightedSpotPremium !== null) {
    const more = fc.weightedSpotPremium >= 0;
    statements.push({
      text: `Like for like (same need segment and placement type), placements bought off framework cost ${pounds(Math.abs(fc.weightedSpotPremium))} a week ${more ? 'more' : 'less'} than framework placements (difference of medians, weighted by ${fc.comparedSpotPlacements} spot placements).`,
      tableId: 'prices',
    });
  }
  const years = cellsAt(pack.tables.byYear, ['placementType', 'year']).filter(
    (c) => c.key.placementType === 'residential' && c.all,
  );
  const firstYear = years[0];
  const lastYear = years.at(-1);
  if (firstYear?.all && lastYear?.all && firstYear !== lastYear) {
    statements.push({
      text: `The median weekly price of a residential placement went from ${pounds(firstYear.all.median)} in ${firstYear.key.year} to ${pounds(lastYear.all.median)} in ${lastYear.key.year} (${changeNoun(firstYear.all.median, lastYear.all.median)}).`,
      tableId: 'price-trend',
    });
  }
  return {
    id: 'prices',
    heading: 'What we pay',
    statements,
    tables: [
      {
        id: 'prices',
        caption: 'Weekly prices by need segment and placement type',
        columns: [
          { key: 'segment', header: 'Need segment', kind: 'text', width: 40 },
          { key: 'type', header: 'Placement type', kind: 'text', width: 22 },
          { key: 'placements', header: 'Placements', kind: 'integer' },
          { key: 'q1', header: 'Lower quartile', kind: 'pence' },
          { key: 'median', header: 'Median', kind: 'pence' },
          { key: 'q3', header: 'Upper quartile', kind: 'pence' },
          ...routes.map((r) => ({
            key: `median_${r}`,
            header: `Median, ${PRICE_ROUTES[r].toLowerCase()}`,
            kind: 'pence' as const,
          })),
          { key: 'note', header: 'Note', kind: 'text', width: 24 },
        ],
        rows,
        notes: ['Weekly cost paid, excluding VAT, at the start of each placement.', HIDDEN_NOTE],
      },
      {
        id: 'price-trend',
        caption: 'Median weekly price by placement type and financial year',
        columns: [
          { key: 'type', header: 'Placement type', kind: 'text', width: 22 },
          { key: 'year', header: 'Financial year', kind: 'text' },
          { key: 'placements', header: 'Placements', kind: 'integer' },
          { key: 'median', header: 'Median', kind: 'pence' },
        ],
        rows: cellsAt(pack.tables.byYear, ['placementType', 'year']).map((c) => ({
          type: PLACEMENT_TYPES[c.key.placementType as PlacementType],
          year: c.key.year ?? null,
          placements: c.all?.count ?? null,
          median: c.all?.median ?? null,
        })),
        notes: [HIDDEN_NOTE],
      },
    ],
  };
}

export function routesSection(pack: BenchmarkPack, input: MarketPositionInput): MpsSection {
  const table = pack.tables.byRoute;
  const total = cellsAt(table, [])[0]?.all?.count ?? null;
  const mix = (Object.keys(PRICE_ROUTES) as PriceRoute[]).map((route) => {
    const count = cellsAt(table, ['route']).find((c) => c.key.route === route)?.all?.count ?? null;
    return {
      route: PRICE_ROUTES[route],
      placements: count,
      share: count !== null && total ? count / total : null,
    };
  });
  const statements: MpsStatement[] = [];
  if (mix.every((m) => m.share !== null) && total) {
    statements.push({
      text: `Of ${total} placements in the period, ${percent(mix[0]!.share!)} were bought through block contracts, ${percent(mix[1]!.share!)} through frameworks and ${percent(mix[2]!.share!)} by spot purchase.`,
      tableId: 'route-mix',
    });
  }
  for (const r of input.routes) {
    const next = r.nextOpportunity
      ? ` The next opportunity opens on ${formatLongDate(r.nextOpportunity)}.`
      : '';
    statements.push({
      text: `${r.name} (${CONTRACT_KINDS[r.kind].toLowerCase()}): ${r.description}${next}`,
      tableId: 'routes',
    });
  }
  return {
    id: 'routes',
    heading: 'How we buy',
    statements,
    tables: [
      {
        id: 'route-mix',
        caption: 'Placements by route to market',
        columns: [
          { key: 'route', header: 'Route', kind: 'text', width: 30 },
          { key: 'placements', header: 'Placements', kind: 'integer' },
          { key: 'share', header: 'Share', kind: 'percent' },
        ],
        rows: mix,
        notes: ['Block includes hard and soft (collaborative) blocks.', HIDDEN_NOTE],
      },
      {
        id: 'routes',
        caption: 'Routes to market open to providers',
        columns: [
          { key: 'name', header: 'Route', kind: 'text', width: 30 },
          { key: 'kind', header: 'Kind', kind: 'text', width: 24 },
          { key: 'description', header: 'What it is', kind: 'text', width: 60 },
          { key: 'howToJoin', header: 'How to join', kind: 'text', width: 40 },
          { key: 'nextOpportunity', header: 'Next opportunity', kind: 'date' },
        ],
        rows: input.routes.map((r) => ({
          name: r.name,
          kind: CONTRACT_KINDS[r.kind],
          description: r.description,
          howToJoin: r.howToJoin ?? null,
          nextOpportunity: r.nextOpportunity ?? null,
        })),
        notes: [],
      },
    ],
  };
}
