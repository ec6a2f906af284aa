/**
 * Row-by-row reading and checking of the three 903 tables. Each bad value becomes a FieldError
 * naming the file, the row (as a spreadsheet counts it, header = 1) and the column; good rows go
 * into the RawStore as numbers. Checks that need a child's whole history (overlaps, birth after
 * entry) run after merging, in merge-episodes.ts.
 */
import { collectionYearFirstDay, collectionYearLastDay, OPEN } from '../../domain/forecasting/dataset.ts';
import {
  codeIndex,
  collectionYearLabel,
  isIndexValidInYear,
  PLACES_WITHOUT_PROVIDER,
  SSDA903_CODES,
  type Ssda903Field,
} from '../../domain/forecasting/ssda903-codes.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import { type ColumnIndex, guessKind, mapColumns, type TableKind } from './columns.ts';
import type { RecordHandler } from './csv-records.ts';
import { parseDateToEpochDay } from './fast-date.ts';
import type { RawStore, SourceFile } from './raw-store.ts';

export interface ReadOptions {
  /**
   * What to do with a known code used outside the collection years it is valid in (K3 before
   * 2023-24, H5 after 2024-25, Z11 before 2025-26): 'warn' keeps the row and reports it, 'error'
   * refuses the file. Unknown codes are always errors.
   */
  codeYears?: 'warn' | 'error';
}

function cell(f: readonly string[], i: number | undefined): string {
  if (i === undefined || i < 0) return '';
  const v = f[i] ?? '';
  return v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) ? v.trim() : v;
}

function validityText(field: Ssda903Field, code: string): string {
  const v = SSDA903_CODES[field][code];
  if (v?.from && v.to) return `valid ${collectionYearLabel(v.from)} to ${collectionYearLabel(v.to)}`;
  if (v?.from) return `valid from ${collectionYearLabel(v.from)}`;
  if (v?.to) return `valid up to ${collectionYearLabel(v.to)}`;
  return 'valid';
}

/** Builds the record handler for one file; its first record is taken as the column names. */
export function tableReader(
  store: RawStore,
  file: SourceFile,
  fileIndex: number,
  opts: ReadOptions,
): RecordHandler {
  let ix: ColumnIndex | undefined;
  let kind: TableKind = file.kind ?? 'episodes';
  let refused = false;
  const seen = new Set<number>();

  // First and last days of collection years, worked out once per year rather than per row.
  const bounds = new Map<number, [number, number]>();
  const yearBounds = (year: number): [number, number] => {
    let b = bounds.get(year);
    if (!b) {
      b = [collectionYearFirstDay(year), collectionYearLastDay(year)];
      bounds.set(year, b);
    }
    return b;
  };
  const scratch: FieldError[] = []; // reused per row: a million rows need no garbage for the clean ones
  const problem = (row: number, field: string, message: string) =>
    ({ record: file.name, row, field, message }) satisfies FieldError;

  const yearOf = (f: readonly string[], row: number, errs: FieldError[]): number => {
    const raw = cell(f, ix?.YEAR);
    if (raw !== '') {
      const y = Number(raw);
      if (Number.isInteger(y) && y >= 1990 && y <= 2200) return y;
      errs.push(problem(row, 'YEAR', `"${raw}" is not a collection year (the year holding 31 March)`));
      return 0;
    }
    if (file.year !== undefined) return file.year;
    errs.push(
      problem(
        row,
        'YEAR',
        'no collection year: put the file in a folder named after the year or add a YEAR column',
      ),
    );
    return 0;
  };

  const laOf = (f: readonly string[]): number => {
    const raw = cell(f, ix?.LA);
    return store.la(raw !== '' ? raw : file.la);
  };

  const code = (
    field: Ssda903Field,
    raw: string,
    year: number,
    row: number,
    errs: FieldError[],
    required: boolean,
  ) => {
    const i = codeIndex(field, raw);
    if (i < 0) errs.push(problem(row, field, `"${raw}" is not a ${field} code`));
    else if (i === 0 && required) errs.push(problem(row, field, `${field} is blank`));
    else if (i > 0 && year > 0 && !isIndexValidInYear(field, i, year)) {
      const p = problem(
        row,
        field,
        `"${raw}" is not valid in ${collectionYearLabel(year)} (${validityText(field, raw)})`,
      );
      if (opts.codeYears === 'error') errs.push(p);
      else store.warn(p);
    }
    return i;
  };

  const date = (field: string, raw: string, row: number, errs: FieldError[], required: boolean): number => {
    if (raw === '') {
      if (required) errs.push(problem(row, field, `${field} is blank`));
      return OPEN;
    }
    const d = parseDateToEpochDay(raw);
    if (Number.isNaN(d)) {
      errs.push(problem(row, field, `"${raw}" is not a date (dd/mm/yyyy)`));
      return OPEN;
    }
    return d;
  };

  const episode = (f: readonly string[], row: number) => {
    const errs = scratch;
    errs.length = 0;
    const id = cell(f, ix!.CHILD);
    if (id === '') errs.push(problem(row, 'CHILD', 'CHILD is blank'));
    const year = yearOf(f, row, errs);
    const start = date('DECOM', cell(f, ix!.DECOM), row, errs, true);
    const end = date('DEC', cell(f, ix!.DEC), row, errs, false);
    const placeCode = cell(f, ix!.PLACE);
    const providerCode = cell(f, ix!.PLACE_PROVIDER);
    const recCode = cell(f, ix!.REC);
    const rne = code('RNE', cell(f, ix!.RNE), year, row, errs, true);
    const ls = code('LS', cell(f, ix!.LS), year, row, errs, true);
    code('CIN', cell(f, ix!.CIN), year, row, errs, true);
    const place = code('PLACE', placeCode, year, row, errs, true);
    const provider = code(
      'PLACE_PROVIDER',
      providerCode,
      year,
      row,
      errs,
      !PLACES_WITHOUT_PROVIDER.has(placeCode),
    );
    const rec = code('REC', recCode, year, row, errs, false);
    if (start !== OPEN && end !== OPEN && end < start) errs.push(problem(row, 'DEC', 'DEC is before DECOM'));
    if (end === OPEN && rec > 0) errs.push(problem(row, 'REC', 'REC is given but DEC is blank'));
    if (end !== OPEN && rec === 0) errs.push(problem(row, 'REC', 'DEC is given but REC is blank'));
    const [yearFirst, yearLast] = year > 0 ? yearBounds(year) : [0, 0];
    if (year > 0 && start !== OPEN && start > yearLast) {
      errs.push(
        problem(row, 'DECOM', `the episode starts after the ${collectionYearLabel(year)} collection year`),
      );
    }
    if (year > 0 && end !== OPEN && end > yearLast) {
      errs.push(
        problem(row, 'DEC', `DEC is after the end of the ${collectionYearLabel(year)} collection year`),
      );
    }
    if (year > 0 && end !== OPEN && end < yearFirst) {
      errs.push(
        problem(row, 'DEC', `the episode ended before the ${collectionYearLabel(year)} collection year`),
      );
    }
    if (errs.length > 0) {
      for (const e of errs) store.error(e);
      return;
    }
    const la = laOf(f);
    store.yearsByLa[la]!.add(year);
    store.epChild.push(store.child(la, id));
    store.epStart.push(start);
    store.epEnd.push(end);
    store.epRne.push(rne);
    store.epLs.push(ls);
    store.epPlace.push(place);
    store.epProvider.push(provider);
    store.epRec.push(rec);
    store.epYear.push(year);
    store.epFile.push(fileIndex);
    store.epRow.push(row);
  };

  const header = (f: readonly string[], row: number) => {
    const errs = scratch;
    errs.length = 0;
    const id = cell(f, ix!.CHILD);
    if (id === '') errs.push(problem(row, 'CHILD', 'CHILD is blank'));
    const year = yearOf(f, row, errs);
    const birth = date('DOB', cell(f, ix!.DOB), row, errs, true);
    const sex = code('SEX', cell(f, ix!.SEX), year, row, errs, true);
    if (errs.length > 0) {
      for (const e of errs) store.error(e);
      return;
    }
    const c = store.child(laOf(f), id);
    if (seen.has(c)) {
      store.error(problem(row, 'CHILD', `child ${id} has more than one row in this file`));
      return;
    }
    seen.add(c);
    if (year >= store.headerYear.get(c)) {
      store.birth.set(c, birth);
      store.sex.set(c, sex);
      store.headerYear.set(c, year);
    }
  };

  const uasc = (f: readonly string[], row: number) => {
    const id = cell(f, ix!.CHILD);
    if (id === '') {
      store.error(problem(row, 'CHILD', 'CHILD is blank'));
      return;
    }
    store.uasc.set(store.child(laOf(f), id), 1);
  };

  let names: readonly string[] = [];
  return (fields, row, undecodable) => {
    if (refused) return;
    if (undecodable) {
      // A byte of another encoding (Windows-1252 é, £) decodes to U+FFFD: refuse it rather than
      // keep a changed child id or code.
      const at = fields.findIndex((f) => f.includes('\uFFFD'));
      if (!ix) {
        refused = true;
        store.error(
          problem(row, 'file', 'the file is not UTF-8 text (UTF-16, or Windows-1252?); export it as UTF-8'),
        );
        return;
      }
      store.error(
        problem(
          row,
          names[at]?.trim() || `column ${at + 1}`,
          'holds a character that is not UTF-8 text (the file was saved in another encoding, such as Windows-1252); export it as UTF-8',
        ),
      );
      return;
    }
    if (!ix) {
      names = fields;
      kind = file.kind ?? guessKind(fields) ?? 'episodes';
      const mapped = mapColumns(kind, fields, file.name);
      ix = mapped.index;
      if (mapped.errors.length > 0) {
        refused = true; // a file without its columns is refused whole; its rows are not read
        for (const e of mapped.errors) store.error(e);
      }
      return;
    }
    if (kind === 'episodes') episode(fields, row);
    else if (kind === 'header') header(fields, row);
    else uasc(fields, row);
  };
}
