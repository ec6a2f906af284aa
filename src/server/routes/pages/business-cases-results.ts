/**
 * A business case's results: the distributions a finance officer needs (occupancy, empty-bed cost,
 * cost against spot only, the chance the block saves money, break-even, children placed locally,
 * each authority's cost), the sizing sweep and its cost/risk frontier, pooling against each
 * authority alone, and the options appraisal, whose weights can be changed here without simulating
 * again. Every chart is server-rendered SVG with a table of the same numbers. The business-case
 * pack is an xlsx download and a printable page. Monitoring compares a live contract with the
 * business case it is linked to.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { monitoringView } from '../../../app/simulation/monitoring.ts';
import {
  packSheets,
  reappraise,
  type StoredRun,
  storedRun,
  weightsFromQuery,
} from '../../../app/simulation/results.ts';
import { findRun, findScenario, latestFinishedRun, type RunRecord } from '../../../db/queries/simulation.ts';
import { withTenant } from '../../../db/tenant.ts';
import { NEED_SEGMENTS } from '../../../domain/shared/codes.ts';
import { formatLongDate } from '../../../domain/shared/dates.ts';
import { formatPence } from '../../../domain/shared/money.ts';
import { describeStay, describeVoidRule } from '../../../domain/simulation/business-case-pack.ts';
import type { Distribution } from '../../../domain/simulation/distribution.ts';
import type { Criterion } from '../../../domain/simulation/options-appraisal.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { barChart, lineChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { BUSINESS_CASE_ROLES } from './business-cases.ts';

const gate = { preHandler: requireAuth({ roles: BUSINESS_CASE_ROLES }) };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
const money = (p: number) => formatPence(Math.round(p), { wholePounds: true });
const pct = (x: number | null | undefined, dp = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(dp)}%`;
const num = (x: number, dp = 1) =>
  x.toLocaleString('en-GB', { maximumFractionDigits: dp, minimumFractionDigits: dp });
/** Pounds for a chart axis: £1.2m, £850k. */
const axisMoney = (pounds: number) =>
  Math.abs(pounds) >= 1_000_000
    ? `£${(pounds / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })}m`
    : `£${Math.round(pounds / 1000).toLocaleString('en-GB')}k`;

export default function register(app: FastifyInstance): void {
  const loadFinished = async (req: FastifyRequest) => {
    const { runId } = req.params as { runId: string };
    const run = await withTenant(app.db, req.auth!.tenant, (trx) => findRun(trx, runId));
    if (!run) notFound('simulation run');
    return run;
  };

  app.get('/business-cases/runs/:runId', gate, async (req, reply) => {
    const run = await loadFinished(req);
    if (!run.result) {
      return reply.page('pages/simulation/pending.njk', { title: 'The simulation has not finished', run });
    }
    const stored = storedRun(run.request, run.result);
    const weights = weightsFromQuery(stored.request, req.query as Record<string, unknown>);
    return resultsPage(reply, 'pages/simulation/results.njk', run, stored, weights);
  });

  app.get('/business-cases/runs/:runId/print', gate, async (req, reply) => {
    const run = await loadFinished(req);
    if (!run.result) notFound('simulation result');
    const stored = storedRun(run.request, run.result);
    const weights = weightsFromQuery(stored.request, req.query as Record<string, unknown>);
    return resultsPage(reply, 'pages/simulation/print.njk', run, stored, weights);
  });

  app.get('/business-cases/runs/:runId/pack.xlsx', gate, async (req, reply) => {
    const run = await loadFinished(req);
    if (!run.result) notFound('simulation result');
    const stored = storedRun(run.request, run.result);
    const weights = weightsFromQuery(stored.request, req.query as Record<string, unknown>);
    const bytes = await toXlsx(
      packSheets(stored, weights.errors.length === 0 ? weights.criteria : undefined),
    );
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="${safeFileName(`business-case-${run.scenarioName}-${run.createdAt.toISOString().slice(0, 10)}.xlsx`)}"`,
      )
      .send(bytes);
  });

  app.get('/business-cases/:scenarioId/monitoring', gate, async (req, reply) => {
    const { scenarioId } = req.params as { scenarioId: string };
    const tenant = req.auth!.tenant;
    const today = app.config.today();
    const out = await withTenant(app.db, tenant, async (trx) => {
      const scenario = await findScenario(trx, scenarioId);
      if (!scenario) return undefined;
      const run = await latestFinishedRun(trx, scenarioId);
      if (!scenario.contractId || !run?.result) return { scenario, run, view: undefined };
      const stored = storedRun(run.request, run.result);
      const view = await monitoringView(trx, tenant, scenario.contractId, stored.result.businessCase, today);
      return { scenario, run, stored, view };
    });
    if (!out) notFound('business case');
    const { scenario, run, view } = out;
    const base = { title: `Monitoring: ${scenario.name}`, scenario, run };
    if (!scenario.contractId || !run?.result || !view || !out.stored)
      return reply.page('pages/simulation/monitoring.njk', {
        ...base,
        missing: !scenario.contractId ? 'contract' : !run?.result ? 'run' : 'hidden',
      });
    const bc = out.stored.result.businessCase;
    const plan = new Map(view.report.occupancy.map((m) => [m.month, m]));
    const months = view.months.map((m, i) => ({
      ...m,
      label: monthLabel(m.month),
      expected: plan.get(m.month)?.expected ?? null,
      low: plan.get(m.month)?.low ?? null,
      trailing: view.report.occupancy[i]?.trailing ?? null,
    }));
    const points = (f: (m: (typeof months)[number]) => number | null) =>
      months.flatMap((m, i) => {
        const y = f(m);
        return y === null || !Number.isFinite(y) ? [] : [{ x: i, y: y * 100 }];
      });
    const chart =
      months.length > 0
        ? lineChart(
            {
              id: 'monitoring',
              title: 'Occupancy: actual against the business case',
              description: `The contract’s actual occupancy each month against the occupancy the business case expected (its mean and its low case), and the break-even occupancy at current prices. The table below gives the figures.`,
            },
            [
              { name: 'Actual', points: points((m) => m.occupancy) },
              { name: 'Expected', points: points((m) => m.expected) },
              { name: 'Low case (p5)', points: points((m) => m.low) },
              {
                name: 'Break-even',
                points: [
                  { x: 0, y: view.report.breakEven.current * 100 },
                  { x: months.length - 1, y: view.report.breakEven.current * 100 },
                ],
              },
            ],
            {
              xLabel: (x) => (months[Math.round(x)] ? monthLabel(months[Math.round(x)]!.month) : ''),
              yFormat: (y) => `${y}%`,
              yMin: 0,
            },
          )
        : '';
    const assumedSpot = (month: string) => {
      const sy = Number(bc.startDate.slice(0, 4));
      const sm = Number(bc.startDate.slice(5, 7));
      const year = Math.max(
        0,
        Math.floor((Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - (sy * 12 + sm)) / 12),
      );
      return bc.spotWeekly * (1 + bc.spotInflationPercent / 100) ** year;
    };
    return reply.page('pages/simulation/monitoring.njk', {
      ...base,
      view,
      months,
      chart,
      flags: view.report.flags,
      needsMix: view.report.needsMix.map((n) => ({ ...n, label: NEED_SEGMENTS[n.segment] })),
      spot: (view.actuals.spotRates ?? []).map((s) => ({
        label: monthLabel(s.month),
        actual: s.weeklyPence,
        assumed: Math.round(assumedSpot(s.month)),
      })),
      breakEven: view.report.breakEven,
      lastMonth: months.at(-1)?.label,
    });
  });
}

type Weights = ReturnType<typeof weightsFromQuery>;

function resultsPage(
  reply: FastifyReply,
  template: string,
  run: RunRecord,
  stored: StoredRun,
  weights: Weights,
) {
  const criteria: Criterion[] | undefined = weights.errors.length === 0 ? weights.criteria : undefined;
  const model = resultsModel(run, stored, criteria);
  const query =
    weights.changed && criteria
      ? new URLSearchParams(criteria.map((c) => [`weight.${c.key}`, String(c.weight)])).toString()
      : '';
  return reply.page(
    template,
    {
      title: `Results: ${run.scenarioName}`,
      run,
      ...model,
      weightValues: weights.values,
      weightsChanged: weights.changed && weights.errors.length === 0,
      packHref: `/business-cases/runs/${run.id}/pack.xlsx${query ? `?${query}` : ''}`,
      printHref: `/business-cases/runs/${run.id}/print${query ? `?${query}` : ''}`,
      ...(weights.errors.length > 0 ? { errors: formErrors(weights.errors) } : {}),
    },
    weights.errors.length > 0 ? 400 : 200,
  );
}

const distRow = (label: string, d: Distribution | null, format: (x: number) => string) => ({
  label,
  mean: d ? format(d.mean) : '–',
  p5: d ? format(d.p5) : '–',
  p50: d ? format(d.p50) : '–',
  p95: d ? format(d.p95) : '–',
});

/** Everything the results and print pages show, charts included. */
export function resultsModel(run: RunRecord, stored: StoredRun, criteria?: readonly Criterion[]) {
  const { request, result: all } = stored;
  const r = all.result;
  const s = request.scenario;
  const effective = r.effectiveBreakEvenOccupancy;
  const months = r.monthly.filter((m) => m.occupancy !== null);

  const monthlyChart =
    months.length > 0
      ? lineChart(
          {
            id: 'monthly-occupancy',
            title: 'Expected occupancy month by month',
            description: `Mean occupancy each month over ${r.runs.toLocaleString('en-GB')} simulated runs, shaded between the 5th and 95th percentiles, against the effective break-even occupancy. The table below gives the figures.`,
          },
          [
            {
              name: 'Mean occupancy',
              points: months.map((m, i) => ({ x: i, y: m.occupancy!.mean * 100 })),
              bands: [
                {
                  name: '5th to 95th percentile',
                  points: months.map((m, i) => ({
                    x: i,
                    low: m.occupancy!.p5 * 100,
                    high: m.occupancy!.p95 * 100,
                  })),
                },
              ],
            },
            ...(effective !== null
              ? [
                  {
                    name: 'Break-even',
                    points: [
                      { x: 0, y: effective * 100 },
                      { x: months.length - 1, y: effective * 100 },
                    ],
                  },
                ]
              : []),
          ],
          {
            xLabel: (x) => (months[Math.round(x)] ? monthLabel(months[Math.round(x)]!.month) : ''),
            yFormat: (y) => `${y}%`,
            yMin: 0,
          },
        )
      : '';

  const c = r.costs;
  const costsChart = barChart(
    {
      id: 'costs',
      title: 'Cost over the term, mean of the runs',
      description:
        'What the block’s occupied beds, its empty beds and the spot placements it could not take cost on average, the total, and the cost of placing every child spot. The table below gives the spread.',
    },
    [
      { label: 'Block beds in use', value: c.blockOccupied.mean / 100, group: 0 },
      { label: 'Empty block beds', value: c.emptyBeds.mean / 100, group: 0 },
      { label: 'Spot placements', value: c.spot.mean / 100, group: 0 },
      { label: 'Total with the block', value: c.total.mean / 100, group: 2 },
      { label: 'Spot only', value: c.baseline.mean / 100, group: 5 },
    ],
    { format: axisMoney },
  );
  const costRows = [
    distRow('Block beds with a child in them', c.blockOccupied, money),
    distRow('Beds held for a child being matched', c.matching, money),
    distRow('Beds in their hold period', c.hold, money),
    distRow('Void beds after the hold', c.void, money),
    distRow('All empty block beds', c.emptyBeds, money),
    distRow('Spot placements (including waiting for a match)', c.spot, money),
    distRow('Total with the block', c.total, money),
    distRow('Spot only', c.baseline, money),
    distRow('Saving against spot only', c.saving, money),
  ];

  const ch = r.children;
  const childrenChart = barChart(
    {
      id: 'children',
      title: 'Where the children were placed, mean of the runs',
      description:
        'Children placed in the block, spot within their area, and spot out of their area, on average over the term. The table below gives the spread.',
    },
    [
      { label: 'In the block', value: ch.placedInBlock.mean, group: 0 },
      { label: 'Spot, locally', value: ch.placedSpotLocal.mean, group: 2 },
      { label: 'Spot, out of area', value: ch.placedSpotOutOfArea.mean, group: 1 },
    ],
    { format: (v) => num(v, 1) },
  );
  const childRows = [
    distRow('Children referred', ch.referrals, (x) => num(x)),
    distRow('Placed in the block', ch.placedInBlock, (x) => num(x)),
    distRow('Placed spot, locally', ch.placedSpotLocal, (x) => num(x)),
    distRow('Placed spot, out of area', ch.placedSpotOutOfArea, (x) => num(x)),
    distRow('Placed locally (block or local spot)', ch.placedLocally, (x) => num(x)),
    distRow('Share placed locally', ch.localShare, (x) => pct(x)),
  ];

  const laChart = barChart(
    {
      id: 'by-la',
      title: 'Each authority’s cost over the term, mean of the runs',
      description:
        'For each authority, its mean cost with the block (its own children plus its share of empty beds) and if every child were placed spot. The table below gives the figures.',
    },
    r.las.flatMap((la) => [
      { label: `${la.name}: with the block`, value: la.cost.mean / 100, group: 0 },
      { label: `${la.name}: spot only`, value: la.baseline.mean / 100, group: 5 },
    ]),
    { format: axisMoney },
  );

  const sizing = all.sizing;
  let sizingModel: Record<string, unknown> | null = null;
  if (sizing) {
    const prices = [...new Set(sizing.points.map((p) => p.blockWeekly))];
    const first = sizing.points.filter((p) => p.blockWeekly === prices[0]);
    const chart = lineChart(
      {
        id: 'sizing',
        title: 'Cost over the term by block size',
        description: `Mean cost and cost in a bad run (95th percentile) for each block size at ${money(prices[0]!)} a week, against placing every child spot; the cost axis starts near the lowest cost, not at zero. The table below gives every size${prices.length > 1 ? ' and price' : ''}.`,
      },
      [
        { name: 'Mean cost', points: first.map((p) => ({ x: p.beds, y: p.meanCost / 100 })) },
        { name: 'Bad run (p95)', points: first.map((p) => ({ x: p.beds, y: p.p95Cost / 100 })) },
        {
          name: 'Spot only',
          points: [
            { x: first[0]!.beds, y: sizing.baselineMeanCost / 100 },
            { x: first.at(-1)!.beds, y: sizing.baselineMeanCost / 100 },
          ],
        },
      ],
      {
        xLabel: (x) => `${x} beds`,
        yFormat: axisMoney,
        // Costs differ by a few per cent between sizes: start the axis near them (the table has the figures).
        yMin: (0.9 * Math.min(sizing.baselineMeanCost, ...first.map((p) => p.meanCost))) / 100,
      },
    );
    const best = new Map(sizing.best.map((b) => [b.blockWeekly, b]));
    sizingModel = {
      chart,
      prices: prices.length,
      best: sizing.best.map((b) => ({
        price: money(b.blockWeekly),
        lowestMean: b.lowestMeanCost,
        lowestBadYear: b.lowestBadYearCost,
      })),
      rows: sizing.points.map((p) => {
        const b = best.get(p.blockWeekly);
        return {
          beds: p.beds,
          price: money(p.blockWeekly),
          meanCost: money(p.meanCost),
          p5Cost: money(p.p5Cost),
          p95Cost: money(p.p95Cost),
          meanSaving: money(p.meanSaving),
          negative: p.meanSaving < 0,
          probabilitySaves: pct(p.probabilitySaves, 0),
          occupancy: pct(p.occupancy),
          erlang: pct(p.erlangOccupancy),
          placedInBlock: num(p.placedInBlock),
          placedLocally: num(p.placedLocally),
          frontier: p.onFrontier,
          tags: [
            b?.lowestMeanCost === p.beds ? 'lowest mean cost' : '',
            b?.lowestBadYearCost === p.beds ? 'lowest bad-run cost' : '',
          ].filter(Boolean),
        };
      }),
      baseline: money(sizing.baselineMeanCost),
    };
  }

  const pooling = all.pooling;
  let poolingModel: Record<string, unknown> | null = null;
  if (pooling) {
    poolingModel = {
      beds: pooling.beds,
      bedsByLa: pooling.bedsByLa.join(' / '),
      chart: barChart(
        {
          id: 'pooling',
          title: 'Occupancy: the shared block against each authority alone',
          description: `Mean occupancy of the ${pooling.beds} beds shared by all the authorities, and of the same beds split between them by liability share. The table below gives costs too.`,
        },
        [
          { label: 'Shared block', value: (pooling.pooled.occupancy?.mean ?? 0) * 100, group: 0 },
          { label: 'Each authority alone', value: (pooling.separate.occupancy?.mean ?? 0) * 100, group: 1 },
        ],
        { format: (v) => `${num(v)}%` },
      ),
      curveChart: lineChart(
        {
          id: 'pooling-curve',
          title: 'Erlang’s formula: the same demand split between more separate blocks',
          description:
            'Occupancy of the same beds when the demand is split equally between 1, 2, 3 … separate blocks, from Erlang’s loss formula. The table below gives the figures.',
        },
        [
          {
            name: 'Occupancy',
            points: pooling.erlangCurve
              .filter((e) => e.occupancy !== null)
              .map((e) => ({ x: e.blocks, y: e.occupancy! * 100 })),
          },
        ],
        { xLabel: (x) => `${x}`, yFormat: (y) => `${y}%`, yMin: 0 },
      ),
      rows: [
        ['Shared block', String(pooling.beds), pooling.pooled],
        ['Each authority alone', pooling.bedsByLa.join(' / '), pooling.separate],
      ].map(([label, beds, side]) => {
        const x = side as typeof pooling.pooled;
        return {
          label,
          beds,
          occupancy: pct(x.occupancy?.mean ?? null),
          cost: money(x.totalCost.mean),
          saving: money(x.saving.mean),
          probabilitySaves: pct(x.probabilitySaves, 0),
          placedInBlock: num(x.placedInBlock.mean),
          placedLocally: num(x.placedLocally.mean),
        };
      }),
      curve: pooling.erlangCurve.map((e) => ({ blocks: e.blocks, occupancy: pct(e.occupancy) })),
      benefit: {
        points: pooling.benefit.occupancyPoints === null ? '–' : num(pooling.benefit.occupancyPoints),
        money: money(pooling.benefit.meanCostSaving),
        saves: pooling.benefit.meanCostSaving >= 0,
        children: num(pooling.benefit.extraPlacedInBlock),
      },
    };
  }

  const appraised = reappraise(stored, criteria);
  let appraisalModel: Record<string, unknown> | null = null;
  if (appraised) {
    const a = appraised.appraisal;
    appraisalModel = {
      criteria: a.criteria.map((k) => ({ ...k, share: pct(k.share, 0) })),
      options: a.options.map((o) => ({
        ...o,
        total: num(o.weightedTotal),
        scores: o.scores.map((x) => ({ ...x, scoreText: num(x.score, 2) })),
      })),
      modelled: appraised.options.map((m) => ({
        label: m.label,
        basis: m.basis,
        meanCost: money(m.metrics.meanCost),
        p5Cost: money(m.metrics.p5Cost),
        p95Cost: money(m.metrics.p95Cost),
        localShare: pct(m.metrics.localShare, 0),
        moreThanSpot: pct(m.metrics.probabilityCostsMoreThanSpot, 0),
      })),
      chart: barChart(
        {
          id: 'appraisal',
          title: 'Options ranked by weighted score',
          description:
            'Each option’s weighted score as a percentage of the best possible, with the weights shown. The table below gives every criterion’s score and why.',
        },
        a.options.map((o) => ({
          label: `${o.rank}. ${o.label}`,
          value: o.weightedTotal,
          group: o.rank === 1 ? 2 : 0,
        })),
        { format: (v) => `${num(v)}%` },
      ),
    };
  }

  return {
    scenario: s,
    result: r,
    describe: {
      stay: describeStay(s.stayLength),
      voidRule: describeVoidRule(s.block.voidRule),
      start: formatLongDate(s.startDate),
      blockWeekly: money(s.block.weeklyPence),
      spotWeekly: money(s.spot.weeklyPence),
    },
    figures: {
      occupancy: r.occupancy ? pct(r.occupancy.mean) : 'no beds',
      occupancyRange: r.occupancy ? `${pct(r.occupancy.p5)} to ${pct(r.occupancy.p95)}` : '',
      breakEven: pct(r.breakEvenOccupancy),
      effectiveBreakEven: pct(effective),
      probabilitySaves: pct(r.probabilityBlockSaves, 0),
      probabilityAbove: pct(r.probabilityAboveBreakEven, 0),
      saving: money(c.saving.mean),
      savingNegative: c.saving.mean < 0,
      savingRange: `${money(c.saving.p5)} to ${money(c.saving.p95)}`,
      emptyBeds: money(c.emptyBeds.mean),
      localShare: pct(ch.localShare?.mean ?? null, 0),
      breakExercised: r.probabilityBreakExercised === null ? null : pct(r.probabilityBreakExercised, 0),
      erlang: pct(r.erlang.occupancy),
      offeredLoad: num(r.erlang.offeredLoad, 2),
    },
    occupancyRows: [distRow('Occupancy', r.occupancy, (x) => pct(x))],
    monthlyChart,
    monthlyRows: months.map((m) => ({
      label: monthLabel(m.month),
      mean: pct(m.occupancy!.mean),
      p5: pct(m.occupancy!.p5),
      p95: pct(m.occupancy!.p95),
    })),
    costsChart,
    costRows,
    childrenChart,
    childRows,
    laChart,
    laRows: r.las.map((la) => ({
      name: la.name,
      share: pct(la.sharePpm / 1_000_000),
      cost: money(la.cost.mean),
      costRange: `${money(la.cost.p5)} to ${money(la.cost.p95)}`,
      baseline: money(la.baseline.mean),
      saving: money(la.saving.mean),
      negative: la.saving.mean < 0,
      probabilitySaves: pct(la.probabilitySaves, 0),
      placedInBlock: num(la.placedInBlock.mean),
      placedLocally: num(la.placedLocally.mean),
    })),
    sizing: sizingModel,
    pooling: poolingModel,
    appraisal: appraisalModel,
    createdOn: formatLongDate(run.createdAt.toISOString().slice(0, 10)),
  };
}
