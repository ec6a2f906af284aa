/**
 * Monthly statements for a contract, as the caller may see them: an LA its own statement; the
 * provider its statement with the per-LA breakdown; the lead commissioner and the hub every
 * statement and the reconciliation. Downloads as xlsx and CSV (audited as exports).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireContract } from '../../../app/contracts/load.ts';
import {
  describeLine,
  statementCsv,
  statementFileName,
  statementXlsx,
} from '../../../app/contracts/statement-export.ts';
import {
  defaultMonth,
  isMonth,
  type StatementView,
  statementView,
  termOf,
} from '../../../app/contracts/views.ts';
import type { ContractRecord } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { LINE_KINDS } from '../../../domain/contracts/statement-lines.ts';
import type { StatementLine } from '../../../domain/contracts/statements.ts';
import { BED_STATES } from '../../../domain/shared/codes.ts';
import { addDays } from '../../../domain/shared/dates.ts';
import { formatPence } from '../../../domain/shared/money.ts';
import { safeFileName } from '../../../exports/spreadsheet.ts';
import { requireAuth } from '../../http/auth.ts';
import { formErrors } from '../../http/forms.ts';
import { CONTRACT_READERS } from './contracts.ts';

const readers = { preHandler: requireAuth({ roles: CONTRACT_READERS }) };
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const monthName = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;

export default function register(app: FastifyInstance): void {
  const load = async (req: FastifyRequest, audit: 'read' | 'export') => {
    const { contractId } = req.params as { contractId: string };
    const { month } = req.query as { month?: string };
    const tenant = req.auth!.tenant;
    return withTenant(app.db, tenant, async (trx) => {
      const record = await requireContract(trx, contractId);
      const chosen = month ?? defaultMonth(termOf(record), app.config.today());
      if (!isMonth(chosen)) return { record, month: chosen, view: undefined };
      return {
        record,
        month: chosen,
        view: await statementView(trx, tenant, record, chosen, app.config.today(), audit),
      };
    });
  };

  app.get('/contracts/:contractId/statements', readers, async (req, reply) => {
    const { record, month, view } = await load(req, 'read');
    const base = {
      title: `Statements: ${record.reference}`,
      contract: record,
      section: 'statements',
      heading: 'Monthly statements',
      monthItems: monthItems(record, month),
    };
    if (!view) {
      return reply.page(
        'pages/contracts/statements.njk',
        { ...base, errors: formErrors([{ field: 'month', message: 'Choose a month of the contract' }]) },
        400,
      );
    }
    const i = view.months.indexOf(view.month);
    return reply.page('pages/contracts/statements.njk', {
      ...base,
      view,
      monthName: monthName(view.month),
      previous: i > 0 ? { value: view.months[i - 1], text: monthName(view.months[i - 1]!) } : undefined,
      next:
        i >= 0 && i < view.months.length - 1
          ? { value: view.months[i + 1], text: monthName(view.months[i + 1]!) }
          : undefined,
      lastDay: view.period ? addDays(view.period.to, -1) : undefined,
      stateRows: (Object.keys(BED_STATES) as Array<keyof typeof BED_STATES>).map((s) => ({
        state: s,
        label: BED_STATES[s],
        days: view.bedDays[s],
        paid:
          s === 'occupied' || s === 'held'
            ? 'Yes'
            : s === 'void' || s === 'unavailable-agreed'
              ? record.contract.vacancy.afterHold === 'void-shared'
                ? 'Yes, shared'
                : record.contract.vacancy.retainerPpm > 0
                  ? 'Retainer, shared'
                  : 'No'
              : 'No',
      })),
      las: view.las.map((s) => ({ ...s, rows: sortRows(s.lines.map((l) => row(record, view, l))) })),
      providerRows: view.provider
        ? sortRows(
            view.provider.lines.map((l) => ({
              ...row(record, view, l),
              laName: view.provider!.byLa.find((b) => b.la === l.la)?.laName ?? '',
            })),
          )
        : [],
      pools: view.provider
        ? view.provider.pools.map((p) => ({
            ...p,
            label: LINE_KINDS[p.kind],
            basis: p.basisPpm === 1_000_000 ? 'All of it' : `${p.basisPpm / 10_000}% retainer`,
          }))
        : [],
    });
  });

  for (const ext of ['xlsx', 'csv'] as const) {
    app.get(`/contracts/:contractId/statements.${ext}`, readers, async (req, reply) => {
      const { record, view } = await load(req, 'export');
      if (!view?.period) {
        return reply.page(
          'pages/error.njk',
          {
            title: 'There is no statement for that month',
            message: 'Choose a month when the contract is in force.',
          },
          404,
        );
      }
      return send(reply, record, view, ext);
    });
  }
}

async function send(reply: FastifyReply, record: ContractRecord, view: StatementView, ext: 'xlsx' | 'csv') {
  const name = safeFileName(statementFileName(record, view, ext));
  reply.header('content-disposition', `attachment; filename="${name}"`);
  if (ext === 'xlsx') {
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await statementXlsx(record, view));
  }
  return reply.type('text/csv; charset=utf-8').send(statementCsv(record, view));
}

/** Lines in the order people read them: by authority, kind of line, then home and bed. */
function sortRows<T extends { laName?: string; kind: string; where: string; who: string }>(rows: T[]): T[] {
  const order = Object.keys(LINE_KINDS);
  return rows.sort(
    (a, b) =>
      (a.laName ?? '').localeCompare(b.laName ?? '') ||
      order.indexOf(a.kind) - order.indexOf(b.kind) ||
      a.where.localeCompare(b.where, 'en-GB', { numeric: true }) ||
      a.who.localeCompare(b.who),
  );
}

function row(record: ContractRecord, view: StatementView, l: StatementLine) {
  return {
    ...describeLine(record, view, l),
    kind: l.kind,
    la: l.la,
    days: l.days,
    rates: l.weeklyRates.map((w) => formatPence(w)).join(', '),
    amount: l.amount,
  };
}

function monthItems(record: ContractRecord, selected: string) {
  const term = termOf(record);
  const out: Array<{ value: string; text: string; selected: boolean }> = [];
  for (let m = term.from.slice(0, 7); `${m}-01` < term.to; ) {
    out.push({ value: m, text: monthName(m), selected: m === selected });
    const [y, mm] = [Number(m.slice(0, 4)), Number(m.slice(5, 7))];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return out;
}
