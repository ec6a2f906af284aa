/**
 * The columns each 903 table must and may have. Names match the DfE CSV layout, compared without
 * case or surrounding spaces. Columns the forecaster never reads (postcodes, URN, UPN) are optional,
 * so an extract with them removed for privacy still imports.
 */
import type { FieldError } from '../../domain/shared/errors.ts';

export type TableKind = 'header' | 'episodes' | 'uasc';

export const REQUIRED_COLUMNS: Record<TableKind, readonly string[]> = {
  header: ['CHILD', 'SEX', 'DOB'],
  episodes: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC'],
  uasc: ['CHILD'],
};

export const OPTIONAL_COLUMNS: Record<TableKind, readonly string[]> = {
  header: ['ETHNIC', 'UPN', 'MOTHER', 'MC_DOB', 'LA', 'YEAR'],
  episodes: ['REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN', 'LA', 'YEAR'],
  uasc: ['SEX', 'DOB', 'DUC', 'LA', 'YEAR'],
};

/** Column name to position, or -1 when absent. */
export type ColumnIndex = Record<string, number>;

/** Maps a header row; reports every required column that is missing, as row 1 of the file. */
export function mapColumns(
  kind: TableKind,
  names: readonly string[],
  file: string,
): { index: ColumnIndex; errors: FieldError[] } {
  const upper = names.map((n) => n.trim().toUpperCase());
  const index: ColumnIndex = {};
  for (const col of [...REQUIRED_COLUMNS[kind], ...OPTIONAL_COLUMNS[kind]]) index[col] = upper.indexOf(col);
  const errors = REQUIRED_COLUMNS[kind]
    .filter((c) => index[c]! < 0)
    .map((c) => ({ record: file, row: 1, field: c, message: `the ${kind} file has no ${c} column` }));
  return { index, errors };
}

/** Guesses a table from its column names when the file name does not say. */
export function guessKind(names: readonly string[]): TableKind | undefined {
  const upper = new Set(names.map((n) => n.trim().toUpperCase()));
  if (upper.has('DECOM')) return 'episodes';
  if (upper.has('DUC')) return 'uasc';
  if (upper.has('DOB') && upper.has('SEX')) return 'header';
  return undefined;
}
