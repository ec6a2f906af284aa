/**
 * Finding the Placements Data Standard table in a file: the sheet and row where the template's
 * header sits (a region's copy may have a title or instructions above it), and which column holds
 * each field. Columns are matched by name, ignoring case, so a file whose columns were reordered
 * still reads; a missing, repeated or unknown column refuses the whole file, naming it.
 */
import {
  PDS_COLUMNS,
  PDS_SEXUAL_EXPLOITATION_COLUMN,
  type PdsColumn,
} from '../../domain/referrals/pds-record.ts';
import type { FieldError } from '../../domain/shared/errors.ts';

export interface TableRow {
  number: number;
  cells: string[];
}

export interface Table {
  sheet: string | null;
  rows: TableRow[];
}

export type HeaderColumn = PdsColumn | typeof PDS_SEXUAL_EXPLOITATION_COLUMN;

export interface LocatedTable {
  sheet: string | null;
  headerRow: number;
  /** Cell index of each column. The sexual exploitation column is optional. */
  index: Map<HeaderColumn, number>;
  rows: TableRow[];
}

/** The template's own sheet name; preferred when a workbook has several sheets. */
const DATA_SHEET = /data\s*collection/i;
const HEADER_SEARCH_ROWS = 10;

const ALL_COLUMNS: readonly HeaderColumn[] = [...PDS_COLUMNS, PDS_SEXUAL_EXPLOITATION_COLUMN];
const known = new Map<string, HeaderColumn>(ALL_COLUMNS.map((c) => [c.toLowerCase(), c]));

function headerAt(t: Table): number {
  return t.rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((r) => r.cells.some((c) => c.trim().toLowerCase() === 'child_id'));
}

/** Locates the header and maps the columns, or says why the file is not a PDS sheet. */
export function locateTable(
  tables: readonly Table[],
): { ok: true; table: LocatedTable } | { ok: false; errors: FieldError[] } {
  const ordered = [...tables].sort(
    (a, b) => Number(DATA_SHEET.test(b.sheet ?? '')) - Number(DATA_SHEET.test(a.sheet ?? '')),
  );
  const found = ordered.map((t) => ({ t, at: headerAt(t) })).find((x) => x.at >= 0);
  if (!found) {
    return {
      ok: false,
      errors: [
        {
          field: 'file',
          message:
            'no Placements Data Standard header found: no column is headed child_ID in the first 10 rows',
        },
      ],
    };
  }
  const header = found.t.rows[found.at]!;
  const errors: FieldError[] = [];
  const index = new Map<HeaderColumn, number>();
  header.cells.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') return;
    const column = known.get(name.toLowerCase());
    if (column === undefined) {
      errors.push({
        row: header.number,
        field: name,
        message: `"${name}" is not a column of the 2026 template`,
      });
    } else if (index.has(column)) {
      errors.push({ row: header.number, field: column, message: `the column ${column} appears twice` });
    } else {
      index.set(column, i);
    }
  });
  const missing = PDS_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    errors.push({
      row: header.number,
      field: 'file',
      message: `columns missing from the header: ${missing.join(', ')}`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    table: { sheet: found.t.sheet, headerRow: header.number, index, rows: found.t.rows.slice(found.at + 1) },
  };
}
