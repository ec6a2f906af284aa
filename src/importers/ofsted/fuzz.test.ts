import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateOfstedList, listToCsv, listToXlsx } from '../../../test/fixtures/ofsted/generate-list.ts';
import { referenceData } from '../../reference/reference-data.ts';
import { importOfstedFile } from './import-ofsted.ts';

const ref = referenceData();
const list = generateOfstedList('la-list', 8, 4, ref);

/** A file with a few bytes overwritten, removed or inserted. */
const mutant = (good: Buffer) =>
  fc
    .array(
      fc.tuple(
        fc.nat({ max: good.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('set', 'cut', 'add'),
      ),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .map((edits) => {
      let b = Buffer.from(good);
      for (const [at, byte, op] of edits) {
        const i = Math.min(at, b.length - 1);
        if (op === 'set') b[i] = byte;
        else if (op === 'cut') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
        else b = Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
      }
      return b;
    });

/** Either a full, clean import or a refusal with located messages: never a crash or a partial result. */
async function judge(bytes: Buffer) {
  const result = await importOfstedFile(bytes, { ref });
  if (result.ok) {
    expect(result.records.every((r) => r.urn !== '' && r.laCode !== '')).toBe(true);
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result).not.toHaveProperty('records');
    for (const e of result.errors) expect(e.message.length).toBeGreaterThan(0);
  }
}

describe('mutated files', () => {
  it('CSV: every mutant is imported cleanly or refused with messages', async () => {
    await fc.assert(fc.asyncProperty(mutant(listToCsv(list)), judge), { numRuns: 150 });
  });

  it('XLSX: every mutant is imported cleanly or refused with messages', async () => {
    await fc.assert(fc.asyncProperty(mutant(await listToXlsx(list)), judge), { numRuns: 40 });
  });
});
