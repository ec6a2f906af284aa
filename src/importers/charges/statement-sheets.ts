/**
 * Statements as spreadsheet tables for src/exports/spreadsheet.ts (which neutralises formula
 * injection in every text cell): a summary that shows the reconciliation month by month, every LA
 * line, and the provider's pools. The same sheets serve the CLI and the statement downloads.
 */
import { LINE_KINDS } from '../../domain/contracts/statement-lines.ts';
import type { ContractStatement, StatementLine } from '../../domain/contracts/statements.ts';
import { addDays } from '../../domain/shared/dates.ts';
import { formatPence, PPM } from '../../domain/shared/money.ts';
import type { Sheet } from '../../exports/spreadsheet.ts';

export interface SummaryRow {
  month: string;
  from: string;
  lastDay: string;
  contract: string;
  party: string;
  role: 'LA owes' | 'Provider is owed' | 'Difference';
  total: number;
}

export interface LineRow extends StatementLine {
  month: string;
  laName: string;
}

export interface PoolRow {
  month: string;
  contract: string;
  kind: string;
  days: number;
  basisPpm: number;
  amount: number;
}

/** One row per LA per month, then the provider's total and the difference (always £0.00). */
export function summarySheet(
  statements: readonly ContractStatement[],
  preamble: readonly string[] = [],
): Sheet<SummaryRow> {
  const rows: SummaryRow[] = statements.flatMap((s) => {
    const base = {
      month: s.month,
      from: s.period.from,
      lastDay: addDays(s.period.to, -1),
      contract: s.contract,
    };
    return [
      ...s.las.map((l) => ({ ...base, party: l.laName, role: 'LA owes' as const, total: l.total })),
      {
        ...base,
        party: s.provider.provider.name,
        role: 'Provider is owed' as const,
        total: s.provider.total,
      },
      { ...base, party: '', role: 'Difference' as const, total: s.reconciliation.difference },
    ];
  });
  return {
    name: 'Summary',
    preamble,
    columns: [
      { header: 'Month', kind: 'text', value: (r) => r.month },
      { header: 'From', kind: 'date', value: (r) => r.from },
      { header: 'To (last day)', kind: 'date', value: (r) => r.lastDay },
      { header: 'Contract', kind: 'text', value: (r) => r.contract },
      { header: 'Party', kind: 'text', value: (r) => r.party, width: 28 },
      { header: 'Role', kind: 'text', value: (r) => r.role, width: 18 },
      { header: 'Total', kind: 'pence', value: (r) => r.total, width: 14 },
    ],
    rows,
  };
}

/** Every line of every LA statement: what each LA is charged and why. */
export function linesSheet(
  statements: readonly ContractStatement[],
  preamble: readonly string[] = [],
): Sheet<LineRow> {
  const rows = statements.flatMap((s) =>
    s.las.flatMap((l) => l.lines.map((x) => ({ ...x, month: s.month, laName: l.laName }))),
  );
  return {
    name: 'LA statement lines',
    preamble,
    columns: [
      { header: 'Month', kind: 'text', value: (r) => r.month },
      { header: 'Contract', kind: 'text', value: (r) => r.contract },
      { header: 'LA', kind: 'text', value: (r) => r.laName, width: 24 },
      { header: 'Line', kind: 'text', value: (r) => LINE_KINDS[r.kind], width: 28 },
      { header: 'Description', kind: 'text', value: (r) => r.description, width: 60 },
      { header: 'Placement', kind: 'text', value: (r) => r.placement },
      { header: 'Bed', kind: 'text', value: (r) => r.bed },
      { header: 'Extra', kind: 'text', value: (r) => r.extraType },
      { header: 'Days', kind: 'integer', value: (r) => r.days },
      {
        header: 'Weekly rates',
        kind: 'text',
        value: (r) => r.weeklyRates.map((w) => formatPence(w)).join('; '),
        width: 22,
      },
      {
        header: 'Share',
        kind: 'percent',
        value: (r) => (r.sharePpm === undefined ? undefined : r.sharePpm / PPM),
      },
      { header: 'Pool', kind: 'pence', value: (r) => r.poolAmount },
      { header: 'Amount', kind: 'pence', value: (r) => r.amount, width: 14 },
    ],
    rows,
  };
}

/** The provider's shared charges, each rounded once and split between the LAs on their lines. */
export function poolsSheet(statements: readonly ContractStatement[]): Sheet<PoolRow> {
  const rows = statements.flatMap((s) =>
    s.provider.pools.map((p) => ({
      month: s.month,
      contract: s.contract,
      kind: LINE_KINDS[p.kind],
      days: p.days,
      basisPpm: p.basisPpm,
      amount: p.amount,
    })),
  );
  return {
    name: 'Provider pools',
    columns: [
      { header: 'Month', kind: 'text', value: (r) => r.month },
      { header: 'Contract', kind: 'text', value: (r) => r.contract },
      { header: 'Pool', kind: 'text', value: (r) => r.kind, width: 30 },
      { header: 'Bed-days', kind: 'integer', value: (r) => r.days },
      { header: 'Part of price', kind: 'percent', value: (r) => r.basisPpm / PPM },
      { header: 'Amount', kind: 'pence', value: (r) => r.amount, width: 14 },
    ],
    rows,
  };
}
