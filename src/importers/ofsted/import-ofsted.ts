/**
 * Imports an Ofsted provider list (CSV or XLSX; the public statistics or a list sent to LAs):
 * all or nothing. Either every row is a valid provider and the whole list comes back normalised,
 * or nothing comes back but every problem, each with its row number and column heading. Nothing
 * is written here; the caller applies the records in one transaction (see diff-ofsted.ts).
 */
import type { FieldError } from '../../domain/shared/errors.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';
import { FIELD_ALIASES, mapColumns } from './columns.ts';
import { DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
import type { OfstedProviderRecord } from './provider-record.ts';
import { readTables } from './read-table.ts';
import { validateRow } from './validate-rows.ts';

export type OfstedFileKind = 'public-statistics' | 'la-list';

export type OfstedImport =
  | { ok: true; kind: OfstedFileKind; records: OfstedProviderRecord[]; sheets: (string | null)[] }
  | { ok: false; errors: FieldError[] };

export interface ImportOptions {
  ref: ReferenceData;
  limits?: Partial<ImportLimits>;
  /** Called with the share done (0 … 1) and a note, at most every few hundred rows. */
  onProgress?: (fraction: number, note: string) => void;
}

/** Errors beyond this many are summarised in one line: a thousand messages already say "wrong file". */
export const MAX_REPORTED_ERRORS = 1_000;

function capped(errors: FieldError[]): FieldError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    { field: 'file', message: `${errors.length - MAX_REPORTED_ERRORS} more problems are not listed` },
  ];
}

const NO_HEADER = `no row in the first 20 has a URN heading (${FIELD_ALIASES.urn.join(', ')}); is this an Ofsted provider list?`;

export async function importOfstedFile(bytes: Buffer, options: ImportOptions): Promise<OfstedImport> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const progress = options.onProgress ?? (() => {});
  progress(0, 'reading');
  const read = await readTables(bytes, limits);
  if (!read.ok) return read;
  progress(0.3, 'checking rows');

  const errors: FieldError[] = [];
  const mapped = [];
  for (const table of read.tables) {
    const m = mapColumns(table.rows);
    if (m === undefined) continue;
    if ('errors' in m) {
      errors.push(...m.errors.map((e) => (table.sheet ? { ...e, record: `sheet "${table.sheet}"` } : e)));
      continue;
    }
    const { columns, headerRow } = m.map;
    if (!columns.localAuthority && !columns.postcode) {
      errors.push({
        row: headerRow,
        field: 'Local authority',
        message: `no local authority or postcode column (expected one of: ${[...FIELD_ALIASES.localAuthority, ...FIELD_ALIASES.postcode].join(', ')})`,
        ...(table.sheet ? { record: `sheet "${table.sheet}"` } : {}),
      });
      continue;
    }
    mapped.push({ table, map: m.map });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (mapped.length === 0) {
    const empty = read.tables.every((t) => t.rows.length === 0);
    return {
      ok: false,
      errors: [
        { field: 'file', message: empty ? 'the file has no rows' : NO_HEADER, ...(empty ? {} : { row: 1 }) },
      ],
    };
  }

  const total = mapped.reduce((n, m) => n + m.table.rows.filter((r) => r.number > m.map.headerRow).length, 0);
  if (total === 0)
    return {
      ok: false,
      errors: [
        {
          row: mapped[0]!.map.headerRow,
          field: 'file',
          message: 'the file has a header row but no providers',
        },
      ],
    };
  if (total > limits.maxRows)
    return {
      ok: false,
      errors: [
        { field: 'file', message: `the file has ${total} providers; at most ${limits.maxRows} are accepted` },
      ],
    };

  const seen = new Map<string, string>();
  const records: OfstedProviderRecord[] = [];
  let done = 0;
  for (const { table, map } of mapped) {
    const ctx = { ref: options.ref, limits, sheet: table.sheet, map, seen };
    for (const row of table.rows) {
      if (row.number <= map.headerRow) continue;
      const record = validateRow(row, ctx, errors);
      if (record && errors.length === 0) records.push(record);
      if (++done % 500 === 0) {
        progress(0.3 + (0.7 * done) / total, `${done} of ${total} rows`);
        // Let the caller's progress reports (a job's, a terminal's) go out while a large file is checked.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }
  progress(1, `${total} rows checked`);
  if (errors.length > 0) return { ok: false, errors: capped(errors) };
  return {
    ok: true,
    kind: records.some((r) => r.redacted) ? 'public-statistics' : 'la-list',
    records,
    sheets: mapped.map((m) => m.table.sheet),
  };
}
