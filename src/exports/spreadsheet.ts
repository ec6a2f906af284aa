/**
 * Every spreadsheet the product writes goes through here, so every one of them neutralises
 * formula injection: a text cell that starts with = + - @ (or a tab or carriage return) is
 * written with a leading apostrophe, which spreadsheet programs show as text, never evaluate.
 * Numbers stay numbers; only text is touched.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { LocalDate } from '../domain/shared/dates.ts';

export type CellKind = 'text' | 'integer' | 'number' | 'pence' | 'percent' | 'date';

export interface Column<Row> {
  header: string;
  kind: CellKind;
  value: (row: Row) => string | number | null | undefined;
  /** Width in characters (xlsx only). */
  width?: number;
}

export interface Sheet<Row = unknown> {
  name: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  /** Lines written above the table (title, date range, source). */
  preamble?: readonly string[];
}

const DANGEROUS_START = /^[=+\-@\t\r]/;

/** Makes a text value safe to open in a spreadsheet program. */
export function neutraliseFormula(text: string): string {
  return DANGEROUS_START.test(text) ? `'${text}` : text;
}

function cellValue(kind: CellKind, raw: string | number | null | undefined): string | number | Date | null {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (kind) {
    case 'text':
      return neutraliseFormula(String(raw));
    case 'pence':
      return Number(raw) / 100;
    case 'date':
      return new Date(`${raw as LocalDate}T00:00:00Z`);
    default:
      return typeof raw === 'number' ? raw : neutraliseFormula(String(raw));
  }
}

const NUM_FMT: Partial<Record<CellKind, string>> = {
  pence: '"£"#,##0.00;[Red]-"£"#,##0.00',
  integer: '#,##0',
  number: '#,##0.00',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
};

/** Builds an .xlsx workbook (one sheet per table) and returns its bytes. */
export async function toXlsx<Rows extends unknown[]>(
  sheets: { [K in keyof Rows]: Sheet<Rows[K]> },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sufficiency';
  wb.created = new Date(0);
  for (const sheet of sheets as readonly Sheet<unknown>[]) {
    const ws = wb.addWorksheet(safeSheetName(sheet.name));
    for (const line of sheet.preamble ?? []) ws.addRow([neutraliseFormula(line)]);
    if (sheet.preamble?.length) ws.addRow([]);
    const headerRow = ws.addRow(sheet.columns.map((c) => neutraliseFormula(c.header)));
    headerRow.font = { bold: true };
    for (const row of sheet.rows) {
      ws.addRow(sheet.columns.map((c) => cellValue(c.kind, c.value(row))));
    }
    sheet.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width ?? Math.min(40, Math.max(10, c.header.length + 2));
      const fmt = NUM_FMT[c.kind];
      if (fmt) col.numFmt = fmt;
    });
    ws.views = [{ state: 'frozen', ySplit: headerRow.number }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One table as CSV (RFC 4180, UTF-8 with BOM so Excel reads £ correctly). Money in pounds. */
export function toCsv<Row>(sheet: Sheet<Row>): string {
  const data = sheet.rows.map((row) =>
    sheet.columns.map((c) => {
      const raw = c.value(row);
      if (raw === null || raw === undefined) return '';
      if (c.kind === 'pence') return (Number(raw) / 100).toFixed(2);
      if (typeof raw === 'number') return String(raw);
      return neutraliseFormula(raw);
    }),
  );
  return `\uFEFF${Papa.unparse({ fields: sheet.columns.map((c) => neutraliseFormula(c.header)), data }, { newline: '\r\n' })}\r\n`;
}

function safeSheetName(name: string): string {
  return name.replace(/[[\]*?/\\:]/g, ' ').slice(0, 31) || 'Sheet';
}

/** A file name safe for Content-Disposition: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}
