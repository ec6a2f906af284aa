/**
 * Imports a Placements Data Standard spreadsheet (the 2026 template, as CSV or XLSX): referrals
 * and agreed placements, one row per child. All or nothing: one bad row refuses the whole file,
 * and every problem is listed with its row and column so the LA can fix the file in one pass.
 * Warnings (a cost outside the standard's sense-check range) do not stop the import.
 */
import type { PdsRecord } from '../../domain/referrals/pds-record.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import { DEFAULT_LIMITS, type ImportLimits } from '../ofsted/limits.ts';
import { readTables } from '../ofsted/read-table.ts';
import { locateTable } from './header.ts';
import { readRow } from './rows.ts';

export type PdsImportResult =
  | { ok: true; sheet: string | null; records: PdsRecord[]; warnings: FieldError[] }
  | { ok: false; errors: FieldError[] };

export interface PdsImportOptions {
  /** The importing LA's calendar day: no data-entry date may be after it. */
  today: LocalDate;
  limits?: ImportLimits;
  /** Stop listing errors after this many (the count of the rest is reported). */
  maxErrors?: number;
  /** Told how far the check has got (0..1); the check lets the event loop in every 500 rows. */
  onProgress?: (fraction: number, note: string) => void;
}

/** Reads the file's bytes (CSV or XLSX, told apart by content) into PDS records, or refuses it. */
export async function importPlacementsStandard(
  bytes: Buffer,
  options: PdsImportOptions,
): Promise<PdsImportResult> {
  const progress = options.onProgress ?? (() => {});
  progress(0, 'reading');
  const read = await readTables(bytes, options.limits ?? DEFAULT_LIMITS);
  if (!read.ok) return { ok: false, errors: read.errors };
  const located = locateTable(read.tables);
  if (!located.ok) return located;
  const { table } = located;
  const total = table.rows.length;
  progress(0.3, 'checking rows');

  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const records: PdsRecord[] = [];
  const firstRowOf = new Map<string, number>();
  let done = 0;
  for (const row of table.rows) {
    if (++done % 500 === 0) {
      progress(0.3 + (0.7 * done) / total, `${done} of ${total} rows`);
      // Let the caller's progress reports (a job's) and other requests in while a large file is checked.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const r = readRow(table, row, options.today);
    errors.push(...r.errors);
    warnings.push(...r.warnings);
    if (!r.record) continue;
    const seen = firstRowOf.get(r.record.childRef);
    if (seen !== undefined) {
      errors.push({
        row: row.number,
        field: 'child_ID',
        message: `${r.record.childRef} is also on row ${seen}; the standard has one row per child`,
      });
    } else {
      firstRowOf.set(r.record.childRef, row.number);
      records.push(r.record);
    }
  }
  progress(1, `${total} rows checked`);
  if (table.rows.length === 0)
    errors.push({ row: table.headerRow, field: 'file', message: 'the sheet has no rows below its header' });
  if (errors.length > 0) return { ok: false, errors: capped(errors, options.maxErrors ?? 500) };
  return { ok: true, sheet: table.sheet, records, warnings };
}

function capped(errors: FieldError[], max: number): FieldError[] {
  if (errors.length <= max) return errors;
  return [...errors.slice(0, max), { field: 'file', message: `and ${errors.length - max} more problems` }];
}
