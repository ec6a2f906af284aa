/**
 * A bids file (CSV or XLSX, docs/tenders.md) to the tender's bids, all or nothing: every problem
 * is reported with its row and column, and no bids are returned unless the whole file is sound
 * (file format, then each row, then the tender's own rules: weights adding up, a home offered
 * once per lot).
 */
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';
import { type Bid, type BidHome, checkBids, type TenderBids } from '../../domain/tenders/tender.ts';
import type { ImportLimits } from '../ofsted/limits.ts';
import { readTables, type SheetTable, type TableRow } from '../ofsted/read-table.ts';
import { type BidColumns, type FixedColumn, readHeader } from './bid-columns.ts';

/** A tender has tens of bids, not thousands: small limits refuse anything else unread. */
export const BID_FILE_LIMITS: ImportLimits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxRows: 5_000,
  maxCellChars: 1_000,
  maxZipEntries: 100,
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 150,
};

/** Reads a bids file's bytes (CSV or XLSX, told apart by content); throws a `validation` DomainError. */
export async function readBidsFile(bytes: Buffer): Promise<TenderBids> {
  const reading = await readTables(bytes, BID_FILE_LIMITS);
  if (!reading.ok) throw new DomainError('validation', 'The bids file cannot be read', reading.errors);
  return parseBidTable(pickSheet(reading.tables));
}

/** The sheet named "Bids" if there is one, else the first with anything in it. */
function pickSheet(tables: readonly SheetTable[]): SheetTable {
  return (
    tables.find((t) => t.sheet?.trim().toLowerCase() === 'bids') ??
    tables.find((t) => t.rows.length > 0) ?? { sheet: null, rows: [] }
  );
}

const MAX_TEXT = 200;

interface RowValues {
  row: number;
  lot: string;
  ref: string;
  provider: string;
  home: BidHome;
  weeklyPrice: number;
  quality: Record<string, number>;
}

/** Rows of text cells (the first non-blank row is the header) to bids. */
export function parseBidTable(table: SheetTable): TenderBids {
  const [headerRow, ...rows] = table.rows;
  if (!headerRow)
    throw new DomainError('validation', 'The bids file is empty', [{ field: 'file', message: 'no rows' }]);
  const { columns, errors } = readHeader(headerRow.cells, headerRow.number);
  throwIfInvalid(errors, 'The bids file’s header has errors');
  if (rows.length === 0)
    errors.push({ row: headerRow.number, field: 'bid_ref', message: 'there are no bids under the header' });
  const values = rows.map((r) => readRow(r, columns, errors)).filter((v): v is RowValues => v !== null);
  const bids = groupBids(values, columns, errors);
  throwIfInvalid(errors, 'The bids file has errors');
  const tender: TenderBids = { criteria: columns.criteria.map((c) => c.criterion), bids };
  throwIfInvalid(checkBids(tender), 'The bids file has errors');
  return tender;
}

function readRow(r: TableRow, columns: BidColumns, errors: FieldError[]): RowValues | null {
  const before = errors.length;
  const header = (i: number) => columns.headers[i] ?? `column ${i + 1}`;
  const text = (name: FixedColumn, required: boolean): string => {
    const i = columns.fixed[name];
    const value = i === undefined ? '' : (r.cells[i] ?? '').trim();
    if (i !== undefined && value.startsWith('=')) {
      errors.push({ row: r.number, field: header(i), message: 'is a formula; paste the value instead' });
    } else if (i !== undefined && value.length > MAX_TEXT) {
      errors.push({ row: r.number, field: header(i), message: `is longer than ${MAX_TEXT} characters` });
    } else if (required && value === '')
      errors.push({ row: r.number, field: header(i ?? 0), message: 'is empty' });
    return value;
  };
  const lot = text('lot', false) || '1';
  const ref = text('bid_ref', true);
  const provider = text('provider', true);
  const name = text('home', true);
  const urn = text('urn', false) || null;
  const bedsText = text('beds', true);
  const beds = Number(bedsText);
  if (bedsText !== '' && (!/^\d+$/.test(bedsText) || beds < 1)) {
    errors.push({
      row: r.number,
      field: header(columns.fixed.beds!),
      message: `"${bedsText}" is not a whole number of beds`,
    });
  }
  const priceText = text('weekly_price', true);
  const weeklyPrice = parsePounds(priceText) ?? Number.NaN;
  if (priceText !== '' && !(weeklyPrice > 0)) {
    errors.push({
      row: r.number,
      field: header(columns.fixed.weekly_price!),
      message: `"${priceText}" is not a weekly price in pounds (e.g. 4200 or £4,200.00)`,
    });
  }
  const quality: Record<string, number> = {};
  for (const { criterion, index, header: h } of columns.criteria) {
    const t = (r.cells[index] ?? '').trim();
    const mark = Number(t);
    if (t === '' || !/^\d+(\.\d{1,2})?$/.test(t) || mark > criterion.maxScore) {
      errors.push({
        row: r.number,
        field: h,
        message: `"${t}" is not a mark from 0 to ${criterion.maxScore}`,
      });
    }
    quality[criterion.id] = mark;
  }
  if (errors.length > before) return null;
  return {
    row: r.number,
    lot,
    ref,
    provider,
    home: { name, urn, beds, row: r.number },
    weeklyPrice,
    quality,
  };
}

/** Rows of one bid (same lot and reference) become one bid; what the bid states must agree. */
function groupBids(values: readonly RowValues[], columns: BidColumns, errors: FieldError[]): Bid[] {
  const bids = new Map<string, { bid: Bid; homes: BidHome[]; first: RowValues }>();
  const header = (name: FixedColumn) => columns.headers[columns.fixed[name]!] ?? name;
  for (const v of values) {
    const key = `${v.lot}\u0000${v.ref}`;
    const seen = bids.get(key);
    if (!seen) {
      const homes = [v.home];
      bids.set(key, {
        bid: {
          lot: v.lot,
          ref: v.ref,
          provider: v.provider,
          homes,
          weeklyPrice: v.weeklyPrice,
          quality: v.quality,
          row: v.row,
        },
        homes,
        first: v,
      });
      continue;
    }
    const differs = (field: string) =>
      errors.push({
        row: v.row,
        field,
        message: `differs from row ${seen.first.row} of the same bid (${v.ref})`,
      });
    if (v.provider !== seen.first.provider) differs(header('provider'));
    if (v.weeklyPrice !== seen.first.weeklyPrice) differs(header('weekly_price'));
    for (const { criterion, header: h } of columns.criteria) {
      if (v.quality[criterion.id] !== seen.first.quality[criterion.id]) differs(h);
    }
    seen.homes.push(v.home);
  }
  return [...bids.values()].map((b) => b.bid);
}
