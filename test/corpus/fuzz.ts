/**
 * Mutation fuzzing of every importer with fast-check: byte-level mutations (bytes overwritten,
 * cut, inserted, a slice repeated) and structure-level ones (cells replaced by hostile values,
 * columns and rows dropped, repeated or swapped; JSON values replaced at any path) of the valid
 * examples. The judge: the importer returns a full result or its own refusal with located
 * messages and nothing else; it never throws anything but its validation error.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  exampleTables,
  FORMULA_TEXTS,
  type ImporterName,
  type Table,
  tableToCsv,
  tableToXlsx,
} from './generate.ts';
import { type Outcome, runImporter } from './importers.ts';

/** A file with a few bytes overwritten, removed, inserted, or a slice repeated. */
export function byteMutant(good: Buffer): fc.Arbitrary<Buffer> {
  return fc
    .array(
      fc.tuple(
        fc.nat({ max: Math.max(0, good.length - 1) }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('set', 'cut', 'add', 'repeat', 'truncate'),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((edits) => {
      let b = Buffer.from(good);
      for (const [at, byte, op] of edits) {
        const i = Math.min(at, Math.max(0, b.length - 1));
        if (op === 'set') b[i] = byte;
        else if (op === 'cut') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
        else if (op === 'add') b = Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
        else if (op === 'repeat')
          b = Buffer.concat([b.subarray(0, i), b.subarray(i, i + byte), b.subarray(i)]);
        else b = b.subarray(0, i);
      }
      return b;
    });
}

/** Values people (and attackers) put in cells. */
export const hostileCell: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'NA',
    '0',
    '-1',
    '1e999',
    'NaN',
    'Infinity',
    '99999999999999999999',
    '31/02/2024',
    '2024-13-01',
    '29/02/2023',
    '01/01/1800',
    'REDACTED',
    'Yes',
    'No',
    'SC123456',
    '"',
    '""',
    ',',
    '\n',
    '\u0000',
    '\uFEFF',
    '\uFFFD',
    'é',
    'x'.repeat(3_000),
    ...FORMULA_TEXTS.map((f) => f.text),
  ),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.double().map(String),
);

/** A table with cells replaced, columns or rows dropped, repeated or swapped. */
export function tableMutant(base: Table): fc.Arbitrary<Table> {
  const edit = fc.oneof(
    fc.record({
      kind: fc.constant('cell' as const),
      row: fc.nat({ max: base.rows.length }),
      col: fc.nat({ max: base.header.length }),
      value: hostileCell,
    }),
    fc.record({
      kind: fc.constantFrom('drop-col' as const, 'dup-col' as const),
      col: fc.nat({ max: base.header.length - 1 }),
    }),
    fc.record({
      kind: fc.constantFrom('drop-row' as const, 'dup-row' as const),
      row: fc.nat({ max: base.rows.length - 1 }),
    }),
    fc.record({
      kind: fc.constant('swap-cols' as const),
      a: fc.nat({ max: base.header.length - 1 }),
      b: fc.nat({ max: base.header.length - 1 }),
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 5 }).map((edits) => {
    let header = [...base.header];
    let rows = base.rows.map((r) => [...r]);
    for (const e of edits) {
      if (e.kind === 'cell') {
        // Row 0 is the header row itself.
        const target = e.row === 0 ? header : rows[e.row - 1];
        if (target && e.col < target.length) target[e.col] = e.value;
      } else if (e.kind === 'drop-col' && e.col < header.length) {
        header = header.filter((_, i) => i !== e.col);
        rows = rows.map((r) => r.filter((_, i) => i !== e.col));
      } else if (e.kind === 'dup-col' && e.col < header.length) {
        header = [...header, header[e.col]!];
        rows = rows.map((r) => [...r, r[e.col] ?? '']);
      } else if (e.kind === 'drop-row') {
        rows = rows.filter((_, i) => i !== e.row);
      } else if (e.kind === 'dup-row' && rows[e.row]) {
        rows = [...rows, [...rows[e.row]!]];
      } else if (e.kind === 'swap-cols') {
        const swap = (r: string[]) => {
          const t = r[e.a];
          r[e.a] = r[e.b] ?? '';
          r[e.b] = t ?? '';
        };
        swap(header);
        rows.forEach(swap);
      }
    }
    return { header, rows };
  });
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    0.5,
    1e15,
    '',
    'x',
    '2025-02-30',
    '31/02/2025',
    [],
    {},
  ),
  hostileCell,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [
    prefix,
    ...keys.flatMap((k) => paths((v as Record<string, Json>)[k as string] as Json, [...prefix, k])),
  ];
}

/** JSON with values replaced, keys deleted or added at any path. */
export function jsonMutant(base: Json): fc.Arbitrary<Buffer> {
  const all = paths(base).filter((p) => p.length > 0);
  const edit = fc.tuple(fc.constantFrom(...all), fc.constantFrom('set', 'delete', 'add-key'), hostileJson);
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const doc = structuredClone(base) as Json;
    for (const [path, op, value] of edits) {
      let parent = doc as Record<string | number, Json> | null;
      for (const k of path.slice(0, -1)) parent = (parent?.[k] as Record<string | number, Json>) ?? null;
      if (!parent || typeof parent !== 'object') continue;
      const last = path.at(-1)!;
      if (op === 'set') parent[last] = value;
      else if (op === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else if (!Array.isArray(parent)) parent.extraField = value;
    }
    return Buffer.from(JSON.stringify(doc));
  });
}

/** Full result, or the importer's refusal with located messages and nothing else. */
export function judge(out: Outcome): void {
  if (out.ok) return;
  expect(out.errors.length).toBeGreaterThan(0);
  for (const e of out.errors) {
    expect(typeof e.field).toBe('string');
    expect(e.field.length, JSON.stringify(e)).toBeGreaterThan(0);
    expect(e.message.length, JSON.stringify(e)).toBeGreaterThan(0);
  }
  if (out.result !== undefined) expect(Object.keys(out.result as object).sort()).toEqual(['errors', 'ok']);
}

export interface FuzzTarget {
  importer: ImporterName;
  label: string;
  part?: 'header' | 'episodes' | 'events' | 'contract';
  /** The file's bytes, or a table to write as XLSX. */
  bytes: fc.Arbitrary<Buffer | Table>;
  /** Relative cost: XLSX runs take tens of times longer than CSV ones. */
  weight: number;
}

/** Byte and structure fuzz targets for every importer, from the valid examples. */
export function fuzzTargets(bases: {
  ofsted: Table;
  pds: Table;
  bids: Table;
  ssdaEpisodes: Table;
  ssdaHeader: Table;
  events: Table;
  contract: Json;
  scenario: Json;
  xlsx: { ofsted: Buffer; pds: Buffer; bids: Buffer };
}): FuzzTarget[] {
  const csv = (t: fc.Arbitrary<Table>) => t.map((x) => tableToCsv(x));
  const ssdaCsv = (t: Table) =>
    Buffer.from(`${[t.header, ...t.rows].map((r) => r.join(',')).join('\r\n')}\r\n`);
  return [
    { importer: 'ofsted', label: 'CSV bytes', bytes: byteMutant(tableToCsv(bases.ofsted)), weight: 1 },
    { importer: 'ofsted', label: 'CSV structure', bytes: csv(tableMutant(bases.ofsted)), weight: 1 },
    { importer: 'ofsted', label: 'XLSX bytes', bytes: byteMutant(bases.xlsx.ofsted), weight: 5 },
    { importer: 'ofsted', label: 'XLSX structure', bytes: tableMutant(bases.ofsted), weight: 5 },
    {
      importer: 'placements-standard',
      label: 'CSV bytes',
      bytes: byteMutant(tableToCsv(bases.pds)),
      weight: 1,
    },
    {
      importer: 'placements-standard',
      label: 'CSV structure',
      bytes: csv(tableMutant(bases.pds)),
      weight: 1,
    },
    { importer: 'placements-standard', label: 'XLSX bytes', bytes: byteMutant(bases.xlsx.pds), weight: 5 },
    { importer: 'placements-standard', label: 'XLSX structure', bytes: tableMutant(bases.pds), weight: 5 },
    { importer: 'tenders', label: 'CSV bytes', bytes: byteMutant(tableToCsv(bases.bids)), weight: 1 },
    { importer: 'tenders', label: 'CSV structure', bytes: csv(tableMutant(bases.bids)), weight: 1 },
    { importer: 'tenders', label: 'XLSX bytes', bytes: byteMutant(bases.xlsx.bids), weight: 5 },
    { importer: 'tenders', label: 'XLSX structure', bytes: tableMutant(bases.bids), weight: 5 },
    {
      importer: 'ssda903',
      label: 'episodes bytes',
      part: 'episodes',
      bytes: byteMutant(ssdaCsv(bases.ssdaEpisodes)),
      weight: 1,
    },
    {
      importer: 'ssda903',
      label: 'episodes structure',
      part: 'episodes',
      bytes: tableMutant(bases.ssdaEpisodes).map(ssdaCsv),
      weight: 1,
    },
    {
      importer: 'ssda903',
      label: 'header structure',
      part: 'header',
      bytes: tableMutant(bases.ssdaHeader).map(ssdaCsv),
      weight: 1,
    },
    {
      importer: 'charges',
      label: 'events bytes',
      part: 'events',
      bytes: byteMutant(tableToCsv(bases.events)),
      weight: 1,
    },
    {
      importer: 'charges',
      label: 'events structure',
      part: 'events',
      bytes: csv(tableMutant(bases.events)),
      weight: 1,
    },
    {
      importer: 'charges',
      label: 'contract bytes',
      part: 'contract',
      bytes: byteMutant(Buffer.from(JSON.stringify(bases.contract, null, 2))),
      weight: 1,
    },
    {
      importer: 'charges',
      label: 'contract structure',
      part: 'contract',
      bytes: jsonMutant(bases.contract),
      weight: 1,
    },
    {
      importer: 'scenario',
      label: 'bytes',
      bytes: byteMutant(Buffer.from(JSON.stringify(bases.scenario, null, 2))),
      weight: 1,
    },
    { importer: 'scenario', label: 'structure', bytes: jsonMutant(bases.scenario), weight: 1 },
  ];
}

/** Runs one target; returns how many runs were made. */
export async function fuzz(target: FuzzTarget, runs: number, seed?: number): Promise<number> {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(target.bytes, async (input) => {
      n++;
      const bytes = Buffer.isBuffer(input) ? input : await tableToXlsx(input);
      judge(await runImporter(target.importer, bytes, target.part));
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  );
  return n;
}

/** The valid examples as tables and documents, for the targets. */
export async function fuzzBases(): Promise<Parameters<typeof fuzzTargets>[0]> {
  const t = exampleTables();
  return {
    ...t,
    xlsx: {
      ofsted: await tableToXlsx(t.ofsted, { sheet: 'Providers' }),
      pds: await tableToXlsx(t.pds, { sheet: 'Data collection' }),
      bids: await tableToXlsx(t.bids, { sheet: 'Bids' }),
    },
  };
}
