/**
 * The one error type the domain throws. Codes are a closed list; the HTTP edge maps each to a
 * status in one place (src/server/http/errors.ts) and the CLI maps them to exit codes.
 * Expected business outcomes ("no suitable home") are returned as values, not thrown.
 */
export type DomainErrorCode =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'bed-unavailable'
  | 'forbidden'
  | 'unprocessable';

/** A problem with one field of one record: `row` is 1-based as people count spreadsheet rows. */
export interface FieldError {
  field: string;
  message: string;
  row?: number;
  /** What the record is when there is no row number (e.g. "placement P-12"). */
  record?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function describeFieldError(e: FieldError): string {
  const where = [
    e.row !== undefined ? `row ${e.row}` : undefined,
    e.record,
    e.field ? `field "${e.field}"` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${e.message}` : e.message;
}

/** Throws a `validation` DomainError listing every field error, or returns when there are none. */
export function throwIfInvalid(errors: readonly FieldError[], summary = 'The input has errors'): void {
  if (errors.length === 0) return;
  const first = errors.slice(0, 5).map(describeFieldError).join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  throw new DomainError('validation', `${summary}: ${first}${more}`, errors);
}
