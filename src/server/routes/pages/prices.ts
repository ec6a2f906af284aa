/**
 * The price benchmark page (docs/pricing.md "Pages and API"): weekly prices by need segment,
 * placement type, route, notice and provider, the cost split, median and spread, the quarterly
 * trend, on- versus off-framework like for like, and providers consistently above the benchmark.
 * The hub sees the region in full (or as published); an LA commissioner sees its own placements in
 * full and the region's only through small-number suppression. Every chart has its table; the xlsx
 * export holds the same tables.
 */
import type { FastifyInstance } from 'fastify';
import { type BenchmarkView, loadBenchmark } from '../../../app/regional/benchmark.ts';
import { presentTable } from '../../../app/regional/present.ts';
import { REGIONAL_ROLES, type Release, releaseFor } from '../../../app/regional/release.ts';
import type { BenchmarkCell } from '../../../domain/pricing/benchmark.ts';
import { sheetOfTable, uniqueSheetNames } from '../../../domain/pricing/data-table.ts';
import { COST_COMPONENT_CODES, COST_COMPONENTS } from '../../../domain/pricing/price-record.ts';
import type { NeedSegment } from '../../../domain/shared/codes.ts';
import { formatPence } from '../../../domain/shared/money.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { type BarDatum, barChart, type LineSeries, lineChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { addNavItem } from '../../nav.ts';

export const SHORT_SEGMENTS: Record<NeedSegment, string> = {
  'ebd-standard': 'EBD, standard',
  'ebd-complex': 'EBD, complex',
  disability: 'Disability',
  'mental-health': 'Mental health',
  'solo-complex': 'Solo or very complex',
};
const SEGMENT_ORDER = Object.keys(SHORT_SEGMENTS);

const readers = { preHandler: requireAuth({ roles: REGIONAL_ROLES }) };

/** Sheet names of the export, by table. */
export const PRICE_SHEETS: Record<string, string> = {
  prices: 'Prices',
  routes: 'By route',
  framework: 'On and off framework',
  notice: 'By notice given',
  split: 'Cost split',
  'trend-quarter': 'By quarter',
  'trend-year': 'By year',
  providers: 'Providers',
};
const pounds = (p: number) => formatPence(p, { wholePounds: true });

export function releaseText(r: Release): string {
  return `Placements that started up to ${r.dataTo}. The figures change when a quarter ends.`;
}

export default function register(app: FastifyInstance): void {
  addNavItem({
    href: '/regional/prices',
    text: 'Prices and gaps',
    roles: ['hub-analyst', 'commissioner'],
    order: 50,
  });

  app.get('/regional/prices', readers, async (req, reply) => {
    const { view } = req.query as { view?: string };
    const auth = req.auth!;
    const release = releaseFor(auth.user, app.config.today(), view);
    const bench = await loadBenchmark(app.db, auth.tenant, release);
    return reply.page('pages/regional/prices.njk', {
      title: 'Prices paid',
      release,
      releaseText: releaseText(release),
      section: 'prices',
      exportHref: `/regional/prices/export.xlsx${release.view === 'hub-published' ? '?view=published' : ''}`,
      summary: summaryOf(bench),
      charts: chartsOf(bench),
      tables: Object.fromEntries(bench.tables.map((t) => [t.id, presentTable(t)])),
      empty: bench.pack.tables.byRoute.cells.length === 0,
    });
  });

  app.get('/regional/prices/export.xlsx', readers, async (req, reply) => {
    const { view } = req.query as { view?: string };
    const auth = req.auth!;
    const release = releaseFor(auth.user, app.config.today(), view);
    const bench = await loadBenchmark(app.db, auth.tenant, release, { export: true });
    const about = [
      auth.user.orgKind === 'hub'
        ? `Prices paid in the region (${auth.user.orgName})`
        : `Prices paid in the region, as ${auth.user.orgName} sees them`,
      releaseText(release),
      release.view === 'hub-full'
        ? 'In full, with nothing hidden: for the hub only, not for publication.'
        : 'Small numbers are hidden: empty cells are figures not shown to protect them.',
    ];
    const bytes = await toXlsx(
      uniqueSheetNames(
        bench.tables.map((t) => ({ ...sheetOfTable(t, about), name: PRICE_SHEETS[t.id] ?? t.id })),
      ),
    );
    const name = safeFileName(
      `prices-${release.view === 'hub-full' ? 'in-full' : release.view === 'hub-published' ? 'as-published' : auth.user.laCode}-to-${release.cutoff}.xlsx`,
    );
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(bytes);
  });
}

function grandTotal(b: BenchmarkView): BenchmarkCell | undefined {
  return b.pack.tables.byRoute.cells.find((c) => c.level.length === 0);
}

function residential(b: BenchmarkView): BenchmarkCell | undefined {
  return b.pack.tables.byRoute.cells.find(
    (c) => c.level.length === 1 && c.level[0] === 'placementType' && c.key.placementType === 'residential',
  );
}

function summaryOf(b: BenchmarkView) {
  const total = grandTotal(b);
  const res = residential(b);
  const fc = b.pack.frameworkComparison;
  return {
    placements: total?.all?.count ?? null,
    own: b.release.viewer.laCode ? (total?.own?.count ?? 0) : null,
    residentialMedian: res?.all?.median ?? null,
    residentialSpread: res?.all ? `${pounds(res.all.q1)} to ${pounds(res.all.q3)}` : null,
    ownResidentialMedian: res?.own?.median ?? null,
    spotPremium: fc.weightedSpotPremium,
    flagged: b.pack.providersAbove.filter((p) => p.flagged).length,
  };
}

function chartsOf(b: BenchmarkView) {
  const la = b.release.viewer.laCode !== null;
  const res = b.pack.tables.byRoute.cells
    .filter(
      (c) => c.level.length === 2 && c.key.placementType === 'residential' && c.key.segment !== undefined,
    )
    .sort((x, y) => SEGMENT_ORDER.indexOf(x.key.segment!) - SEGMENT_ORDER.indexOf(y.key.segment!));
  const medians: BarDatum[] = res.flatMap((c) => {
    const label = SHORT_SEGMENTS[c.key.segment as NeedSegment] ?? c.key.segment!;
    const out: BarDatum[] = [];
    if (c.all) out.push({ label: la ? `${label}: region` : label, value: c.all.median / 100, group: 0 });
    if (la && c.own) out.push({ label: `${label}: yours`, value: c.own.median / 100, group: 1 });
    return out;
  });
  const trend = b.pack.residentialTrend.points;
  const idx = (i: number) => trend[i]?.period ?? '';
  const region: LineSeries = {
    name: 'Region median',
    points: trend.flatMap((p, i) => (p.median === null ? [] : [{ x: i, y: p.median / 100 }])),
    bands: [
      {
        name: 'Middle half of prices (lower to upper quartile)',
        points: trend.flatMap((p, i) =>
          p.q1 === null || p.q3 === null ? [] : [{ x: i, low: p.q1 / 100, high: p.q3 / 100 }],
        ),
      },
    ],
  };
  const series: LineSeries[] = [region];
  if (la)
    series.push({
      name: 'Your median',
      points: trend.flatMap((p, i) => (p.ownMedian === null ? [] : [{ x: i, y: p.ownMedian / 100 }])),
    });
  const resCell = residential(b);
  const split: BarDatum[] = resCell?.all
    ? COST_COMPONENT_CODES.filter((k) => resCell.all!.meanSplit[k] > 0).map((k) => ({
        label: COST_COMPONENTS[k],
        value: resCell.all!.meanSplit[k] / 100,
      }))
    : [];
  const premiums: BarDatum[] = b.pack.frameworkComparison.rows
    .filter((r) => r.spotPremium !== null && r.placementType === 'residential')
    .sort((x, y) => SEGMENT_ORDER.indexOf(x.segment) - SEGMENT_ORDER.indexOf(y.segment))
    .map((r) => ({
      label: SHORT_SEGMENTS[r.segment],
      value: r.spotPremium! / 100,
      group: r.spotPremium! < 0 ? 2 : 1,
    }));
  const money = (v: number) => `£${Math.round(v).toLocaleString('en-GB')}`;
  return {
    medians: medians.length
      ? barChart(
          {
            id: 'chart-medians',
            title: 'Median weekly price of residential placements, by need segment',
            description: la
              ? 'Bars show the region’s median weekly price and your own median for each need segment, in pounds. The table of prices by need segment and placement type below has the same figures.'
              : 'Bars show the median weekly price for each need segment, in pounds. The table of prices by need segment and placement type below has the same figures.',
          },
          medians,
          { format: money },
        )
      : null,
    trend:
      region.points.length > 0
        ? lineChart(
            {
              id: 'chart-trend',
              title: 'Residential weekly prices by financial quarter of the start',
              description:
                'The line is the region’s median weekly price of residential placements in each quarter, the band its lower to upper quartile. The quarterly table below has the same figures.',
            },
            series,
            { xLabel: (x) => idx(Math.round(x)), yFormat: money, yMin: 0 },
          )
        : null,
    split: split.length
      ? barChart(
          {
            id: 'chart-split',
            title: 'Mean weekly cost of a residential placement, by component',
            description:
              'Bars show the mean weekly cost of each component of a residential placement in the region, in pounds. The cost split table below has the same figures.',
          },
          split,
          { format: money },
        )
      : null,
    premiums: premiums.length
      ? barChart(
          {
            id: 'chart-premiums',
            title: 'Spot premium over framework prices, residential, by need segment',
            description:
              'Bars show how much more (or less) the median spot placement cost each week than the median framework placement of the same need segment, in pounds. The like-for-like table below has the same figures.',
          },
          premiums,
          { format: money },
        )
      : null,
  };
}
