/**
 * Tender evaluation pages (docs/tenders.md "Pages and API"): a hub analyst starts a tender (lots,
 * quality criteria, participating LAs), sets its rules (price:quality weighting, price method,
 * limits of the award), uploads the bids file (CSV/XLSX, all or nothing, errors by row and column)
 * or enters bids, scores it through the tender engine, and reads the ranking, the award, the
 * sensitivity to the weighting and the audit trail, with an xlsx export. Commissioners of the
 * participating LAs read tenders; only the running hub's analysts change them.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { presentTable } from '../../../app/regional/present.ts';
import { addBids } from '../../../app/tenders/add-bids.ts';
import { changeRules } from '../../../app/tenders/change-rules.ts';
import { closeTender } from '../../../app/tenders/close-tender.ts';
import { createTender } from '../../../app/tenders/create-tender.ts';
import { isUuid, readTender, runsTender, type TenderView } from '../../../app/tenders/load.ts';
import { removeBid } from '../../../app/tenders/remove-bid.ts';
import { scoreTender } from '../../../app/tenders/score-tender.ts';
import {
  type Form,
  readBidForm,
  readNewTender,
  readRules,
  rulesFormValues,
} from '../../../app/tenders/tender-form.ts';
import { listTenders, regionLaOrgs } from '../../../db/queries/tenders.ts';
import { withTenant } from '../../../db/tenant.ts';
import type { DataSheet } from '../../../domain/pricing/data-table.ts';
import { DomainError, type FieldError } from '../../../domain/shared/errors.ts';
import { formatPence } from '../../../domain/shared/money.ts';
import type { TenderEvaluation } from '../../../domain/tenders/evaluate.ts';
import { PRICE_METHODS } from '../../../domain/tenders/tender.ts';
import { tenderSheets, tenderTables } from '../../../domain/tenders/tender-tables.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { BID_FILE_LIMITS } from '../../../importers/tenders/bids-file.ts';
import { type LineSeries, lineChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { readUpload } from '../../http/uploads.ts';
import { addNavItem } from '../../nav.ts';

const readers = { preHandler: requireAuth({ roles: ['hub-analyst', 'commissioner'] }) };
const runners = { preHandler: requireAuth({ roles: ['hub-analyst'] }) };

export const EVENT_LABELS: Record<string, string> = {
  created: 'Tender started',
  'rules-changed': 'Rules changed',
  'bids-uploaded': 'Bids uploaded',
  'bid-entered': 'Bid entered',
  'bid-removed': 'Bid removed',
  evaluated: 'Bids scored',
  'status-changed': 'Tender closed',
};

const RULE_LABELS: Record<string, string> = {
  priceWeight: 'price weight',
  qualityWeight: 'quality weight',
  priceMethod: 'price method',
  priceCeiling: 'price ceiling',
  minQualityPercent: 'minimum quality',
  minBeds: 'fewest beds',
  maxBeds: 'most beds',
  maxProviders: 'most providers',
  maxBedsPerSetting: 'most beds in a home',
  wholeSettings: 'whole homes only',
  sensitivity: 'sensitivity range',
};

/** One line of the tender's history, in words. */
export function describeEvent(kind: string, detail: Record<string, unknown>): string {
  switch (kind) {
    case 'rules-changed': {
      const changes = (detail.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
      const show = (k: string, v: unknown) =>
        k === 'priceCeiling'
          ? v === null
            ? 'none'
            : formatPence(Number(v))
          : v === true
            ? 'yes'
            : v === false
              ? 'no'
              : String(v);
      const order = Object.keys(RULE_LABELS);
      return Object.entries(changes)
        .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
        .map(([k, c]) => `${RULE_LABELS[k] ?? k} from ${show(k, c.from)} to ${show(k, c.to)}`)
        .join('; ');
    }
    case 'bids-uploaded':
    case 'bid-entered': {
      const bids = (detail.bids as string[] | undefined) ?? [];
      const file = detail.file ? ` from ${detail.file}` : '';
      const replaced = Number(detail.replaced ?? 0) > 0 ? `, replacing ${detail.replaced} earlier bids` : '';
      return `${bids.length} ${bids.length === 1 ? 'bid' : 'bids'}${file}${replaced}: ${bids.join(', ')}`;
    }
    case 'bid-removed':
      return `${detail.bid} (${detail.provider})`;
    case 'evaluated': {
      const lots =
        (detail.lots as { lot: string; first: string | null; beds: number; feasible: boolean }[]) ?? [];
      return `At ${detail.weights} price to quality: ${lots
        .map(
          (l) =>
            `lot ${l.lot}, ${l.first ?? 'no bid'} first, ${l.feasible ? `${l.beds} beds awarded` : 'no award possible'}`,
        )
        .join('; ')}`;
    }
    case 'status-changed':
      return detail.to === 'closed'
        ? `Closed at revision ${detail.revision}: the evaluation of that revision is the record`
        : `From ${detail.from} to ${detail.to}`;
    case 'created':
      return `Lots ${((detail.lots as string[]) ?? []).join(', ')}; criteria ${((detail.criteria as string[]) ?? []).join(', ')}`;
    default:
      return '';
  }
}

/** Open and scored as it stands: what closing needs (besides running it). */
const mayClose = (v: TenderView) => v.tender.status === 'open' && v.evaluation?.current === true;

function viewModel(v: TenderView, canRun: boolean) {
  const byLot = v.lots.map((l) => ({
    ...l,
    bids: v.bids
      .filter((b) => b.lot === l.code)
      .map((b) => ({
        ...b,
        beds: b.homes.reduce((a, h) => a + h.beds, 0),
        marks: v.criteria.map((c) => b.quality[c.id] ?? null),
      })),
  }));
  return {
    tender: v.tender,
    rules: v.rules,
    priceMethodLabel: PRICE_METHODS[v.rules.priceMethod],
    lots: byLot,
    criteria: v.criteria,
    parties: v.parties,
    evaluation: v.evaluation,
    /** The hub running it, while it is open: bids, rules and scoring may change. */
    canRun: canRun && v.tender.status === 'open',
    canClose: canRun && mayClose(v),
    closed: v.tender.status === 'closed',
    history: v.events.map((e) => ({
      at: e.at,
      who: e.userName ?? 'The system',
      what: EVENT_LABELS[e.kind] ?? e.kind,
      detail: describeEvent(e.kind, e.detail as Record<string, unknown>),
    })),
  };
}

export default function register(app: FastifyInstance): void {
  addNavItem({ href: '/tenders', text: 'Tenders', roles: ['hub-analyst'], order: 55 });

  app.get('/tenders', readers, async (req, reply) => {
    const auth = req.auth!;
    const tenders = await withTenant(app.db, auth.tenant, (trx) => listTenders(trx));
    return reply.page('pages/tenders/list.njk', {
      title: 'Tenders',
      tenders,
      canStart: auth.user.role === 'hub-analyst',
    });
  });

  const newForm = async (
    reply: FastifyReply,
    regionCode: string,
    tenant: Parameters<typeof withTenant>[1],
    values: Form,
    errors?: FieldError[],
  ) => {
    const las = await withTenant(app.db, tenant, (trx) => regionLaOrgs(trx, regionCode));
    const chosen = new Set([values.parties ?? []].flat());
    return reply.page(
      'pages/tenders/new.njk',
      {
        title: 'Start a tender',
        values,
        errors: errors ? formErrors(errors) : undefined,
        partyItems: las.map((l) => ({ value: l.id, text: l.name, checked: chosen.has(l.id) })),
      },
      errors ? 400 : 200,
    );
  };

  app.get('/tenders/new', runners, async (req, reply) =>
    newForm(reply, req.auth!.user.regionCode, req.auth!.tenant, {
      lots: '1: Residential beds',
      criteria: '',
    }),
  );

  app.post('/tenders/new', runners, async (req, reply) => {
    const auth = req.auth!;
    const form = (req.body ?? {}) as Form;
    const las = await withTenant(app.db, auth.tenant, (trx) => regionLaOrgs(trx, auth.user.regionCode));
    const { value, errors } = readNewTender(
      form,
      las.map((l) => l.id),
    );
    if (!value) return newForm(reply, auth.user.regionCode, auth.tenant, form, errors);
    let id: string;
    try {
      id = await createTender(app.db, auth.tenant, value);
    } catch (err) {
      if (err instanceof DomainError && err.fieldErrors.length)
        return newForm(reply, auth.user.regionCode, auth.tenant, form, [...err.fieldErrors]);
      throw err;
    }
    flash(reply, {
      title: `Tender ${value.reference} started`,
      text: 'Set its rules, then upload or enter the bids.',
    });
    return reply.redirect(`/tenders/${id}`, 303);
  });

  app.get('/tenders/:tenderId', readers, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    if (!isUuid(tenderId)) notFound('tender');
    const v = await readTender(app.db, req.auth!.tenant, tenderId);
    return reply.page('pages/tenders/show.njk', {
      title: `Tender ${v.tender.reference}`,
      ...viewModel(v, runsTender(v.tender, req.auth!.tenant)),
    });
  });

  // ---------------------------------------------------------------- rules
  const rulesPage = (
    reply: FastifyReply,
    v: TenderView,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) =>
    reply.page(
      'pages/tenders/rules.njk',
      {
        title: `Rules: ${v.tender.reference}`,
        tender: v.tender,
        values,
        errors: errors ? formErrors(errors) : undefined,
        methodItems: Object.entries(PRICE_METHODS).map(([value, text]) => ({
          value,
          text,
          checked: values.priceMethod === value,
        })),
      },
      errors ? 400 : 200,
    );

  app.get('/tenders/:tenderId/rules', runners, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    const v = await runnable(req.auth!.tenant, tenderId);
    return rulesPage(reply, v, rulesFormValues(v.rules));
  });

  app.post('/tenders/:tenderId/rules', runners, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    const auth = req.auth!;
    const v = await runnable(auth.tenant, tenderId);
    const form = (req.body ?? {}) as Form;
    const { value, errors } = readRules(form);
    if (!value) return rulesPage(reply, v, { ...form, wholeSettings: form.wholeSettings === 'yes' }, errors);
    const { changed } = await changeRules(app.db, auth.tenant, tenderId, value);
    flash(reply, {
      title: changed ? 'Rules saved' : 'No rules changed',
      text: changed ? 'Score the bids again to see the result under the new rules.' : undefined,
    });
    return reply.redirect(`/tenders/${tenderId}`, 303);
  });

  // ---------------------------------------------------------------- bids
  const runnable = async (tenant: Parameters<typeof withTenant>[1], tenderId: string) => {
    if (!isUuid(tenderId)) notFound('tender');
    const v = await readTender(app.db, tenant, tenderId);
    if (!runsTender(v.tender, tenant)) notFound('tender');
    return v;
  };

  const uploadPage = (reply: FastifyReply, v: TenderView, errors?: FieldError[], status = 200) =>
    reply.page(
      'pages/tenders/upload.njk',
      {
        title: `Upload bids: ${v.tender.reference}`,
        tender: v.tender,
        criteria: v.criteria,
        lots: v.lots,
        existing: v.bids.length,
        maxMb: BID_FILE_LIMITS.maxFileBytes / 1024 / 1024,
        errors: errors ? uploadErrors(errors) : undefined,
        fileErrors: errors?.filter((e) => e.row !== undefined || e.field !== 'file') ?? [],
      },
      status,
    );

  app.get('/tenders/:tenderId/bids/upload', runners, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    return uploadPage(reply, await runnable(req.auth!.tenant, tenderId));
  });

  app.post('/tenders/:tenderId/bids/upload', runners, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    const auth = req.auth!;
    const v = await runnable(auth.tenant, tenderId);
    let added: { added: number; replaced: number };
    try {
      const file = await readUpload(req, {
        maxBytes: BID_FILE_LIMITS.maxFileBytes,
        extensions: ['.csv', '.xlsx'],
      });
      added = await addBids(app.db, auth.tenant, tenderId, {
        kind: 'file',
        file: { fileName: file.fileName, contentType: file.contentType, bytes: file.bytes },
        replace: file.fields.replace === 'yes',
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation') {
        const errors = err.fieldErrors.length
          ? [...err.fieldErrors]
          : [{ field: 'file', message: err.message }];
        return uploadPage(reply, v, errors, 400);
      }
      throw err;
    }
    flash(reply, {
      title: `${added.added} ${added.added === 1 ? 'bid' : 'bids'} added`,
      text: added.replaced ? `${added.replaced} earlier bids were replaced.` : undefined,
    });
    return reply.redirect(`/tenders/${tenderId}`, 303);
  });

  const bidPage = (reply: FastifyReply, v: TenderView, values: Form, errors?: FieldError[]) =>
    reply.page(
      'pages/tenders/bid-new.njk',
      {
        title: `Enter a bid: ${v.tender.reference}`,
        tender: v.tender,
        criteria: v.criteria,
        values,
        errors: errors ? formErrors(errors) : undefined,
        lotItems: v.lots.map((l) => ({
          value: l.code,
          text: `${l.code}: ${l.name}`,
          selected: values.lot === l.code,
        })),
      },
      errors ? 400 : 200,
    );

  app.get('/tenders/:tenderId/bids/new', runners, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    return bidPage(reply, await runnable(req.auth!.tenant, tenderId), {});
  });

  app.post('/tenders/:tenderId/bids/new', runners, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    const auth = req.auth!;
    const v = await runnable(auth.tenant, tenderId);
    const form = (req.body ?? {}) as Form;
    const { value, errors } = readBidForm(form, v.lots, v.criteria);
    if (!value) return bidPage(reply, v, form, errors);
    try {
      await addBids(app.db, auth.tenant, tenderId, { kind: 'form', bids: [value] });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation') {
        const FIELD: Record<string, string> = {
          bid_ref: 'bidRef',
          home: 'homes',
          beds: 'homes',
          weekly_price: 'weeklyPrice',
        };
        const mapped = err.fieldErrors.map((e) => ({
          field: FIELD[e.field] ?? (e.field.startsWith('quality: ') ? 'bidRef' : e.field),
          message: e.message,
        }));
        return bidPage(reply, v, form, mapped.length ? mapped : [{ field: 'bidRef', message: err.message }]);
      }
      throw err;
    }
    flash(reply, { title: `Bid ${value.ref} entered`, text: `Lot ${value.lot}, ${value.provider}.` });
    return reply.redirect(`/tenders/${tenderId}`, 303);
  });

  app.post('/tenders/:tenderId/bids/:bidId/remove', runners, async (req, reply) => {
    const { tenderId, bidId } = req.params as { tenderId: string; bidId: string };
    if (!isUuid(tenderId) || !isUuid(bidId)) notFound('bid');
    const bid = await removeBid(app.db, req.auth!.tenant, tenderId, bidId);
    flash(reply, { title: `Bid ${bid.ref} removed`, text: `Lot ${bid.lot}, ${bid.provider}.` });
    return reply.redirect(`/tenders/${tenderId}`, 303);
  });

  // ---------------------------------------------------------------- scoring
  app.post('/tenders/:tenderId/score', runners, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    const auth = req.auth!;
    const v = await runnable(auth.tenant, tenderId);
    try {
      await scoreTender(app.db, auth.tenant, tenderId);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'unprocessable')
        return reply.page(
          'pages/tenders/show.njk',
          {
            title: `Tender ${v.tender.reference}`,
            ...viewModel(v, true),
            errors: formErrors([{ field: 'score', message: err.message }]),
          },
          422,
        );
      throw err;
    }
    flash(reply, {
      title: 'Bids scored',
      text: 'The ranking, the award and the sensitivity to the weighting are below.',
    });
    return reply.redirect(`/tenders/${tenderId}/evaluation`, 303);
  });

  // ---------------------------------------------------------------- closing
  const closePage = (reply: FastifyReply, v: TenderView, notice?: string, status = 200) => {
    const canClose = mayClose(v);
    return reply.page(
      'pages/tenders/close.njk',
      {
        title: `Close tender ${v.tender.reference}`,
        tender: v.tender,
        evaluation: v.evaluation,
        canClose,
        lots: v.evaluation ? lotSummaries(v.evaluation.result) : [],
        notice:
          notice ??
          (canClose
            ? undefined
            : v.tender.status === 'closed'
              ? 'The tender is already closed.'
              : 'Score the bids first: a tender closes on an evaluation of its bids and rules as they stand.'),
      },
      status,
    );
  };

  app.get('/tenders/:tenderId/close', runners, async (req, reply) =>
    closePage(reply, await runnable(req.auth!.tenant, (req.params as { tenderId: string }).tenderId)),
  );

  app.post('/tenders/:tenderId/close', runners, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    const auth = req.auth!;
    await runnable(auth.tenant, tenderId);
    try {
      const closed = await closeTender(app.db, auth.tenant, tenderId);
      flash(reply, {
        title: `Tender ${closed.reference} closed`,
        text: 'Its evaluation is the record; the bids and rules can no longer change.',
      });
      return reply.redirect(`/tenders/${tenderId}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'conflict') throw err;
      return closePage(reply, await runnable(auth.tenant, tenderId), err.message, 409);
    }
  });

  app.get('/tenders/:tenderId/evaluation', readers, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    if (!isUuid(tenderId)) notFound('tender');
    const v = await readTender(app.db, req.auth!.tenant, tenderId);
    const ev = v.evaluation;
    return reply.page('pages/tenders/evaluation.njk', {
      title: `Evaluation: ${v.tender.reference}`,
      tender: v.tender,
      evaluation: ev,
      canRun: runsTender(v.tender, req.auth!.tenant),
      tables: ev
        ? Object.fromEntries(
            tenderTables(ev.result).map((t) => [
              t.id,
              presentTable(t, { wholePounds: false, headerColumns: 0 }),
            ]),
          )
        : {},
      lots: ev ? lotSummaries(ev.result) : [],
      history: viewModel(v, false).history,
    });
  });

  app.get('/tenders/:tenderId/evaluation.xlsx', readers, async (req, reply) => {
    const { tenderId } = req.params as { tenderId: string };
    if (!isUuid(tenderId)) notFound('tender');
    const v = await readTender(app.db, req.auth!.tenant, tenderId);
    if (!v.evaluation) notFound('evaluation');
    const history: DataSheet = {
      name: 'Changes',
      columns: [
        { header: 'When', kind: 'text', value: (r) => r.at ?? null, width: 22 },
        { header: 'Who', kind: 'text', value: (r) => r.who ?? null, width: 24 },
        { header: 'What', kind: 'text', value: (r) => r.what ?? null, width: 18 },
        { header: 'Detail', kind: 'text', value: (r) => r.detail ?? null, width: 100 },
      ],
      rows: viewModel(v, false).history.map((h) => ({
        at: h.at.toISOString().replace('T', ' ').slice(0, 19),
        who: h.who,
        what: h.what,
        detail: h.detail,
      })),
      preamble: [`Tender ${v.tender.reference}: who changed what, when (UTC)`],
    };
    const bytes = await toXlsx([
      ...tenderSheets(v.evaluation.result).map((s) => ({
        ...s,
        preamble: [
          `Tender ${v.tender.reference}, ${v.tender.name}: scored ${v.evaluation!.evaluatedAt.toISOString().slice(0, 10)}`,
          ...(s.preamble ?? []),
        ],
      })),
      history,
    ]);
    const name = safeFileName(`tender-${v.tender.reference}-evaluation.xlsx`);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(bytes);
  });
}

/** A refused file's problems: each in the summary, linked to the file field; the table lists them by row. */
function uploadErrors(errors: readonly FieldError[]) {
  const text = (e: FieldError) =>
    e.row !== undefined
      ? `Row ${e.row}, column “${e.field}”: ${e.message}`
      : e.field === 'file'
        ? e.message
        : `Column “${e.field}”: ${e.message}`;
  const summary = errors.slice(0, 20).map((e) => ({ text: text(e), href: '#file' }));
  if (errors.length > 20)
    summary.push({ text: `And ${errors.length - 20} more problems, listed below`, href: '#file-errors' });
  return {
    summary,
    byField: {
      file: {
        text:
          errors.length === 1 && errors[0]!.field === 'file' && errors[0]!.row === undefined
            ? errors[0]!.message
            : `The file was not used: it has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}. Nothing was saved.`,
      },
    },
  };
}

/** Per lot: the award in a sentence, the winner changes, and the sensitivity chart. */
export function lotSummaries(ev: TenderEvaluation) {
  return ev.lots.map((l) => {
    const ranked = l.scores.filter((s) => s.rank !== null && s.priceShare !== null);
    const from = ev.rules.sensitivity.from;
    const to = ev.rules.sensitivity.to;
    const series: LineSeries[] = ranked.map((s) => ({
      name: s.ref,
      points: Array.from({ length: to - from + 1 }, (_, i) => {
        const w = from + i;
        return { x: w, y: w * s.priceShare! + (100 - w) * s.qualityShare };
      }),
    }));
    const chart =
      series.length > 0 && to > from
        ? lineChart(
            {
              id: `chart-sensitivity-${l.lot}`,
              title: `Lot ${l.lot}: each bid’s total score as the price weight moves`,
              description: `Each line is a bid’s total score (out of 100) at price weights from ${from}% to ${to}%; where lines cross, the bids swap places. The tables of the sensitivity grid and of where bids swap places below have the same results.`,
            },
            series,
            {
              xLabel: (x) => `${Math.round(x)}%`,
              yFormat: (y) => y.toFixed(0),
              marker: { x: ev.rules.priceWeight, label: `now ${ev.rules.priceWeight}%` },
              yMin: Math.max(
                0,
                Math.floor(Math.min(...series.flatMap((s) => s.points.map((p) => p.y))) / 10) * 10,
              ),
            },
          )
        : null;
    return {
      lot: l.lot,
      award: l.award,
      winner: l.scores.find((s) => s.rank === 1)?.ref ?? null,
      winnerChanges: l.sensitivity.winnerChanges,
      chart,
    };
  });
}
