/**
 * A benchmark pack as tables of plain values: the benchmark page shows them under its charts, the
 * xlsx export writes them (one sheet each, `sheetOfTable`), so the page and the file always hold
 * the same figures. Every figure comes from the one jointly suppressed pack; a hidden figure is an
 * empty cell (null), listed in the row's `_hidden`, and every row carries `_counts` (a JSON list of
 * [all, own] pairs: the placements each of its figures describes, over everyone (null when hidden)
 * and the viewer's own) so the published counts can be checked: a figure's other-LA placements are
 * never between one and four.
 */
import {
  NEED_SEGMENTS,
  type NeedSegment,
  PLACEMENT_TYPES,
  type PlacementType,
  URGENCIES,
} from '../shared/codes.ts';
import type { BenchmarkCell, BenchmarkTable, PriceDimension } from './benchmark.ts';
import type { BenchmarkPack } from './benchmark-pack.ts';
import type { DataColumn, DataRow, DataTable } from './data-table.ts';
import type { RouteCellView } from './framework-comparison.ts';
import { segmentOrder } from './gaps.ts';
import { COST_COMPONENT_CODES, COST_COMPONENTS, PRICE_ROUTES, type PriceRoute } from './price-record.ts';
import type { PriceStats } from './quantiles.ts';

export const URGENCY_LABELS: Record<string, string> = { ...URGENCIES, 'not-recorded': 'Not recorded' };

export const ALL_LABEL = 'All';

export function dimensionLabel(d: PriceDimension, value: string | undefined): string {
  if (value === undefined) return ALL_LABEL;
  switch (d) {
    case 'segment':
      return NEED_SEGMENTS[value as NeedSegment] ?? value;
    case 'placementType':
      return PLACEMENT_TYPES[value as PlacementType] ?? value;
    case 'route':
      return PRICE_ROUTES[value as PriceRoute] ?? value;
    case 'urgency':
      return URGENCY_LABELS[value] ?? value;
    default:
      return value;
  }
}

const DIM_HEADERS: Record<PriceDimension, string> = {
  la: 'Local authority',
  provider: 'Provider',
  segment: 'Need segment',
  placementType: 'Placement type',
  route: 'Route',
  urgency: 'Notice given',
  year: 'Financial year',
  quarter: 'Financial quarter',
};

const ORDER: Partial<Record<PriceDimension, readonly string[]>> = {
  segment: Object.keys(NEED_SEGMENTS),
  placementType: Object.keys(PLACEMENT_TYPES),
  route: Object.keys(PRICE_ROUTES),
  urgency: [...Object.keys(URGENCIES), 'not-recorded'],
};

function rank(d: PriceDimension, v: string | undefined): number {
  if (v === undefined) return Number.MAX_SAFE_INTEGER; // totals after their rows
  const order = ORDER[d];
  const i = order ? order.indexOf(v) : -1;
  return i >= 0 ? i : 1000;
}

/** Cells at the given levels (each a list of dimensions), in code-list order with totals last. */
export function cellsOf(
  table: BenchmarkTable,
  levels: readonly (readonly PriceDimension[])[],
): BenchmarkCell[] {
  const wanted = levels.map((l) => [...l].sort().join(','));
  const dims = table.groupBy;
  return table.cells
    .filter((c) => wanted.includes([...c.level].sort().join(',')))
    .sort((a, b) => {
      for (const d of dims) {
        const x = rank(d, a.key[d]);
        const y = rank(d, b.key[d]);
        if (x !== y) return x - y;
        const av = a.key[d] ?? '';
        const bv = b.key[d] ?? '';
        if (av !== bv) return av < bv ? -1 : 1;
      }
      return 0;
    });
}

/** What a table shows about the viewer: own columns only for an LA. */
export interface TableOptions {
  viewerLaCode: string | null;
  minCell: number;
}

function hiddenNote(o: TableOptions): string[] {
  if (o.minCell <= 1) return ['Nothing is hidden: this view is for the hub only and must not be published.'];
  const own = o.viewerLaCode
    ? ' Your own placements are always shown and do not count towards the five.'
    : '';
  return [
    `Figures about fewer than ${o.minCell} other local authorities’ placements are not shown ([c]), nor some others that would reveal them.${own}`,
  ];
}

const statColumns = (o: TableOptions, opts: { mean?: boolean; spread?: boolean } = {}): DataColumn[] => [
  { key: 'placements', header: 'Placements', kind: 'integer' },
  { key: 'q1', header: 'Lower quartile', kind: 'pence' },
  { key: 'median', header: 'Median', kind: 'pence' },
  { key: 'q3', header: 'Upper quartile', kind: 'pence' },
  ...(opts.spread === false
    ? []
    : [{ key: 'iqr', header: 'Spread (upper − lower quartile)', kind: 'pence' as const }]),
  ...(opts.mean ? [{ key: 'mean', header: 'Mean', kind: 'pence' as const }] : []),
  ...(o.viewerLaCode
    ? [
        { key: 'ownPlacements', header: 'Your placements', kind: 'integer' as const },
        { key: 'ownMedian', header: 'Your median', kind: 'pence' as const },
      ]
    : []),
];

const STAT_KEYS = ['placements', 'q1', 'median', 'q3', 'iqr', 'mean'] as const;

function statValues(all: PriceStats | null, own: PriceStats | null, suppressed: boolean): DataRow {
  return {
    placements: all?.count ?? null,
    q1: all?.q1 ?? null,
    median: all?.median ?? null,
    q3: all?.q3 ?? null,
    iqr: all?.iqr ?? null,
    mean: all?.mean ?? null,
    ownPlacements: own?.count ?? 0,
    ownMedian: own?.median ?? null,
    _hidden: suppressed ? STAT_KEYS.join(' ') : null,
    _counts: JSON.stringify([[all?.count ?? null, own?.count ?? 0]]),
  };
}

function cellRow(cell: BenchmarkCell, dims: readonly PriceDimension[]): DataRow {
  return {
    ...Object.fromEntries(dims.map((d) => [d, dimensionLabel(d, cell.key[d])])),
    ...statValues(cell.all, cell.own, cell.suppressed !== null),
    _total: cell.level.length < dims.length ? 'yes' : null,
  };
}

function dimColumns(dims: readonly PriceDimension[]): DataColumn[] {
  return dims.map((d) => ({
    key: d,
    header: DIM_HEADERS[d],
    kind: 'text' as const,
    width: d === 'segment' ? 40 : 22,
  }));
}

/** The pack's tables for the page and the export, in page order. */
export function benchmarkTables(
  pack: BenchmarkPack,
  extra: { ownPlacementsByProvider?: ReadonlyMap<string, number> } = {},
): DataTable[] {
  const o: TableOptions = { viewerLaCode: pack.viewerLaCode, minCell: pack.minCell };
  const note = hiddenNote(o);
  const source = 'Weekly cost paid, excluding VAT, as recorded at the start of each placement.';
  const byRoute = pack.tables.byRoute;
  const segType: PriceDimension[] = ['segment', 'placementType'];
  const main: DataTable = {
    id: 'prices',
    caption: 'Weekly prices by need segment and placement type',
    columns: [...dimColumns(segType), ...statColumns(o, { mean: true })],
    rows: cellsOf(byRoute, [segType, ['placementType'], []]).map((c) => cellRow(c, segType)),
    notes: [
      source,
      'Quartiles and medians as Excel’s QUARTILE.INC; minimum and maximum are never shown.',
      ...note,
    ],
  };
  const routeDims: PriceDimension[] = ['segment', 'placementType', 'route'];
  const routes: DataTable = {
    id: 'routes',
    caption: 'Weekly prices by route: block, framework and spot',
    columns: [...dimColumns(routeDims), ...statColumns(o)],
    rows: cellsOf(byRoute, [routeDims, ['route']]).map((c) => cellRow(c, routeDims)),
    notes: ['Block includes hard and soft (collaborative) blocks; spot is off framework.', ...note],
  };
  const fc = pack.frameworkComparison;
  const routeCol = (r: 'framework' | 'spot' | 'block', label: string): DataColumn[] => [
    { key: `${r}Median`, header: `${label} median`, kind: 'pence' },
    { key: `${r}Count`, header: `${label} placements`, kind: 'integer' },
  ];
  const view = (v: RouteCellView) => ({ median: v.all?.median ?? null, count: v.all?.count ?? null });
  const framework: DataTable = {
    id: 'framework',
    caption: 'On- and off-framework prices, like for like',
    columns: [
      ...dimColumns(segType),
      ...routeCol('framework', 'Framework'),
      ...routeCol('spot', 'Spot'),
      { key: 'spotPremium', header: 'Spot premium (median)', kind: 'pence' },
      { key: 'spotPremiumShare', header: 'Spot premium, share of framework', kind: 'percent' },
      ...routeCol('block', 'Block'),
    ],
    rows: [...fc.rows]
      .sort(
        (a, b) =>
          segmentOrder(a.segment) - segmentOrder(b.segment) ||
          rank('placementType', a.placementType) - rank('placementType', b.placementType),
      )
      .map((r) => {
        const f = view(r.framework);
        const s = view(r.spot);
        const b = view(r.block);
        const hidden = [
          ...(r.framework.suppressed ? ['frameworkMedian', 'frameworkCount'] : []),
          ...(r.spot.suppressed ? ['spotMedian', 'spotCount'] : []),
          ...(r.block.suppressed ? ['blockMedian', 'blockCount'] : []),
        ];
        return {
          segment: dimensionLabel('segment', r.segment),
          placementType: dimensionLabel('placementType', r.placementType),
          frameworkMedian: f.median,
          frameworkCount: f.count,
          spotMedian: s.median,
          spotCount: s.count,
          spotPremium: r.spotPremium,
          spotPremiumShare: r.spotPremiumShare,
          blockMedian: b.median,
          blockCount: b.count,
          _hidden: hidden.length ? hidden.join(' ') : null,
          _counts: JSON.stringify(
            (['framework', 'spot', 'block'] as const).map((k) => [
              r[k].all?.count ?? null,
              r[k].own?.count ?? 0,
            ]),
          ),
        };
      }),
    notes: [
      'Framework and spot prices are compared only within the same need segment and placement type.',
      fc.weightedSpotPremium === null
        ? 'No segment and placement type has both framework and spot prices published.'
        : `Weighted by spot placements, spot placements cost ${formatPounds(fc.weightedSpotPremium)} a week ${fc.weightedSpotPremium >= 0 ? 'more' : 'less'} than framework ones (${fc.comparedSpotPlacements} spot placements in ${fc.comparedCells} compared groups).`,
      ...note,
    ],
  };
  const urgencyDims: PriceDimension[] = ['segment', 'placementType', 'urgency'];
  const notice: DataTable = {
    id: 'notice',
    caption: 'Weekly prices by notice given',
    columns: [...dimColumns(urgencyDims), ...statColumns(o)],
    rows: cellsOf(pack.tables.byUrgency, [urgencyDims, ['urgency']]).map((c) => cellRow(c, urgencyDims)),
    notes: [
      'Notice: how soon the placement was needed when the provider was asked (Placements Data Standard).',
      ...note,
    ],
  };
  const split: DataTable = {
    id: 'split',
    caption: 'The cost split: mean weekly cost by component',
    columns: [
      ...dimColumns(segType),
      { key: 'placements', header: 'Placements', kind: 'integer' },
      ...COST_COMPONENT_CODES.map((c) => ({ key: c, header: COST_COMPONENTS[c], kind: 'pence' as const })),
      { key: 'mean', header: 'Mean weekly cost', kind: 'pence' },
    ],
    rows: cellsOf(byRoute, [segType, ['placementType'], []]).map((c) => ({
      segment: dimensionLabel('segment', c.key.segment),
      placementType: dimensionLabel('placementType', c.key.placementType),
      placements: c.all?.count ?? null,
      ...Object.fromEntries(COST_COMPONENT_CODES.map((k) => [k, c.all?.meanSplit[k] ?? null])),
      mean: c.all?.mean ?? null,
      _hidden: c.suppressed ? ['placements', 'mean', ...COST_COMPONENT_CODES].join(' ') : null,
      _counts: JSON.stringify([[c.all?.count ?? null, c.own?.count ?? 0]]),
      _total: c.level.length < 2 ? 'yes' : null,
    })),
    notes: [
      'Components follow the Placements Data Standard’s cost split, with health, therapy and transport shown apart; they add up to the mean exactly.',
      ...note,
    ],
  };
  const quarterDims: PriceDimension[] = ['placementType', 'quarter'];
  const quarterly: DataTable = {
    id: 'trend-quarter',
    caption: 'Weekly prices by placement type and financial quarter of the start',
    columns: [...dimColumns(quarterDims), ...statColumns(o, { spread: false })],
    rows: cellsOf(pack.tables.byQuarter, [quarterDims]).map((c) => cellRow(c, quarterDims)),
    notes: ['Quarters of the financial year: Q1 is April to June.', ...note],
  };
  const yearDims: PriceDimension[] = ['segment', 'placementType', 'year'];
  const yearly: DataTable = {
    id: 'trend-year',
    caption: 'Weekly prices by need segment, placement type and financial year',
    columns: [...dimColumns(yearDims), ...statColumns(o, { spread: false })],
    rows: cellsOf(pack.tables.byYear, [yearDims, ['placementType', 'year']]).map((c) => cellRow(c, yearDims)),
    notes: ['Financial years run from 1 April.', ...note],
  };
  const providers: DataTable = {
    id: 'providers',
    caption: 'Providers and the benchmark: placements above the upper quartile',
    columns: [
      { key: 'provider', header: 'Provider', kind: 'text', width: 32 },
      { key: 'placements', header: 'Placements', kind: 'integer' },
      { key: 'assessed', header: 'Compared with a benchmark', kind: 'integer' },
      { key: 'above', header: 'Above the upper quartile', kind: 'integer' },
      { key: 'shareAbove', header: 'Share above', kind: 'percent' },
      { key: 'medianPremium', header: 'Median difference from the benchmark median', kind: 'pence' },
      { key: 'flagged', header: 'Consistently above', kind: 'text' },
      ...(o.viewerLaCode
        ? [{ key: 'ownPlacements', header: 'Your placements', kind: 'integer' as const }]
        : []),
    ],
    rows: pack.providersAbove.map((p) => ({
      provider: p.providerName,
      placements: p.placements,
      assessed: p.assessed,
      above: p.aboveUpperQuartile,
      shareAbove: p.assessed > 0 ? p.shareAbove : null,
      medianPremium: p.assessed > 0 ? p.medianPremium : null,
      flagged: p.flagged ? 'Yes' : 'No',
      ownPlacements: extra.ownPlacementsByProvider?.get(p.providerId) ?? 0,
      _counts: JSON.stringify([[p.placements, extra.ownPlacementsByProvider?.get(p.providerId) ?? 0]]),
      _providerId: p.providerId,
    })),
    notes: [
      'The benchmark for each placement is its need segment and placement type across the region (groups of at least five placements).',
      'A provider is consistently above the benchmark when at least five of its placements were compared and more than half cost more than the upper quartile.',
      ...note,
    ],
  };
  return [main, routes, framework, notice, split, quarterly, yearly, providers];
}

function formatPounds(p: number): string {
  return `£${Math.round(Math.abs(p) / 100).toLocaleString('en-GB')}`;
}
