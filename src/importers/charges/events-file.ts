/**
 * Reads events.csv, the bed ledger as a commissioner keeps it in a spreadsheet: one row per
 * placement, unavailability, decommissioning or weekly extra, told apart by the `record` column.
 * All or nothing: either every row is good and the whole ledger comes back, or every problem comes
 * back with its spreadsheet row (the header is row 1) and column. docs/contracts.md documents it.
 */
import Papa from 'papaparse';
import type {
  Decommissioning,
  Ledger,
  Placement,
  PlacementExtra,
  Unavailability,
} from '../../domain/occupancy/ledger.ts';
import { ENDINGS, EXTRA_TYPES, UNAVAILABILITY_KINDS } from '../../domain/occupancy/ledger.ts';
import { isCode, NEED_SEGMENTS } from '../../domain/shared/codes.ts';
import { isLocalDate, type LocalDate, parseUkDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';

export const EVENT_COLUMNS = [
  'record',
  'id',
  'bed',
  'la',
  'start_date',
  'end_date',
  'ending',
  'need_segment',
  'distance_miles',
  'kind',
  'reason',
  'extra_type',
  'weekly_amount',
] as const;
type Column = (typeof EVENT_COLUMNS)[number];

const RECORDS: Record<string, 'placement' | 'unavailability' | 'decommission' | 'extra'> = {
  placement: 'placement',
  unavailability: 'unavailability',
  unavailable: 'unavailability',
  decommission: 'decommission',
  decommissioned: 'decommission',
  extra: 'extra',
};

/** The most rows one file may hold: a region's five years are a few thousand. */
export const MAX_EVENT_ROWS = 200_000;

const norm = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

interface Row {
  n: number;
  get(c: Column): string;
}

/** Parses events.csv into a ledger; throws one `validation` DomainError listing every bad row. */
export function readEventsFile(text: string): Ledger {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const rows = parsed.data;
  const errors: FieldError[] = [];
  const quote = parsed.errors.find((e) => e.type === 'Quotes');
  if (quote) {
    const row = (quote.row ?? 0) + 1;
    throw new DomainError('validation', 'The events file has errors', [
      { row, field: 'file', message: 'a quoted value is never closed (a stray " character)' },
    ]);
  }
  const header = (rows[0] ?? []).map(norm);
  const at = new Map<string, number>(header.map((h, i) => [h, i]));
  for (const need of ['record', 'id', 'bed', 'start_date'] as const) {
    if (!at.has(need)) errors.push({ row: 1, field: need, message: `the header has no "${need}" column` });
  }
  if (rows.length - 1 > MAX_EVENT_ROWS)
    errors.push({ field: 'file', message: `more than ${MAX_EVENT_ROWS} rows` });
  if (errors.length) throw new DomainError('validation', 'The events file has errors', errors);

  const placements: Placement[] = [];
  const unavailability: Unavailability[] = [];
  const decommissions: Decommissioning[] = [];
  const extras: Array<{ placement: string; extra: PlacementExtra }> = [];
  for (let i = 1; i < rows.length; i++) {
    const cells = rows[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const row: Row = { n: i + 1, get: (c) => (cells[at.get(c) ?? -1] ?? '').trim() };
    const add = (field: Column, message: string) => errors.push({ row: row.n, field, message });
    const undecodable = cells.findIndex((c) => c.includes('\uFFFD'));
    if (undecodable >= 0) {
      // What UTF-8 decoding leaves of a Windows-1252 é or £: refuse rather than keep changed text.
      errors.push({
        row: row.n,
        field: header[undecodable] || `column ${undecodable + 1}`,
        message: 'holds a character that is not UTF-8 text; save the file as "CSV UTF-8"',
      });
      continue;
    }
    const required = (c: Column) => {
      const v = row.get(c);
      if (!v) add(c, 'this column is required for this kind of record');
      return v;
    };
    const day = (c: Column, need: boolean): LocalDate | undefined => {
      const v = need ? required(c) : row.get(c);
      if (!v) return undefined;
      const d = isLocalDate(v) ? v : parseUkDate(v);
      if (!d) add(c, `"${v}" is not a real date (YYYY-MM-DD or dd/mm/yyyy)`);
      return d;
    };
    const code = <T extends Record<string, string>>(
      c: Column,
      list: T,
      need: boolean,
    ): (keyof T & string) | undefined => {
      const v = need ? required(c) : row.get(c);
      if (!v) return undefined;
      if (isCode(list, v)) return v;
      add(c, `"${v}" is not one of: ${Object.keys(list).join(', ')}`);
      return undefined;
    };
    const kind = RECORDS[row.get('record').toLowerCase()];
    if (!kind) {
      add('record', `"${row.get('record')}" is not placement, unavailability, decommission or extra`);
      continue;
    }
    const before = errors.length;
    if (kind === 'placement') {
      const p: Placement = {
        id: required('id'),
        bed: required('bed'),
        la: required('la'),
        start: day('start_date', true) ?? '',
        needSegment: code('need_segment', NEED_SEGMENTS, true) ?? 'ebd-standard',
        row: row.n,
      };
      const end = day('end_date', false);
      if (end) p.end = end;
      const ending = code('ending', ENDINGS, false);
      if (ending) p.ending = ending;
      const miles = row.get('distance_miles');
      if (miles) {
        const m = Number(miles);
        if (!Number.isFinite(m) || m < 0) add('distance_miles', `"${miles}" is not a number of miles`);
        else p.distanceMiles = m;
      }
      if (errors.length === before) placements.push(p);
    } else if (kind === 'unavailability') {
      const u: Unavailability = {
        id: required('id'),
        bed: required('bed'),
        from: day('start_date', true) ?? '',
        kind: code('kind', UNAVAILABILITY_KINDS, true) ?? 'provider',
        reason: required('reason'),
        row: row.n,
      };
      const to = day('end_date', false);
      if (to) u.to = to;
      if (errors.length === before) unavailability.push(u);
    } else if (kind === 'decommission') {
      const d: Decommissioning = { bed: required('bed'), from: day('start_date', true) ?? '', row: row.n };
      if (row.get('reason')) d.reason = row.get('reason');
      if (errors.length === before) decommissions.push(d);
    } else {
      const weekly = parsePounds(required('weekly_amount'));
      if (row.get('weekly_amount') && (weekly === undefined || weekly < 0)) {
        add('weekly_amount', `"${row.get('weekly_amount')}" is not an amount in pounds`);
      }
      const extra: PlacementExtra = {
        type: code('extra_type', EXTRA_TYPES, true) ?? 'other',
        weekly: weekly ?? 0,
        row: row.n,
      };
      const from = day('start_date', false);
      const to = day('end_date', false);
      if (from) extra.from = from;
      if (to) extra.to = to;
      const placement = required('id');
      if (errors.length === before) extras.push({ placement, extra });
    }
  }
  const byId = new Map(placements.map((p) => [p.id, p]));
  for (const { placement, extra } of extras) {
    const p = byId.get(placement);
    if (!p) errors.push({ row: extra.row, field: 'id', message: `no placement "${placement}" in this file` });
    else p.extras = [...(p.extras ?? []), extra];
  }
  if (errors.length) throw new DomainError('validation', 'The events file has errors', errors);
  return { placements, unavailability, decommissions };
}

/** The events file's column for a ledger field named by the domain's validation. */
export function eventColumn(field: string): string {
  const extra = /^extras\[\d+\]\.(\w+)$/.exec(field);
  const name = extra ? extra[1]! : field;
  const map: Record<string, string> = {
    start: 'start_date',
    end: 'end_date',
    from: 'start_date',
    to: 'end_date',
    needSegment: 'need_segment',
    distanceMiles: 'distance_miles',
    weekly: 'weekly_amount',
    type: 'extra_type',
  };
  return map[name] ?? name;
}
