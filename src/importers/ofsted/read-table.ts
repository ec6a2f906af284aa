/**
 * Bytes to rows of text cells, for CSV and XLSX alike, with row numbers as a spreadsheet program
 * shows them. Every XLSX passes the zip guard before exceljs opens it. Formulas come through as
 * "=…" text so the row checks refuse them like any formula-looking text; dates as YYYY-MM-DD.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { FieldError } from '../../domain/shared/errors.ts';
import type { ImportLimits } from './limits.ts';
import { decodeCsv } from './text-decoding.ts';
import { checkXlsxArchive } from './zip-guard.ts';

export interface TableRow {
  /** 1-based, as Excel numbers rows (blank rows keep their numbers). */
  number: number;
  cells: string[];
}

export interface SheetTable {
  /** Worksheet name; null for a CSV. */
  sheet: string | null;
  rows: TableRow[];
}

export type TableReading = { ok: true; tables: SheetTable[] } | { ok: false; errors: FieldError[] };

const refuse = (message: string, row?: number): TableReading => ({
  ok: false,
  errors: [{ field: 'file', message, ...(row === undefined ? {} : { row }) }],
});

/** "812 bytes", "3 KB", "25 MB": sizes as people read them (rounded up, so never understated). */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 2 ** 20) return `${Math.ceil(bytes / 1024)} KB`;
  return `${Math.ceil(bytes / 2 ** 20)} MB`;
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

function readCsv(bytes: Buffer, limits: ImportLimits): TableReading {
  const decoded = decodeCsv(bytes);
  if ('errors' in decoded) return { ok: false, errors: decoded.errors };
  const parsed = Papa.parse<string[]>(decoded.text, { header: false, skipEmptyLines: false, delimiter: ',' });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError)
    return refuse('a quoted value is never closed (a stray " character)', (quoteError.row ?? 0) + 1);
  const rows: TableRow[] = [];
  parsed.data.forEach((cells, i) => {
    if (!isBlank(cells)) rows.push({ number: i + 1, cells });
  });
  // A file cut off mid-row (an interrupted copy or download) ends without a line break, its last
  // row shorter than the ones above: refuse it rather than import a provider with half its cells.
  const [before, last] = rows.slice(-2);
  if (before && last && !/[\r\n]$/.test(decoded.text) && last.cells.length < before.cells.length) {
    return refuse(
      `the last row is cut short (${last.cells.length} cells where the row above has ${before.cells.length}); is the file complete?`,
      last.number,
    );
  }
  if (rows.length > limits.maxRows + 50)
    return refuse(`the file has ${rows.length} rows; at most ${limits.maxRows} are accepted`);
  return { ok: true, tables: [{ sheet: null, rows }] };
}

type CellValue = ExcelJS.CellValue;

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if ('formula' in v || 'sharedFormula' in v) {
    const f = 'formula' in v ? v.formula : (v as { sharedFormula: string }).sharedFormula;
    return `=${f ?? ''}`;
  }
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return String((v as { text?: unknown }).text ?? '');
  if ('error' in v) return String(v.error);
  return '';
}

async function readXlsx(bytes: Buffer, limits: ImportLimits): Promise<TableReading> {
  const problems = checkXlsxArchive(bytes, limits);
  if (problems.length > 0) return { ok: false, errors: problems };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return refuse('the workbook could not be read; open it in Excel and save it again as .xlsx');
  }
  const tables: SheetTable[] = [];
  let total = 0;
  for (const ws of wb.worksheets) {
    const rows: TableRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellText(cell.value);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= '';
      if (!isBlank(cells)) rows.push({ number, cells });
    });
    total += rows.length;
    tables.push({ sheet: ws.name, rows });
  }
  if (total > limits.maxRows + 50)
    return refuse(`the workbook has ${total} rows; at most ${limits.maxRows} are accepted`);
  return { ok: true, tables };
}

/** Reads a CSV or XLSX upload (told apart by its first bytes, not its name). */
export async function readTables(bytes: Buffer, limits: ImportLimits): Promise<TableReading> {
  if (bytes.length === 0) return refuse('the file is empty');
  if (bytes.length > limits.maxFileBytes) {
    return refuse(`the file is ${size(bytes.length)}; at most ${size(limits.maxFileBytes)} is accepted`);
  }
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (magic === 0xd0cf11e0) {
    return refuse('the file is an old-style .xls workbook (or an encrypted one); save it as .xlsx or CSV');
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) return readXlsx(bytes, limits);
  return readCsv(bytes, limits);
}
