import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { WORKED_TENDER } from '../../domain/tenders/testing.ts';
import { readBidsFile } from './bids-file.ts';

const example = fileURLToPath(new URL('../../../docs/examples/tenders/bids.csv', import.meta.url));
const HEADER =
  'lot,bid_ref,provider,home,urn,beds,weekly_price,"quality: Safeguarding (weight 40, max 5)","quality: Outcomes (weight 30, max 5)","quality: Staffing (weight 30, max 5)"';

async function errorsOf(text: string | Buffer): Promise<FieldError[]> {
  try {
    await readBidsFile(Buffer.isBuffer(text) ? text : Buffer.from(text));
  } catch (e) {
    if (e instanceof DomainError) return [...e.fieldErrors];
    throw e;
  }
  throw new Error('expected the file to be refused');
}

const strip = <T extends { row?: number }>(x: T) => {
  const { row: _row, ...rest } = x;
  return rest;
};

describe('readBidsFile', () => {
  it('reads the documented example into the worked tender (lot 1) and a second lot', async () => {
    const tender = await readBidsFile(readFileSync(example));
    expect(tender.criteria).toEqual(WORKED_TENDER.criteria);
    const lot1 = tender.bids.filter((b) => b.lot === '1');
    expect(lot1.map((b) => ({ ...strip(b), homes: b.homes.map(strip) }))).toEqual(WORKED_TENDER.bids);
    expect(lot1[0]!.homes.map((h) => h.row)).toEqual([2, 3]);
    expect(tender.bids.filter((b) => b.lot === '2').map((b) => b.ref)).toEqual(['N1', 'N2']);
  });

  it('reads the same from an xlsx workbook’s "Bids" sheet, numbers as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['Evaluation notes, not bids']);
    const ws = wb.addWorksheet('Bids');
    ws.addRow([
      'Lot',
      'Bid ref',
      'Provider',
      'Home',
      'URN',
      'Beds',
      'Weekly price',
      'Quality: Safeguarding (weight 100; max 5)',
    ]);
    ws.addRow([1, 'X1', 'Acorn Care', 'Oak House', 'SC100001', 3, 4200.5, 4.5]);
    const tender = await readBidsFile(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(tender.criteria).toEqual([
      { id: 'safeguarding', label: 'Safeguarding', weight: 100, maxScore: 5 },
    ]);
    expect(tender.bids[0]).toMatchObject({
      lot: '1',
      ref: 'X1',
      weeklyPrice: 420_050,
      quality: { safeguarding: 4.5 },
    });
  });

  it('reports every bad cell with its row and column, and returns nothing', async () => {
    const errors = await errorsOf(
      [
        HEADER,
        '1,B1,Acorn Care,Oak House,SC1,three,4200,4,4,3',
        '1,B1,Acorn Care,Elm House,SC2,4,4300,4,4,3',
        '1,B2,Birch Homes,Birch Lodge,SC3,2,cheap,6,3,3',
        '1,B3,=HYPERLINK("x"),Cedar View,,2,5000,5,5,5',
      ].join('\n'),
    );
    expect(errors).toEqual([
      { row: 2, field: 'beds', message: '"three" is not a whole number of beds' },
      {
        row: 4,
        field: 'weekly_price',
        message: '"cheap" is not a weekly price in pounds (e.g. 4200 or £4,200.00)',
      },
      { row: 4, field: 'quality: Safeguarding (weight 40, max 5)', message: '"6" is not a mark from 0 to 5' },
      { row: 5, field: 'provider', message: 'is a formula; paste the value instead' },
    ]);
  });

  it('refuses rows of one bid that disagree on price or marks', async () => {
    const errors = await errorsOf(
      [
        HEADER,
        '1,B1,Acorn Care,Oak House,SC1,3,4200,4,4,3',
        '1,B1,Acorn Care,Elm House,SC2,4,4300,4,5,3',
      ].join('\n'),
    );
    expect(errors).toEqual([
      { row: 3, field: 'weekly_price', message: 'differs from row 2 of the same bid (B1)' },
      {
        row: 3,
        field: 'quality: Outcomes (weight 30, max 5)',
        message: 'differs from row 2 of the same bid (B1)',
      },
    ]);
  });

  it('checks the header: missing and unknown columns, malformed quality columns', async () => {
    const errors = await errorsOf(
      'bid_ref,provider,home,beds,colour,quality: Safeguarding\nB1,A,H,3,red,4\n',
    );
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'colour'],
      [1, 'quality: Safeguarding'],
      [1, 'weekly_price'],
      [1, 'quality'],
    ]);
  });

  it('applies the tender’s own rules: criteria weights add up to 100, a home once per lot', async () => {
    const errors = await errorsOf(
      [
        'bid_ref,provider,home,beds,weekly_price,"quality: A (weight 60, max 5)","quality: B (weight 30, max 5)"',
        'B1,Acorn,Oak House,3,4200,4,4',
        'B2,Birch,oak  house,3,4100,4,4',
      ].join('\n'),
    );
    expect(errors).toEqual([
      { field: 'quality', message: 'criteria weights must add up to 100 (they add up to 90)' },
      { row: 3, field: 'home', message: 'oak  house is already offered in lot 1 by bid B1' },
    ]);
  });

  it('refuses an empty file and a header with no bids', async () => {
    expect(await errorsOf('')).toEqual([{ field: 'file', message: 'the file is empty' }]);
    expect((await errorsOf(`${HEADER}\n`)).map((e) => e.message)).toContain(
      'there are no bids under the header',
    );
  });
});
