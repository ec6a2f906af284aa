/**
 * A contract's KPI dashboard (occupancy, voids and holds and their cost, cost per occupied
 * bed-week, savings against spot, break-even occupancy, each LA's use against its share, stability,
 * proximity) and its bed board (a timeline per bed coloured by state, with a table of every
 * interval). Every chart is server-rendered SVG with a table of the same numbers beside it.
 */
import type { FastifyInstance } from 'fastify';
import { requireContract } from '../../../app/contracts/load.ts';
import { decisionsOf } from '../../../app/contracts/present.ts';
import {
  type BedBoard,
  bedBoard,
  boardRange,
  type KpiView,
  kpiRange,
  kpiView,
  viewerOf,
} from '../../../app/contracts/views.ts';
import { withTenant } from '../../../db/tenant.ts';
import { formatShare } from '../../../domain/contracts/shares.ts';
import { BED_STATES, NEED_SEGMENTS } from '../../../domain/shared/codes.ts';
import {
  addDays,
  addMonths,
  formatLongDate,
  fromEpochDay,
  type LocalDate,
  toEpochDay,
} from '../../../domain/shared/dates.ts';
import { formatPence } from '../../../domain/shared/money.ts';
import { barChart, lineChart, timeline } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { formErrors } from '../../http/forms.ts';
import { CONTRACT_READERS } from './contracts.ts';

/** Chart colour (palette index) per state, matching the key's classes in app.css. */
const STATE_COLOUR: Record<keyof typeof BED_STATES, number> = {
  occupied: 0,
  held: 3,
  void: 1,
  'unavailable-provider': 5,
  'unavailable-agreed': 4,
  decommissioned: 5,
};
const readers = { preHandler: requireAuth({ roles: CONTRACT_READERS }) };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
const pct = (x: number | null | undefined, dp = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(dp)}%`;

export default function register(app: FastifyInstance): void {
  app.get('/contracts/:contractId/kpis', readers, async (req, reply) => {
    const { contractId } = req.params as { contractId: string };
    const q = req.query as { from?: string; to?: string };
    const today = app.config.today();
    const tenant = req.auth!.tenant;
    const out = await withTenant(app.db, tenant, async (trx) => {
      const record = await requireContract(trx, contractId);
      const { range, errors } = kpiRange(record, q, today);
      if (errors.length > 0) return { record, errors };
      return { record, view: await kpiView(trx, tenant, record, range, today), errors };
    });
    const { record } = out;
    const base = {
      title: `KPIs: ${record.reference}`,
      contract: record,
      section: 'kpis',
      heading: 'KPIs',
      values: { from: q.from ?? '', to: q.to ?? '' },
    };
    if (!out.view)
      return reply.page('pages/contracts/kpis.njk', { ...base, errors: formErrors(out.errors) }, 400);
    return reply.page('pages/contracts/kpis.njk', {
      ...base,
      values: { from: out.view.range.from, to: addDays(out.view.range.to, -1) },
      ...kpiPage(out.view),
      decisions: decisionsOf(record, today),
      viewer: viewerOf(record, tenant),
    });
  });

  app.get('/contracts/:contractId/beds', readers, async (req, reply) => {
    const { contractId } = req.params as { contractId: string };
    const q = req.query as { from?: string; to?: string };
    const today = app.config.today();
    const tenant = req.auth!.tenant;
    const out = await withTenant(app.db, tenant, async (trx) => {
      const record = await requireContract(trx, contractId);
      const { range, errors } = boardRange(record, q, today);
      if (errors.length > 0) return { record, errors };
      return { record, board: await bedBoard(trx, tenant, record, range), errors };
    });
    const { record } = out;
    const viewer = viewerOf(record, tenant);
    const base = {
      title: `Bed board: ${record.reference}`,
      contract: record,
      section: 'beds',
      heading: 'Bed board',
      viewer,
      states: BED_STATES,
      values: { from: q.from ?? '', to: q.to ?? '' },
    };
    if (!out.board)
      return reply.page('pages/contracts/beds.njk', { ...base, errors: formErrors(out.errors) }, 400);
    return reply.page('pages/contracts/beds.njk', {
      ...base,
      values: { from: out.board.range.from, to: addDays(out.board.range.to, -1) },
      board: out.board,
      chart: boardChart(out.board, today),
      lastDay: addDays(out.board.range.to, -1),
    });
  });
}

function kpiPage(v: KpiView) {
  const k = v.kpis;
  const lastDay = addDays(v.range.to, -1);
  const description = `from ${formatLongDate(v.range.from)} to ${formatLongDate(lastDay)}`;
  const stateOrder = Object.keys(BED_STATES) as Array<keyof typeof BED_STATES>;
  const monthsChart = lineChart(
    {
      id: 'occupancy',
      title: 'Occupancy by month',
      description: `Occupied bed-days as a share of paid and of available bed-days each month, ${description}, with the break-even occupancy. The table below gives the figures.`,
    },
    [
      {
        name: 'Of paid',
        points: v.monthly
          .map((m, i) => ({ x: i, y: m.occupancyOfPaid === null ? Number.NaN : m.occupancyOfPaid * 100 }))
          .filter((p) => Number.isFinite(p.y)),
      },
      {
        name: 'Of available',
        points: v.monthly
          .map((m, i) => ({
            x: i,
            y: m.occupancyOfAvailable === null ? Number.NaN : m.occupancyOfAvailable * 100,
          }))
          .filter((p) => Number.isFinite(p.y)),
      },
      ...(k.breakEven.occupancy !== null && v.monthly.length > 0
        ? [
            {
              name: 'Break-even',
              points: [
                { x: 0, y: k.breakEven.occupancy * 100 },
                { x: v.monthly.length - 1, y: k.breakEven.occupancy * 100 },
              ],
            },
          ]
        : []),
    ],
    {
      xLabel: (x) => (v.monthly[Math.round(x)] ? monthLabel(v.monthly[Math.round(x)]!.month) : ''),
      yFormat: (y) => `${y}%`,
      yMin: 0,
    },
  );
  const statesChart = barChart(
    {
      id: 'states',
      title: 'Bed-days by state',
      description: `How many bed-days were occupied, held, void, unavailable or decommissioned, ${description}. The table beside gives the figures.`,
    },
    stateOrder.map((s) => ({ label: BED_STATES[s], value: k.bedDays[s], group: STATE_COLOUR[s] })),
  );
  const laChart = barChart(
    {
      id: 'usage',
      title: 'Each authority’s use of the beds against its share',
      description: `For each authority, its share of occupied bed-days beside its liability share, ${description}. The table below gives the figures.`,
    },
    k.byLa.flatMap((l) => [
      { label: `${l.laName}: used`, value: Math.round((l.usageShare ?? 0) * 1000) / 10, group: 0 },
      { label: `${l.laName}: share`, value: Math.round((l.sharePpm / 1_000_000) * 1000) / 10, group: 5 },
    ]),
    { format: (x) => `${x}%` },
  );
  const homeChart = barChart(
    {
      id: 'homes',
      title: 'Cost per occupied bed-week by home',
      description: `The block’s cost per occupied bed-week in each home against the average spot price for the same placements, ${description}.`,
    },
    k.byHome.map((h) => ({ label: h.homeName, value: (h.costPerOccupiedBedWeek ?? 0) / 100 })),
    {
      format: (x) => formatPence(Math.round(x * 100), { wholePounds: true }),
      ...(k.breakEven.averageSpotWeekly
        ? {
            reference: {
              value: k.breakEven.averageSpotWeekly / 100,
              label: `Spot ${formatPence(k.breakEven.averageSpotWeekly, { wholePounds: true })}`,
            },
          }
        : {}),
    },
  );
  return {
    range: v.range,
    lastDay,
    kpis: k,
    monthly: v.monthly.map((m) => ({ ...m, label: monthLabel(m.month) })),
    stateRows: stateOrder.map((s) => ({ state: s, label: BED_STATES[s], days: k.bedDays[s] })),
    laRows: k.byLa.map((l) => ({
      ...l,
      share: formatShare(l.sharePpm),
      usage: pct(l.usageShare),
      difference:
        l.usageMinusShare === null
          ? '–'
          : `${l.usageMinusShare >= 0 ? '+' : '−'}${pct(Math.abs(l.usageMinusShare))}`,
    })),
    spotRates: v.spotRates,
    segments: NEED_SEGMENTS,
    charts: { months: monthsChart, states: statesChart, las: laChart, homes: homeChart },
  };
}

function boardChart(board: BedBoard, today: LocalDate): string {
  const from = toEpochDay(board.range.from);
  const to = toEpochDay(board.range.to);
  const ticks: number[] = [];
  for (let m = `${board.range.from.slice(0, 7)}-01`; m < board.range.to; m = addMonths(m, 1)) {
    if (m >= board.range.from) ticks.push(toEpochDay(m));
  }
  const step = Math.max(1, Math.ceil(ticks.length / 8));
  const t = toEpochDay(today);
  return timeline(
    {
      id: 'board',
      title: 'Each bed’s state over time',
      description: `One row per bed from ${formatLongDate(board.range.from)} to ${formatLongDate(addDays(board.range.to, -1))}, coloured by state (see the key). The table below lists every interval.`,
    },
    board.beds.map((b) => ({
      label: `${b.homeName}, ${b.label}`,
      spans: b.intervals.map((i) => ({
        from: toEpochDay(i.from),
        to: toEpochDay(i.to),
        className: `app-state--${i.state}`,
        title: `${b.homeName}, ${b.label}: ${BED_STATES[i.state]}${i.who ? ` (${i.who})` : ''}, ${formatLongDate(i.from)} to ${formatLongDate(i.lastDay)}, ${i.days} days`,
      })),
    })),
    {
      from,
      to,
      ticks: ticks.filter((_, i) => i % step === 0),
      xLabel: (x) => monthLabel(fromEpochDay(x).slice(0, 7)),
      ...(t >= from && t < to ? { marker: { x: t, label: 'Today' } } : {}),
    },
  );
}
