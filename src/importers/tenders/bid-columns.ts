/**
 * The columns of a bids file (docs/tenders.md): fixed columns named in any case, with spaces or
 * underscores, and one column per quality criterion whose header carries its weight and maximum,
 * "quality: Safeguarding (weight 40, max 5)", so a bids file says how it is to be marked.
 */

import type { FieldError } from '../../domain/shared/errors.ts';
import type { QualityCriterion } from '../../domain/tenders/tender.ts';

export const FIXED_COLUMNS = ['lot', 'bid_ref', 'provider', 'home', 'urn', 'beds', 'weekly_price'] as const;
export type FixedColumn = (typeof FIXED_COLUMNS)[number];
const REQUIRED: readonly FixedColumn[] = ['bid_ref', 'provider', 'home', 'beds', 'weekly_price'];

/** "quality: <label> (weight <w>, max <m>)"; a semicolon or a space may stand for the comma. */
const QUALITY = /^quality\s*:\s*(.+?)\s*\(\s*weight\s+([^\s,;%]+)\s*%?\s*[,;]?\s*max\s+([^\s)]+)\s*\)\s*$/i;

export interface BidColumns {
  /** Index of each fixed column present. */
  fixed: Partial<Record<FixedColumn, number>>;
  criteria: { criterion: QualityCriterion; index: number; header: string }[];
  /** The header as written, by index, for messages. */
  headers: string[];
}

function normalise(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** A criterion's code from its label: "Safeguarding and care" → "safeguarding-and-care". */
export function criterionId(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'criterion'
  );
}

export function readHeader(
  cells: readonly string[],
  row: number,
): { columns: BidColumns; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const columns: BidColumns = { fixed: {}, criteria: [], headers: cells.map((c) => c.trim()) };
  cells.forEach((raw, index) => {
    const header = raw.trim();
    if (header === '') return;
    const q = QUALITY.exec(header);
    if (q) {
      const [, label, weight, max] = q;
      const id = criterionId(label!);
      if (columns.criteria.some((c) => c.criterion.id === id)) {
        errors.push({ row, field: header, message: `a second quality column for "${label}"` });
        return;
      }
      columns.criteria.push({
        criterion: { id, label: label!, weight: Number(weight), maxScore: Number(max) },
        index,
        header,
      });
      return;
    }
    if (/^quality\b/i.test(header)) {
      errors.push({
        row,
        field: header,
        message: 'a quality column must read "quality: <criterion> (weight <percent>, max <top mark>)"',
      });
      return;
    }
    const name = normalise(header) as FixedColumn;
    if (!FIXED_COLUMNS.includes(name)) {
      errors.push({
        row,
        field: header,
        message: `unknown column; the columns are ${FIXED_COLUMNS.join(', ')} and "quality: …" columns`,
      });
      return;
    }
    if (columns.fixed[name] !== undefined) {
      errors.push({ row, field: header, message: 'the column appears twice' });
      return;
    }
    columns.fixed[name] = index;
  });
  for (const name of REQUIRED) {
    if (columns.fixed[name] === undefined)
      errors.push({ row, field: name, message: 'the column is missing' });
  }
  if (columns.criteria.length === 0) {
    errors.push({ row, field: 'quality', message: 'at least one "quality: …" column is needed' });
  }
  return { columns, errors };
}
