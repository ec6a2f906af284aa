/**
 * GOV.UK form errors: the same FieldError list the domain returns becomes an error summary at the
 * top of the page (each linking to its field) and a message beside each field.
 */
import type { ZodError } from 'zod';
import type { FieldError } from '../../domain/shared/errors.ts';

export interface FormErrors {
  /** For govukErrorSummary: [{ text, href }]. */
  summary: Array<{ text: string; href: string }>;
  /** For each field's errorMessage: { field: { text } }. */
  byField: Record<string, { text: string }>;
}

export function formErrors(errors: readonly FieldError[]): FormErrors {
  const byField: Record<string, { text: string }> = {};
  const summary: FormErrors['summary'] = [];
  for (const e of errors) {
    const field = e.field || 'form';
    const text = e.row !== undefined ? `Row ${e.row}, ${e.field}: ${e.message}` : e.message;
    if (!byField[field]) byField[field] = { text };
    summary.push({ text, href: `#${fieldId(field)}` });
  }
  return { summary, byField };
}

/** The id GOV.UK components give a field's input (dots and brackets are not valid in ids). */
export function fieldId(field: string): string {
  return field.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** A zod error as FieldErrors named by their path (e.g. "parties.2.share"). */
export function zodFieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.message }));
}
