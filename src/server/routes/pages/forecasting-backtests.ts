/**
 * Backtest pages (docs/forecasting.md §8 and "Pages, API and CLI"): choose cut-offs and a horizon,
 * run the backtest as a job, then read per-category MAPE against carrying the last count forward
 * and how often the actual fell inside the 80% and 95% ranges, as tables and a chart. LA
 * commissioners only: backtests score the LA's own returns.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  BACKTEST_HORIZONS,
  type BacktestSettings,
  defaultBacktestSettings,
  possibleCutoffs,
  startBacktest,
} from '../../../app/forecasting/backtests.ts';
import { backtestView } from '../../../app/forecasting/present.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import { findBacktest, listDatasets } from '../../../db/queries/forecasting.ts';
import { withTenant } from '../../../db/tenant.ts';
import type { BacktestResult } from '../../../domain/forecasting/backtest.ts';
import { backtestSheets } from '../../../domain/forecasting/backtest-sheets.ts';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../../../domain/forecasting/categories.ts';
import type { DatasetSummary } from '../../../domain/forecasting/dataset.ts';
import { formatLongDate } from '../../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../../domain/shared/errors.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { barChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { FORECASTER_ROLES } from './forecasting.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const keepers = { preHandler: requireAuth({ roles: FORECASTER_ROLES, orgKinds: ['local-authority'] }) };

type Body = Record<string, string | string[] | undefined>;
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** The backtest form: cut-offs (checkboxes), horizon, runs and seed. */
export function readBacktestForm(b: Body): {
  settings: BacktestSettings;
  datasetId: string;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const d = defaultBacktestSettings();
  const int = (field: keyof BacktestSettings, label: string, fallback: number) => {
    const raw = String(list(b[field])[0] ?? '')
      .trim()
      .replace(/,/g, '');
    if (raw === '') return fallback;
    if (!/^\d+$/.test(raw)) {
      errors.push({ field, message: `${label}: enter a whole number` });
      return fallback;
    }
    return Number(raw);
  };
  const settings: BacktestSettings = {
    cutoffs: list(b.cutoffs).map((c) => c.trim()),
    horizonMonths: int('horizonMonths', 'Horizon', d.horizonMonths),
    simulations: int('simulations', 'Simulation runs', d.simulations),
    seed: int('seed', 'Random seed', d.seed),
    minCount: d.minCount,
    modelOnly: list(b.modelOnly)[0] === 'yes',
  };
  return { settings, datasetId: String(list(b.datasetId)[0] ?? ''), errors };
}

export default function register(app: FastifyInstance): void {
  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: Body | undefined,
    errors?: readonly FieldError[],
    status = 200,
  ) => {
    const tenant = req.auth!.tenant;
    const datasets = await withTenant(app.db, tenant, async (trx) =>
      (await listDatasets(trx, tenant.orgId)).filter((d) => d.status === 'imported'),
    );
    const q = req.query as { datasetId?: string };
    const datasetId = String(list(values?.datasetId)[0] ?? q.datasetId ?? datasets[0]?.id ?? '');
    const dataset = datasets.find((d) => d.id === datasetId) ?? datasets[0];
    const summary = dataset?.summary as unknown as DatasetSummary | undefined;
    const horizon = Number(list(values?.horizonMonths)[0] ?? 12);
    // Offer every 31 March the shortest horizon allows; the longest-horizon ones are ticked.
    const offered = summary ? possibleCutoffs(summary, Math.min(...BACKTEST_HORIZONS)) : [];
    const fits = summary ? new Set(possibleCutoffs(summary, horizon)) : new Set<string>();
    const chosen = values ? new Set(list(values.cutoffs)) : fits;
    return reply.page(
      'pages/forecasting/backtest-new.njk',
      {
        title: 'Run a backtest',
        datasets,
        dataset,
        values: {
          horizonMonths: String(horizon),
          simulations: String(defaultBacktestSettings().simulations),
          seed: String(defaultBacktestSettings().seed),
          ...Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, list(v)[0] ?? ''])),
          datasetId: dataset?.id ?? '',
        },
        cutoffs: offered.map((c) => ({ value: c, text: formatLongDate(c), checked: chosen.has(c) })),
        horizons: BACKTEST_HORIZONS,
        errors: errors && formErrors(errors),
      },
      status,
    );
  };

  app.get('/forecasting/backtests/new', keepers, async (req, reply) => formPage(req, reply, undefined));

  app.post('/forecasting/backtests', keepers, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const form = readBacktestForm(body);
    if (form.errors.length) return formPage(req, reply, body, form.errors, 400);
    try {
      const { jobId } = await withTenant(app.db, req.auth!.tenant, (trx) =>
        startBacktest(trx, app.jobs, req.auth!.tenant, {
          datasetId: UUID.test(form.datasetId) ? form.datasetId : undefined,
          settings: form.settings,
        }),
      );
      return reply.redirect(`/jobs/${jobId}`, 303);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation')
        return formPage(req, reply, body, e.fieldErrors, 400);
      throw e;
    }
  });

  const load = async (req: FastifyRequest) => {
    const { backtestId } = req.params as { backtestId: string };
    const b = UUID.test(backtestId)
      ? await withTenant(app.db, req.auth!.tenant, (trx) => findBacktest(trx, backtestId))
      : undefined;
    if (!b) notFound('backtest');
    return b;
  };

  app.get('/forecasting/backtests/:backtestId', keepers, async (req, reply) => {
    const b = await load(req);
    const settings = b.settings as unknown as BacktestSettings;
    const title = `Backtest: ${settings.horizonMonths} months ahead`;
    if (!b.result) return reply.page('pages/forecasting/backtest-pending.njk', { title, backtest: b });
    const r = b.result as unknown as BacktestResult;
    const view = backtestView(r);
    const label = (c: string) => PLACEMENT_CATEGORIES[c as PlacementCategory] ?? c;
    const chart = barChart(
      {
        id: 'backtest-chart',
        title:
          'Mean absolute percentage error by placement category: the forecast and carrying the last count forward',
        description:
          'For each placement category, two bars: the forecast’s error and the naive forecast’s (the count at the cut-off carried forward). Shorter is better. The table gives the figures.',
      },
      r.byCategory.flatMap((c) => [
        { label: `${label(c.category)}: forecast`, value: Math.round(c.mape * 1000) / 10, group: 0 },
        { label: `${label(c.category)}: naive`, value: Math.round(c.naiveMape * 1000) / 10, group: 1 },
      ]),
      { format: (v) => `${v.toFixed(1)}%` },
    );
    return reply.page('pages/forecasting/backtest.njk', {
      title,
      backtest: b,
      settings,
      cutoffs: settings.cutoffs.map(formatLongDate),
      view,
      chart,
    });
  });

  app.get('/forecasting/backtests/:backtestId/export.xlsx', keepers, async (req, reply) => {
    const b = await load(req);
    if (!b.result) notFound('backtest result');
    const bytes = await toXlsx(backtestSheets(b.result as unknown as BacktestResult));
    await withTenant(app.db, req.auth!.tenant, (trx) =>
      appendAudit(trx, req.auth!.tenant, [
        { action: 'export', entityType: 'forecast-backtest', entityId: b.id, detail: { format: 'xlsx' } },
      ]),
    );
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="${safeFileName(`backtest-${b.createdAt.toISOString().slice(0, 10)}`)}.xlsx"`,
      )
      .send(bytes);
  });
}
