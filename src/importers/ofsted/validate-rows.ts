/**
 * Turns a sheet's rows into provider records, or collects every problem with its row number and
 * column heading. Checks: URN shape and duplicates (within the whole file), postcodes (format, and
 * a district in the English postcode directory), LA names, ratings, dates, places, category
 * ticks, formula-looking text and over-long cells.
 */
import { parsePostcode } from '../../domain/directory/postcode.ts';
import type { RegistrationCategory } from '../../domain/shared/codes.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import { laByName, locatePostcode } from '../../reference/lookups.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';
import { CATEGORY_FIELDS, type ColumnMap, type Field } from './columns.ts';
import type { ImportLimits } from './limits.ts';
import { type OfstedProviderRecord, placementTypeOf } from './provider-record.ts';
import type { TableRow } from './read-table.ts';
import {
  formulaProblem,
  isEmptyMarker,
  isRedacted,
  type Parsed,
  parseDate,
  parsePlaces,
  parseRating,
  parseStatus,
  parseTick,
  parseUrn,
} from './values.ts';

export interface RowContext {
  ref: ReferenceData;
  limits: ImportLimits;
  sheet: string | null;
  map: ColumnMap;
  /** URN → where it was first seen, across every sheet of the file. */
  seen: Map<string, string>;
}

/** Reads one row; pushes its problems onto `errors` and returns a record only when there are none. */
export function validateRow(
  row: TableRow,
  ctx: RowContext,
  errors: FieldError[],
): OfstedProviderRecord | undefined {
  const { columns } = ctx.map;
  const found: { index: number; error: FieldError }[] = [];
  const fail = (field: Field, message: string) =>
    found.push({
      index: columns[field]!.index,
      error: {
        row: row.number,
        field: columns[field]!.header,
        message,
        ...(ctx.sheet ? { record: `sheet "${ctx.sheet}"` } : {}),
      },
    });
  const done = (record: OfstedProviderRecord | undefined) => {
    if (found.length === 0) return record;
    errors.push(...found.sort((a, b) => a.index - b.index).map((f) => f.error));
    return undefined;
  };
  const raw = (field: Field): string | undefined => {
    const c = columns[field];
    return c ? (row.cells[c.index] ?? '').trim() : undefined;
  };
  for (const field of Object.keys(columns) as Field[]) {
    const text = raw(field)!;
    const formula = formulaProblem(text);
    if (formula) fail(field, formula);
    else if (text.length > ctx.limits.maxCellChars)
      fail(
        field,
        `the value is ${text.length} characters long; at most ${ctx.limits.maxCellChars} are accepted`,
      );
  }
  if (found.length > 0) return done(undefined);

  const read = <T>(field: Field, parse: (t: string) => Parsed<T>, fallback: T): T => {
    const text = raw(field);
    if (text === undefined) return fallback;
    const r = parse(text);
    if (r.ok) return r.value;
    fail(field, r.message);
    return fallback;
  };
  const text = (field: Field): string | null => {
    const t = raw(field);
    return t === undefined || isEmptyMarker(t) || isRedacted(t) ? null : t;
  };

  const urn = read('urn', parseUrn, '');
  const here = `row ${row.number}${ctx.sheet ? ` of sheet "${ctx.sheet}"` : ''}`;
  if (urn) {
    const first = ctx.seen.get(urn);
    if (first) fail('urn', `URN ${urn} appears again (first on ${first})`);
    else ctx.seen.set(urn, here);
  }

  const redacted = ['name', 'postcode', 'address1'].some((f) => isRedacted(raw(f as Field) ?? ''));
  const postcodeText = text('postcode');
  let located: ReturnType<typeof locatePostcode>;
  if (postcodeText !== null) {
    const pc = parsePostcode(postcodeText);
    if (!pc) fail('postcode', `"${postcodeText}" is not a full UK postcode`);
    else {
      located = locatePostcode(ctx.ref, pc.postcode);
      if (!located)
        fail('postcode', `postcode district ${pc.district} is not in the English postcode directory`);
    }
  }

  let laCode = located?.laCode;
  const laText = text('localAuthority');
  if (laText !== null) {
    const match = laByName(ctx.ref, laText);
    if (match?.kind === 'current') laCode = match.la.dfeCode;
    else if (match?.kind === 'former' && !located) {
      fail(
        'localAuthority',
        `"${laText}" is a former local authority (until ${match.la.terminatedOn}); give the postcode so the home can be placed in today's LA`,
      );
    } else if (!match) fail('localAuthority', `"${laText}" is not an English local authority`);
  } else if (!located) {
    fail(
      columns.localAuthority ? 'localAuthority' : 'postcode',
      'neither a local authority nor a postcode is given, so the provider cannot be located',
    );
  }

  const categories: RegistrationCategory[] = [];
  for (const [field, code] of Object.entries(CATEGORY_FIELDS) as [Field, RegistrationCategory][]) {
    if (read(field, parseTick, false)) categories.push(code);
  }
  const hasCategoryColumns = Object.keys(CATEGORY_FIELDS).some((f) => columns[f as Field]);
  const provisionType = text('provisionType');
  const record: OfstedProviderRecord = {
    source: { row: row.number, sheet: ctx.sheet },
    urn,
    provisionType,
    placementType: placementTypeOf(provisionType),
    redacted,
    name: text('name'),
    address:
      located && pcFull(postcodeText) && text('address1')
        ? {
            line1: text('address1')!,
            line2: text('address2'),
            town: text('town'),
            county: text('county'),
            postcode: pcFull(postcodeText)!,
          }
        : null,
    postcodeDistrict: located?.district ?? null,
    postcodeSector: located?.sector ?? null,
    location: located?.point ?? null,
    laCode: laCode ?? '',
    sector: text('sector'),
    ownerName: text('owner'),
    places: read('places', parsePlaces, null),
    registrationStatus: read('registrationStatus', parseStatus, null),
    registeredOn: read('registrationDate', parseDate, null),
    closedOn: read('closedDate', parseDate, null),
    registrationCategories: hasCategoryColumns ? categories : null,
    rating: read('rating', parseRating, null),
    inspectedOn: read('inspectionDate', parseDate, null),
    publishedOn: read('publicationDate', parseDate, null),
  };
  if (record.registeredOn && record.closedOn && record.closedOn < record.registeredOn) {
    fail(
      'closedDate',
      `the provider closed (${record.closedOn}) before it was registered (${record.registeredOn})`,
    );
  }
  return done(record);
}

function pcFull(text: string | null): string | undefined {
  return text === null ? undefined : parsePostcode(text)?.postcode;
}
