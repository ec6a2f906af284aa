/**
 * ARCHITECTURE.md rule 2: SQL lives in src/db. Outside it (use cases, routes, the CLI, importers,
 * exports, workers, the domain) no file builds a query: no `selectFrom`, `updateTable`,
 * `insertInto`, `deleteFrom`, `mergeInto`, `with` or `sql` template.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SQL = /\.(selectFrom|updateTable|insertInto|deleteFrom|mergeInto|with)\(|\bsql(<[^>]*>)?`/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('where SQL lives', () => {
  it('builds no query outside src/db', () => {
    const outside = sources(join(ROOT, 'src'))
      .map((file) => relative(ROOT, file))
      .filter((name) => !name.startsWith('src/db/'))
      .flatMap((name) => {
        const n = readFileSync(join(ROOT, name), 'utf8').match(SQL)?.length ?? 0;
        return n > 0 ? [`${name}: ${n} (move them to src/db/queries)`] : [];
      });
    expect(outside).toEqual([]);
  });

  it('sees SQL where there is some (the pattern is not blind)', () => {
    const text = readFileSync(join(ROOT, 'src/db/queries/auth.ts'), 'utf8');
    expect(text.match(SQL)?.length).toBeGreaterThan(5);
    expect("x.selectFrom('a') sql`1` sql<number>`2`".match(SQL)).toHaveLength(3);
  });
});
