/**
 * A month's statements as the caller may see them, as spreadsheet tables (through
 * src/exports/spreadsheet.ts, which neutralises formula injection) and as page rows: lines say
 * which home and bed in words, and an LA's own lines carry its child's reference.
 *
 * - lead and hub: the summary with the reconciliation, every LA's lines, and the provider's pools;
 * - the provider: the summary (per-LA totals, its total, the difference), its lines, its pools;
 * - an LA: its own total and lines.
 */
import type { ContractRecord } from '../../db/queries/contracts.ts';
import { LINE_KINDS } from '../../domain/contracts/statement-lines.ts';
import type { ContractStatement, LaStatement, StatementLine } from '../../domain/contracts/statements.ts';
import { EXTRA_TYPES, type ExtraType } from '../../domain/occupancy/ledger.ts';
import { addDays, formatLongDate } from '../../domain/shared/dates.ts';
import { type Sheet, toCsv, toXlsx } from '../../exports/spreadsheet.ts';
import { linesSheet, poolsSheet, summarySheet } from '../../importers/charges/statement-sheets.ts';
import type { StatementView } from './views.ts';

export interface LineText {
  what: string;
  where: string;
  who: string;
}

/** A line in words: what it is for, which bed, whose placement (the LA's own reference when known). */
export function describeLine(record: ContractRecord, view: StatementView, l: StatementLine): LineText {
  const bed = l.bed ? record.beds.find((b) => b.id === l.bed) : undefined;
  const what =
    l.kind === 'extra' && l.extraType
      ? `Extra: ${EXTRA_TYPES[l.extraType as ExtraType] ?? l.extraType}`
      : l.sharePpm !== undefined
        ? `${LINE_KINDS[l.kind]} (${l.sharePpm / 10_000}% of ${l.days} bed-days)`
        : LINE_KINDS[l.kind];
  const where = bed ? `${bed.homeName}, ${bed.label}` : l.sharePpm !== undefined ? 'All beds' : '';
  const ref = l.placement ? view.childRefs[l.placement] : undefined;
  const who = ref ?? (l.placement ? `Placement ${l.placement.slice(0, 8)}` : '');
  return { what, where, who };
}

function readable(record: ContractRecord, view: StatementView, s: LaStatement): LaStatement {
  return {
    ...s,
    contract: record.reference,
    lines: s.lines.map((l) => {
      const t = describeLine(record, view, l);
      return {
        ...l,
        contract: record.reference,
        description: [t.what, t.where, t.who].filter(Boolean).join(' · '),
        ...(l.bed ? { bed: t.where } : {}),
        ...(l.placement ? { placement: t.who } : {}),
      };
    }),
  };
}

export function statementFileName(record: ContractRecord, view: StatementView, ext: 'xlsx' | 'csv'): string {
  return `${record.reference}-statement-${view.month}-${view.scope === 'la' ? 'la' : view.scope}.${ext}`;
}

function preamble(record: ContractRecord, view: StatementView): string[] {
  if (!view.period) return [];
  return [
    `${record.name} (${record.reference}), ${record.provider.name}`,
    `Statement for ${formatLongDate(view.period.from)} to ${formatLongDate(addDays(view.period.to, -1))}`,
    ...(view.provisional
      ? ['Provisional: the month has not ended; open placements are charged to its end.']
      : []),
  ];
}

/** The sheets the caller may download for the month. */
export function statementSheets(record: ContractRecord, view: StatementView): Sheet<unknown>[] {
  if (!view.period) return [];
  const head = preamble(record, view);
  const base = { contract: record.reference, month: view.month, period: view.period };
  if (view.scope === 'la') {
    const cs: ContractStatement = {
      ...base,
      las: view.las.map((s) => readable(record, view, s)),
      provider: {
        contract: record.reference,
        contractName: record.name,
        provider: record.provider,
        month: view.month,
        period: view.period,
        lines: [],
        pools: [],
        byLa: [],
        total: 0,
      },
      reconciliation: { laTotal: 0, providerTotal: 0, difference: 0 },
    };
    const summary = summarySheet([cs], head);
    return [
      { ...summary, rows: summary.rows.filter((r) => r.role === 'LA owes') } as Sheet<unknown>,
      linesSheet([cs]) as Sheet<unknown>,
    ];
  }
  const provider = view.provider!;
  if (view.scope === 'provider') {
    const byLa: LaStatement[] = provider.byLa.map((b) => ({
      contract: record.reference,
      contractName: record.name,
      la: b.la,
      laName: b.laName,
      month: view.month,
      period: view.period!,
      lines: provider.lines.filter((l) => l.la === b.la),
      total: b.total,
    }));
    const cs: ContractStatement = {
      ...base,
      las: byLa.map((s) => readable(record, view, s)),
      provider,
      reconciliation: {
        laTotal: provider.byLa.reduce((a, b) => a + b.total, 0),
        providerTotal: provider.total,
        difference: provider.byLa.reduce((a, b) => a + b.total, 0) - provider.total,
      },
    };
    return [
      summarySheet([cs], head) as Sheet<unknown>,
      { ...linesSheet([cs]), name: 'Provider statement lines' } as Sheet<unknown>,
      poolsSheet([cs]) as Sheet<unknown>,
    ];
  }
  const cs: ContractStatement = {
    ...base,
    las: view.las.map((s) => readable(record, view, s)),
    provider,
    reconciliation: view.reconciliation!,
  };
  return [
    summarySheet([cs], head) as Sheet<unknown>,
    linesSheet([cs]) as Sheet<unknown>,
    poolsSheet([cs]) as Sheet<unknown>,
  ];
}

export async function statementXlsx(record: ContractRecord, view: StatementView): Promise<Buffer> {
  return toXlsx(statementSheets(record, view));
}

/** The lines sheet as CSV (an LA's lines, the provider's, or every LA's for the lead and hub). */
export function statementCsv(record: ContractRecord, view: StatementView): string {
  const sheets = statementSheets(record, view);
  const lines = sheets.find((s) => s.name.endsWith('statement lines'));
  return toCsv(lines ?? { name: 'lines', columns: [], rows: [] });
}
