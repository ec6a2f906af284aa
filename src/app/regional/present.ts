/**
 * DataTables (src/domain/pricing/data-table.ts) as text for HTML tables: the same values the xlsx
 * export writes, formatted as GOV.UK pages show them. A hidden figure reads "[c]" (the statistics
 * convention for a value withheld to protect confidentiality) with a note for screen readers.
 */
import type { DataRow, DataTable, DataValue } from '../../domain/pricing/data-table.ts';
import { formatLongDate, isLocalDate } from '../../domain/shared/dates.ts';
import { formatPence } from '../../domain/shared/money.ts';

export interface PresentedCell {
  text: string;
  numeric: boolean;
  hidden: boolean;
  /** The first column is the row's header cell. */
  header: boolean;
}

export interface PresentedTable {
  id: string;
  caption: string;
  headers: { text: string; numeric: boolean }[];
  /** `counts`: the row's [all, own] pairs as JSON (for the small-number check), or null. */
  rows: { cells: PresentedCell[]; counts: string | null; total: boolean }[];
  notes: readonly string[];
  empty: boolean;
}

export function formatValue(kind: string, v: DataValue, opts: { wholePounds?: boolean } = {}): string {
  if (v === null || v === '') return '–';
  switch (kind) {
    case 'pence':
      return formatPence(Number(v), { wholePounds: opts.wholePounds ?? true });
    case 'percent':
      return `${Math.round(Number(v) * 1000) / 10}%`;
    case 'integer':
      return Number(v).toLocaleString('en-GB');
    case 'number':
      return Number(v).toLocaleString('en-GB', { maximumFractionDigits: 2 });
    case 'date':
      return typeof v === 'string' && isLocalDate(v) ? formatLongDate(v) : String(v);
    default:
      return String(v);
  }
}

function hiddenKeys(row: DataRow): Set<string> {
  const h = row._hidden;
  return new Set(typeof h === 'string' && h ? h.split(' ') : []);
}

export function presentTable(
  t: DataTable,
  opts: { wholePounds?: boolean; headerColumns?: number } = {},
): PresentedTable {
  const headerColumns = opts.headerColumns ?? 1;
  return {
    id: t.id,
    caption: t.caption,
    headers: t.columns.map((c) => ({ text: c.header, numeric: c.kind !== 'text' && c.kind !== 'date' })),
    rows: t.rows.map((row) => {
      const hidden = hiddenKeys(row);
      return {
        cells: t.columns.map((c, i) => {
          const v = row[c.key] ?? null;
          const isHidden = v === null && hidden.has(c.key);
          return {
            text: isHidden ? '[c]' : formatValue(c.kind, v, opts),
            numeric: c.kind !== 'text' && c.kind !== 'date',
            hidden: isHidden,
            header: i < headerColumns,
          };
        }),
        counts: typeof row._counts === 'string' ? row._counts : null,
        total: row._total === 'yes',
      };
    }),
    notes: t.notes,
    empty: t.rows.length === 0,
  };
}
