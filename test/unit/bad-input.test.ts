/**
 * The bad-input corpus (test/corpus/generate.ts): every broken file, for every importer, is refused
 * by the importer itself with located messages (the refusal names the row and the column or
 * field the corpus expects, and every message it gives names a field), and nothing else comes
 * back: no records, no dataset, no partial result. Each is timed; 5 s is only a generous bound for
 * pathological files (the measured figures go to .cache/corpus/timings.json and docs/reliability.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildCorpus,
  type CorpusFile,
  IMPORTERS,
  type ImporterName,
  validExamples,
} from '../corpus/generate.ts';
import { locates, runImporter } from '../corpus/importers.ts';

const corpus = await buildCorpus();
const examples = await validExamples();
const timings = new Map<string, { importer: ImporterName; mutation: string; ms: number }>();

describe('the bad-input corpus', () => {
  it('holds at least 300 files, for every importer, in every mutation class', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    for (const importer of IMPORTERS) {
      expect(corpus.filter((f) => f.importer === importer).length, importer).toBeGreaterThanOrEqual(20);
    }
    // Whole-file refusals say what is wrong in their message; row-level ones name a real column.
    for (const f of corpus) {
      if (f.expect.field === 'file') expect(f.expect.message, f.name).toBeDefined();
    }
    expect(new Set(corpus.map((f) => f.name)).size).toBe(corpus.length);
  });

  it.each(examples.map((e) => [`${e.importer}: ${e.name}`, e] as const))(
    'accepts the valid example the mutations start from (%s)',
    async (_label, e) => {
      const out = await runImporter(e.importer, e.bytes, e.part);
      expect(out.ok ? [] : out.errors).toEqual([]);
    },
  );

  it.each(corpus.map((f) => [f.name, f] as const))(
    'refuses %s, naming the row and field',
    async (_name, f) => {
      const started = performance.now();
      const out = await runImporter(f.importer, f.bytes, f.part);
      const ms = performance.now() - started;
      timings.set(f.name, { importer: f.importer, mutation: f.mutation, ms });

      expect(out.ok, `${f.name} was accepted`).toBe(false);
      if (out.ok) return;
      expect(out.errors.length).toBeGreaterThan(0);
      for (const e of out.errors) {
        expect(e.field, JSON.stringify(e)).toMatch(/\S/);
        expect(e.message, JSON.stringify(e)).toMatch(/\S/);
      }
      expect(
        out.errors.some((e) => locates(e, f.expect)),
        `expected ${wanted(f)}, got ${JSON.stringify(out.errors.slice(0, 4))}`,
      ).toBe(true);
      // No partial output: a refusal carries its errors and nothing else.
      if (out.result !== undefined)
        expect(Object.keys(out.result as object).sort()).toEqual(['errors', 'ok']);
      // A generous bound for pathological inputs only; the figures are reported, not asserted.
      expect(ms).toBeLessThan(5_000);
    },
  );
});

function wanted(f: CorpusFile): string {
  const x = f.expect;
  return `row ${x.row ?? '(none)'} field "${x.field}"${x.message ? ` saying ${x.message}` : ''}`;
}

afterAll(() => {
  if (timings.size === 0) return;
  const per = Object.fromEntries(
    IMPORTERS.map((importer) => {
      const mine = [...timings.entries()].filter(([, t]) => t.importer === importer);
      const slowest = mine.reduce((a, b) => (b[1].ms > a[1].ms ? b : a), mine[0]!);
      const total = mine.reduce((n, [, t]) => n + t.ms, 0);
      return [
        importer,
        {
          files: mine.length,
          totalMs: Math.round(total),
          slowestMs: Math.round(slowest?.[1].ms ?? 0),
          slowest: slowest?.[0],
        },
      ];
    }),
  );
  const mutations: Record<string, number> = {};
  for (const t of timings.values()) mutations[t.mutation] = (mutations[t.mutation] ?? 0) + 1;
  const dir = join(import.meta.dirname, '..', '..', '.cache', 'corpus');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'timings.json'),
    JSON.stringify({ measuredAt: new Date().toISOString(), files: timings.size, per, mutations }, null, 2),
  );
});
