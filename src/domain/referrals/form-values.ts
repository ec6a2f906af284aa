/**
 * Readers for the raw values an HTML form posts (strings, or lists of strings for checkboxes).
 * Each reader returns the typed value or records one GOV.UK-style error against the field, so a
 * form with five mistakes gets five messages in one go rather than one at a time.
 */
import { isCode } from '../shared/codes.ts';
import { isLocalDate, type LocalDate, parseUkDate } from '../shared/dates.ts';
import type { FieldError } from '../shared/errors.ts';

export type FormValue = string | number | boolean | readonly string[] | null | undefined;
/**
 * A posted form: field name → value (checkbox groups give a list). A JSON body may use numbers
 * and booleans for the same fields (`ageYears: 14`, `keepSchool: true`).
 */
export type FormInput = Readonly<Record<string, FormValue>>;

/** Collects errors while reading fields; one error per field (the first problem found). */
export class FormReader {
  readonly errors: FieldError[] = [];
  constructor(private readonly form: FormInput) {}

  fail(field: string, message: string): undefined {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, message });
    return undefined;
  }

  hasError(field: string): boolean {
    return this.errors.some((e) => e.field === field);
  }

  /** Trimmed text, or undefined when blank. */
  text(field: string, maxLength = 500): string | undefined {
    const raw = this.form[field];
    const first = Array.isArray(raw) ? raw[0] : raw;
    const value = first === undefined || first === null ? undefined : String(first).trim();
    if (!value) return undefined;
    if (value.length > maxLength) return this.fail(field, `Must be ${maxLength} characters or fewer`);
    return value;
  }

  requiredText(field: string, missing: string, maxLength = 500): string | undefined {
    const value = this.text(field, maxLength);
    if (value === undefined && !this.hasError(field)) return this.fail(field, missing);
    return value;
  }

  /** One code from a closed list; an unknown value is refused, never guessed. */
  code<T extends Record<string, unknown>>(
    field: string,
    list: T,
    missing: string | undefined,
  ): (keyof T & string) | undefined {
    const value = this.text(field, 100);
    if (value === undefined) return missing ? this.fail(field, missing) : undefined;
    if (!isCode(list, value)) return this.fail(field, `"${value}" is not one of the allowed answers`);
    return value;
  }

  /** Several codes from a checkbox group; duplicates are dropped, order follows the list. */
  codes<T extends Record<string, unknown>>(
    field: string,
    list: T,
    missing: string | undefined,
  ): (keyof T & string)[] | undefined {
    const raw = this.form[field];
    const given: readonly unknown[] = Array.isArray(raw)
      ? raw
      : raw === undefined || raw === null
        ? []
        : [raw];
    const values = given.map((v) => String(v).trim()).filter((v) => v !== '');
    if (values.length === 0) return missing ? this.fail(field, missing) : [];
    const unknown = values.find((v: string) => !isCode(list, v));
    if (unknown !== undefined) return this.fail(field, `"${unknown}" is not one of the allowed answers`);
    return (Object.keys(list) as (keyof T & string)[]).filter((k) => values.includes(k));
  }

  /** A GOV.UK yes/no radio ('yes' or 'no'; a JSON body may send true or false). */
  yesNo(field: string, missing: string): boolean | undefined {
    const value = this.text(field, 10)?.toLowerCase();
    if (value === undefined) return this.fail(field, missing);
    if (value === 'yes' || value === 'true') return true;
    if (value === 'no' || value === 'false') return false;
    return this.fail(field, `"${value}" is not one of the allowed answers`);
  }

  integer(field: string, min: number, max: number, missing: string, label: string): number | undefined {
    const value = this.text(field, 10);
    if (value === undefined) return this.fail(field, missing);
    if (!/^-?\d+$/.test(value)) return this.fail(field, `${label} must be a whole number, like ${min + 1}`);
    const n = Number(value);
    if (n < min || n > max) return this.fail(field, `${label} must be between ${min} and ${max}`);
    return n;
  }

  /**
   * A date from a GOV.UK date input (`<field>-day`, `-month`, `-year`) or one text box holding
   * 2026-03-31 or 31/03/2026. Impossible dates (31 February) are refused.
   */
  date(field: string, missing: string, label: string): LocalDate | undefined {
    const day = this.text(`${field}-day`, 10);
    const month = this.text(`${field}-month`, 10);
    const year = this.text(`${field}-year`, 10);
    let value: string | undefined;
    if (day !== undefined || month !== undefined || year !== undefined) {
      if (day === undefined || month === undefined || year === undefined) {
        const gaps = [day ? '' : 'day', month ? '' : 'month', year ? '' : 'year'].filter(Boolean);
        return this.fail(field, `${label} must include a ${gaps.join(' and ')}`);
      }
      value = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    } else {
      value = this.text(field, 10);
    }
    if (value === undefined) return this.fail(field, missing);
    const iso = isLocalDate(value) ? value : parseUkDate(value);
    if (iso === undefined || !/^\d{4}-/.test(iso) || iso < '1900') {
      return this.fail(field, `${label} must be a real date`);
    }
    return iso;
  }
}
