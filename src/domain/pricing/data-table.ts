/**
 * A table of plain values with typed columns: what a statement's figures rest on, shown as an HTML
 * table under a chart and written to a spreadsheet. `DataSheet` has the shape of the exports
 * layer's `Sheet<DataRow>` (src/exports/spreadsheet.ts) without importing it, so the domain stays
 * free of IO and a sheet built here can go straight to `toXlsx` or `toCsv`.
 */

/** The same kinds as the exports layer; percent values are fractions (0.25 is 25%). */
export type CellKind = 'text' | 'integer' | 'number' | 'pence' | 'percent' | 'date';

export interface DataColumn {
  key: string;
  header: string;
  kind: CellKind;
  /** Width in characters (spreadsheets only). */
  width?: number;
}

/** Null is an empty cell: not applicable, or hidden (a row's note says which). */
export type DataValue = string | number | null;
export type DataRow = Readonly<Record<string, DataValue>>;

export interface DataTable {
  id: string;
  caption: string;
  columns: readonly DataColumn[];
  rows: readonly DataRow[];
  /** Definitions, sources and suppression notes, shown under the table. */
  notes: readonly string[];
}

export interface DataSheet {
  name: string;
  columns: readonly { header: string; kind: CellKind; value: (row: DataRow) => DataValue; width?: number }[];
  rows: readonly DataRow[];
  preamble?: readonly string[];
}

/** One table as one sheet, its caption and notes above it. */
export function sheetOfTable(table: DataTable, extraPreamble: readonly string[] = []): DataSheet {
  return {
    name: table.caption.slice(0, 31),
    columns: table.columns.map((c) => ({
      header: c.header,
      kind: c.kind,
      value: (row: DataRow) => row[c.key] ?? null,
      ...(c.width ? { width: c.width } : {}),
    })),
    rows: table.rows,
    preamble: [table.caption, ...extraPreamble, ...table.notes],
  };
}

/** Sheet names must be unique in a workbook and at most 31 characters; numbers the repeats. */
export function uniqueSheetNames(sheets: readonly DataSheet[]): DataSheet[] {
  const used = new Set<string>();
  return sheets.map((s) => {
    let name = s.name.slice(0, 31);
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${s.name.slice(0, 27)} (${i})`;
    used.add(name.toLowerCase());
    return { ...s, name };
  });
}
