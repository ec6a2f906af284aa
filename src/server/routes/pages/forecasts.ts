/**
 * Forecast pages (docs/forecasting.md "Pages, API and CLI"): start a forecast from the LA's
 * returns (horizon, runs, seed, unit costs prefilled from the LA's own placements on the platform
 * where it has enough, a scenario), follow its job, then read the fan charts (80% and 95% bands,
 * per placement category and in total, each with its table), spend by financial year (placements
 * open at the origin, new placements, rare high-cost ones), scenarios side by side with the
 * baseline, and download it all as xlsx. A commissioner shares a finished forecast with the
 * region's hub, whose analysts then read it here (never the returns behind it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  formValues,
  LEVER_FIELDS,
  leverValues,
  readForecastForm,
  readScenario,
} from '../../../app/forecasting/forecast-form.ts';
import {
  comparisonOf,
  type ForecastDocument,
  shareForecast,
  startForecast,
} from '../../../app/forecasting/forecasts.ts';
import {
  costRows,
  fanRows,
  headline,
  money,
  monthLabel,
  scenarioViews,
  spendRows,
} from '../../../app/forecasting/present.ts';
import {
  defaultSettings,
  type ForecastSettings,
  HORIZON_CHOICES,
  learningWindow,
  prefillCosts,
} from '../../../app/forecasting/settings.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import {
  findForecast,
  forecastResult,
  listDatasets,
  placementCostsByType,
} from '../../../db/queries/forecasting.ts';
import { withTenant } from '../../../db/tenant.ts';
import { CATEGORY_KEYS, PLACEMENT_CATEGORIES } from '../../../domain/forecasting/categories.ts';
import { type FanChart, fanCharts } from '../../../domain/forecasting/fan-chart.ts';
import { forecastSheets } from '../../../domain/forecasting/report-sheets.ts';
import { DomainError, type FieldError } from '../../../domain/shared/errors.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { barChart, lineChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { FORECAST_ROLES, FORECASTER_ROLES } from './forecasting.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const readers = { preHandler: requireAuth({ roles: FORECAST_ROLES }) };
const keepers = { preHandler: requireAuth({ roles: FORECASTER_ROLES, orgKinds: ['local-authority'] }) };

/** Pounds for a chart axis: £1.2m, £850k. */
const axisMoney = (pounds: number) =>
  Math.abs(pounds) >= 1_000_000
    ? `£${(pounds / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })}m`
    : `£${Math.round(pounds / 1000).toLocaleString('en-GB')}k`;

/** A fan chart as SVG: the observed months, then the expected value with its 95% and 80% bands. */
export function fanChartSvg(id: string, chart: FanChart): string {
  const origin = chart.points.findLastIndex((p) => p.observed !== undefined);
  const at = (i: number) => i - Math.max(0, origin);
  const observed = chart.points.flatMap((p, i) =>
    p.observed === undefined ? [] : [{ x: at(i), y: p.observed }],
  );
  const start = origin >= 0 ? chart.points[origin]!.observed! : undefined;
  const future = chart.points.flatMap((p, i) => (p.mean === undefined ? [] : [{ i, p }]));
  const lead = start === undefined ? [] : [{ x: 0, y: start }];
  const band = (lo: 'p2_5' | 'p10', hi: 'p97_5' | 'p90') => [
    ...(start === undefined ? [] : [{ x: 0, low: start, high: start }]),
    ...future.map(({ i, p }) => ({ x: at(i), low: p[lo]!, high: p[hi]! })),
  ];
  const label = (x: number) => {
    const i = Math.round(x) + Math.max(0, origin);
    return Number.isInteger(x) && chart.points[i] ? monthLabel(chart.points[i]!.date) : '';
  };
  const last = future.at(-1)?.p;
  return lineChart(
    {
      id,
      title: `${chart.label}: children in care at each month end`,
      description: `Observed counts, then the expected number with its 80% and 95% ranges${last ? `: ${Math.round(last.mean!)} expected at ${monthLabel(last.date)} (80% range ${Math.round(last.p10!)} to ${Math.round(last.p90!)})` : ''}. The table gives every month.`,
    },
    [
      // Unnamed: the legend under the chart says which line is which (a name at the line's end would
      // sit on top of the expected line's, which starts where the observed one ends).
      { name: '', points: observed },
      {
        name: 'Expected',
        points: [...lead, ...future.map(({ i, p }) => ({ x: at(i), y: p.mean! }))],
        bands: [
          { name: '95% range', points: band('p2_5', 'p97_5') },
          { name: '80% range', points: band('p10', 'p90') },
        ],
      },
    ],
    { xLabel: label, marker: origin >= 0 ? { x: 0, label: 'Forecast starts' } : undefined, yMin: 0 },
  );
}

export default function register(app: FastifyInstance): void {
  const prefillFor = async (req: FastifyRequest) => {
    const tenant = req.auth!.tenant;
    const w = learningWindow(app.config.today());
    return withTenant(app.db, tenant, async (trx) => ({
      prefill: prefillCosts(await placementCostsByType(trx, tenant.orgId, w.from, w.to)),
      datasets: (await listDatasets(trx, tenant.orgId)).filter((d) => d.status === 'imported'),
    }));
  };

  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> | undefined,
    errors?: readonly FieldError[],
    status = 200,
  ) => {
    const { prefill, datasets } = await prefillFor(req);
    const q = req.query as { datasetId?: string };
    const defaults = formValues(
      { ...defaultSettings(prefill), horizonMonths: 36 },
      {
        datasetId: q.datasetId ?? datasets[0]?.id ?? '',
      },
    );
    return reply.page(
      'pages/forecasting/forecast-new.njk',
      {
        title: 'Run a forecast',
        datasets,
        values: { ...defaults, ...values },
        horizons: HORIZON_CHOICES,
        costs: CATEGORY_KEYS.map((k) => ({
          key: k,
          label: PLACEMENT_CATEGORIES[k],
          source: prefill.sources[k],
        })),
        levers: LEVER_FIELDS,
        errors: errors && formErrors(errors),
      },
      status,
    );
  };

  app.get('/forecasting/forecasts/new', keepers, async (req, reply) => formPage(req, reply, undefined));

  app.post('/forecasting/forecasts', keepers, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string>;
    const { prefill } = await prefillFor(req);
    const form = readForecastForm(body, prefill);
    if (form.errors.length) return formPage(req, reply, body, form.errors, 400);
    try {
      const { jobId } = await withTenant(app.db, req.auth!.tenant, (trx) =>
        startForecast(trx, app.jobs, req.auth!.tenant, {
          datasetId: UUID.test(form.datasetId) ? form.datasetId : undefined,
          name: form.name,
          settings: form.settings,
        }),
      );
      return reply.redirect(`/jobs/${jobId}`, 303);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation')
        return formPage(req, reply, body, e.fieldErrors.map(formField), 400);
      throw e;
    }
  });

  const load = async (req: FastifyRequest) => {
    const { forecastId } = req.params as { forecastId: string };
    const found = UUID.test(forecastId)
      ? await withTenant(app.db, req.auth!.tenant, async (trx) => {
          const f = await findForecast(trx, forecastId);
          return f && { f, result: f.finishedAt ? await forecastResult(trx, forecastId) : undefined };
        })
      : undefined;
    if (!found) notFound('forecast');
    return found;
  };

  const resultsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const { f, result } = await load(req);
    const own = f.orgId === req.auth!.user.orgId;
    const settings = f.settings as unknown as ForecastSettings;
    if (!result) {
      return reply.page('pages/forecasting/forecast-pending.njk', { title: f.name, forecast: f, own });
    }
    const doc = result as unknown as ForecastDocument;
    const charts = fanCharts(doc.forecast, doc.history).map((c, i) => ({
      key: c.key,
      label: c.label,
      id: `fan-${c.key}`,
      svg: fanChartSvg(`fan-chart-${c.key}`, c),
      rows: fanRows(c),
      open: i === 0,
    }));
    const spend = spendRows(doc);
    const spendChart = barChart(
      {
        id: 'spend-chart',
        title: 'Expected spend on placements by financial year',
        description: `Expected spend in each financial year of the forecast${spend.some((s) => s.partial) ? ' (a year cut short by the horizon says so in the table)' : ''}; the table gives the ranges and both segments.`,
      },
      doc.spend.byYear.map((y) => ({
        label: `${y.year}${y.months < 12 ? ` (${y.months} months)` : ''}`,
        value: Math.round(y.total.mean / 100),
      })),
      { format: axisMoney },
    );
    const last = doc.forecast.months.length - 1;
    const scenarios = scenarioViews(doc).map((s) => ({
      ...s,
      chart: barChart(
        {
          id: `scenario-chart-${s.index}`,
          title: `“${s.name}” against the baseline: difference in children in care on ${headline(doc).end}`,
          description:
            'For each placement category and in all, the expected number of children in care under the scenario minus the baseline (negative: fewer). The table above gives both numbers and the 80% range of the difference.',
        },
        [
          ...doc.scenarios[s.index]!.difference.byCategory.map((d) => ({
            label: d.label.replace(/ \(.*\)$/, ''),
            value: Math.round(d.mean[last]! * 10) / 10,
            group: 0,
          })),
          {
            label: 'All children in care',
            value: Math.round(doc.scenarios[s.index]!.difference.total.mean[last]! * 10) / 10,
            group: 5,
          },
        ],
        {
          format: (v) =>
            v > 0 ? `+${v.toLocaleString('en-GB')}` : v.toLocaleString('en-GB').replace('-', '−'),
        },
      ),
    }));
    return reply.page(
      'pages/forecasting/forecast.njk',
      {
        title: f.name,
        forecast: f,
        own,
        settings,
        doc,
        headline: headline(doc),
        charts,
        spend,
        spendChart,
        costs: costRows(settings),
        uplift: settings.costs.annualUplift,
        highCost: doc.spend.highCost.map((h) => ({
          label: h.label,
          weekly: money(h.weekly),
          own: h.own,
          share: h.share,
          expected: money(h.expectedSpend),
        })),
        remaining: doc.spend.remainingWeeks
          .filter((r) => r.placements > 0)
          .map((r) => ({ label: PLACEMENT_CATEGORIES[r.key as keyof typeof PLACEMENT_CATEGORIES], ...r })),
        scenarios,
        levers: LEVER_FIELDS,
        scenarioValues: leverValues(settings.scenarios[0]),
        ...extra,
      },
      status,
    );
  };

  app.get('/forecasting/forecasts/:forecastId', readers, async (req, reply) => resultsPage(req, reply));

  app.post('/forecasting/forecasts/:forecastId/scenario', keepers, async (req, reply) => {
    const { f } = await load(req);
    if (f.orgId !== req.auth!.user.orgId) notFound('forecast');
    const body = (req.body ?? {}) as Record<string, string>;
    const errors: FieldError[] = [];
    const scenario = readScenario(body, errors);
    if (!scenario && errors.length === 0)
      errors.push({ field: 'entryChange', message: 'Set at least one lever of the scenario' });
    if (errors.length || !scenario)
      return resultsPage(req, reply, { errors: formErrors(errors), scenarioValues: body }, 400);
    const settings = { ...(f.settings as unknown as ForecastSettings), scenarios: [scenario] };
    try {
      const { jobId } = await withTenant(app.db, req.auth!.tenant, (trx) =>
        startForecast(trx, app.jobs, req.auth!.tenant, { datasetId: f.datasetId, settings }),
      );
      return reply.redirect(`/jobs/${jobId}`, 303);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation')
        return resultsPage(
          req,
          reply,
          { errors: formErrors(e.fieldErrors.map(formField)), scenarioValues: body },
          400,
        );
      throw e;
    }
  });

  app.post('/forecasting/forecasts/:forecastId/share', keepers, async (req, reply) => {
    const { f } = await load(req);
    if (f.orgId !== req.auth!.user.orgId) notFound('forecast');
    const share = (req.body as Record<string, unknown> | undefined)?.share === 'yes';
    await withTenant(app.db, req.auth!.tenant, (trx) => shareForecast(trx, req.auth!.tenant, f.id, share));
    flash(reply, {
      title: share ? 'Shared with the hub' : 'No longer shared',
      text: share
        ? 'The region’s hub analysts can now read this forecast’s figures (never your returns).'
        : 'The region’s hub can no longer read this forecast.',
    });
    return reply.redirect(`/forecasting/forecasts/${f.id}`, 303);
  });

  app.get('/forecasting/forecasts/:forecastId/export.xlsx', readers, async (req, reply) => {
    const { f, result } = await load(req);
    if (!result) notFound('forecast result');
    const doc = result as unknown as ForecastDocument;
    const bytes = await toXlsx(
      forecastSheets({
        forecast: doc.forecast,
        history: doc.history,
        spend: doc.spend,
        scenarios: comparisonOf(doc),
      }),
    );
    await withTenant(app.db, req.auth!.tenant, (trx) =>
      appendAudit(trx, req.auth!.tenant, [
        { action: 'export', entityType: 'forecast', entityId: f.id, detail: { format: 'xlsx' } },
      ]),
    );
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="${safeFileName(`forecast-${f.laName}-${doc.forecast.origin}`)}.xlsx"`,
      )
      .send(bytes);
  });
}

/** The page's field for a settings problem the API would name by its body path. */
function formField(e: FieldError): FieldError {
  const m = /^unitCosts\.weekly\.(.+)$/.exec(e.field);
  if (m) return { ...e, field: `cost-${m[1]}` };
  if (e.field === 'unitCosts.annualUplift') return { ...e, field: 'annualUplift' };
  const s = /^scenarios\.\d+\.(.+)$/.exec(e.field);
  if (s) return { ...e, field: s[1] === 'name' ? 'scenarioName' : s[1]! };
  return e;
}
