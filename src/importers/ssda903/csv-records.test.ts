import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader } from './csv-records.ts';

function readAll(text: string, chunkSizes: number[]): { rows: string[][]; numbers: number[] } {
  const rows: string[][] = [];
  const numbers: number[] = [];
  const reader = new CsvRecordReader((f, r) => {
    rows.push(f);
    numbers.push(r);
  });
  let pos = 0;
  let i = 0;
  while (pos < text.length) {
    const size = Math.max(1, chunkSizes[i++ % chunkSizes.length] ?? 1);
    reader.push(text.slice(pos, pos + size));
    pos += size;
  }
  reader.end();
  return { rows, numbers };
}

describe('CsvRecordReader', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF and a BOM', () => {
    const text = '\uFEFFA,B,C\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n3,,last';
    const { rows, numbers } = readAll(text, [3]);
    expect(rows).toEqual([
      ['A', 'B', 'C'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
      ['3', '', 'last'],
    ]);
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it('gives the same records as papaparse whatever the chunk sizes', () => {
    const cell = fc.stringMatching(/^[a-z0-9 ,"\n]{0,6}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        (table, chunks) => {
          const text = Papa.unparse(table, { newline: '\r\n', quotes: true });
          expect(readAll(text, chunks).rows).toEqual(table);
        },
      ),
    );
  });
});
