import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../domain/shared/errors.ts';
import { referenceData } from '../../reference/reference-data.ts';
import { importOfstedFile } from './import-ofsted.ts';
import { readZipDirectory } from './zip-guard.ts';

/** The corpus in test/fixtures/ofsted (its README says what is wrong with each file). */
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/ofsted/${name}`, import.meta.url));
const ref = referenceData();
const file = (message: string, row?: number): FieldError => ({
  field: 'file',
  message,
  ...(row ? { row } : {}),
});
const URN_FORMAT = 'is not an Ofsted URN (SC and 6 digits, or 6 or 7 digits)';
const FORMULA = 'looks like a spreadsheet formula; remove it';

function bombRatio(): number {
  const dir = readZipDirectory(fixture('zip-bomb.xlsx'));
  if (!('entries' in dir)) throw new Error('fixture unreadable');
  const sheet = dir.entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
  return Math.round(sheet.uncompressedSize / sheet.compressedSize);
}

const CASES: [string, FieldError[]][] = [
  ['empty.csv', [file('the file is empty')]],
  ['header-only.csv', [file('the file has a header row but no providers', 1)]],
  [
    'wrong-columns.csv',
    [
      file(
        'no row in the first 20 has a URN heading (URN, Unique reference number, Provider URN, Setting URN); is this an Ofsted provider list?',
        1,
      ),
    ],
  ],
  [
    'no-location-columns.csv',
    [
      {
        row: 1,
        field: 'Local authority',
        message:
          'no local authority or postcode column (expected one of: Setting local authority, Local authority, LA, Local authority name, Setting postcode, Postcode, Setting post code, Post code)',
      },
    ],
  ],
  [
    'duplicate-headers.csv',
    [
      {
        row: 1,
        field: 'Setting postcode',
        message: 'columns C and E both hold "Setting postcode"; remove one',
      },
    ],
  ],
  [
    'bad-urns.csv',
    [
      { row: 2, field: 'URN', message: `"SC12345" ${URN_FORMAT}` },
      { row: 3, field: 'URN', message: `"ABC123" ${URN_FORMAT}` },
      { row: 4, field: 'URN', message: `"XXXXXXX" is a placeholder, not a provider's URN` },
      { row: 5, field: 'URN', message: 'the URN is missing' },
    ],
  ],
  [
    'bad-postcodes.csv',
    [
      { row: 2, field: 'Setting postcode', message: '"UB3" is not a full UK postcode' },
      {
        row: 3,
        field: 'Setting postcode',
        message: 'postcode district ZZ9 is not in the English postcode directory',
      },
      {
        row: 4,
        field: 'Setting postcode',
        message: 'postcode district EH1 is not in the English postcode directory',
      },
      { row: 5, field: 'Setting postcode', message: '"12345" is not a full UK postcode' },
    ],
  ],
  [
    'duplicate-rows.csv',
    [
      { row: 4, field: 'URN', message: 'URN SC100001 appears again (first on row 2)' },
      { row: 5, field: 'URN', message: 'URN 2500123 appears again (first on row 3)' },
    ],
  ],
  [
    'formula-cells.csv',
    [
      { row: 2, field: 'Setting name', message: `"=HYPERLINK("http://x","click")" ${FORMULA}` },
      { row: 3, field: 'Setting name', message: `"@SUM(A1)" ${FORMULA}` },
      { row: 4, field: 'Setting postcode', message: `"+44 20 7946" ${FORMULA}` },
      { row: 5, field: 'Setting name', message: `"-2+3" ${FORMULA}` },
    ],
  ],
  [
    'bad-values.csv',
    [
      {
        row: 2,
        field: 'Overall effectiveness',
        message:
          '"Excellent" is not an Ofsted judgement (Outstanding, Good, Requires improvement to be good, Inadequate)',
      },
      {
        row: 2,
        field: 'Date of last full inspection',
        message: '"31/02/2024" is not a date (use day/month/year, e.g. 31/03/2025)',
      },
      { row: 2, field: 'Number of registered places', message: '"three" is not a whole number of places' },
      { row: 2, field: 'Emotional and behavioural difficulties', message: '"maybe" is not Yes or No' },
      { row: 3, field: 'Local authority', message: '"Atlantis" is not an English local authority' },
      {
        row: 3,
        field: 'Registration status',
        message: '"Pending" is not a registration status (Active, Suspended, Resigned, Cancelled, Closed)',
      },
      {
        row: 4,
        field: 'Local authority',
        message: `"Cumbria" is a former local authority (until 2023-03-31); give the postcode so the home can be placed in today's LA`,
      },
    ],
  ],
  ['unclosed-quote.csv', [file('a quoted value is never closed (a stray " character)', 2)]],
  [
    'windows-1252.csv',
    [file('the file is not UTF-8 text (byte 0xE9); save it from Excel as "CSV UTF-8 (comma delimited)"', 3)],
  ],
  [
    'truncated.xlsx',
    [
      file(
        'the workbook is damaged or incomplete (its zip directory is missing or broken); save it again from Excel',
      ),
    ],
  ],
  [
    'formula.xlsx',
    [{ row: 3, field: 'Setting name', message: `"=1+1" ${FORMULA}`, record: 'sheet "Providers"' }],
  ],
  [
    'zip-bomb.xlsx',
    [
      file(
        `the workbook part xl/worksheets/sheet1.xml is compressed ${bombRatio()} to 1, like a zip bomb; it is refused`,
      ),
    ],
  ],
  [
    'lying-sizes.xlsx',
    [
      file(
        'the workbook part xl/worksheets/sheet1.xml is larger than it declares, or damaged; it is refused',
      ),
    ],
  ],
  ['too-many-parts.xlsx', [file('the workbook has 302 parts; at most 200 are accepted')]],
  ['macros.xlsx', [file('the workbook contains macros; save it as a plain .xlsx')]],
  ['not-a-workbook.xlsx', [file('the file is a zip archive but not an Excel workbook (.xlsx)')]],
  [
    'old-format.xls',
    [file('the file is an old-style .xls workbook (or an encrypted one); save it as .xlsx or CSV')],
  ],
];

describe('the broken-file corpus', () => {
  it.each(CASES)('%s is refused with every problem located and nothing returned', async (name, expected) => {
    const result = await importOfstedFile(fixture(name), { ref });
    expect(result).toEqual({ ok: false, errors: expected });
  });

  it('refuses an upload over the size limit before reading it', async () => {
    const bytes = fixture('bad-urns.csv');
    const result = await importOfstedFile(bytes, { ref, limits: { maxFileBytes: 100 } });
    expect(result).toEqual({
      ok: false,
      errors: [file(`the file is ${bytes.length} bytes; at most 100 bytes is accepted`)],
    });
  });
});
