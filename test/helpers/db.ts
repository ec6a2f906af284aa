/**
 * A fresh database for one test file: PGlite loaded from the run's template dump, or (when the
 * file runs in the db-postgres project) a new PostgreSQL database cloned from the run's template.
 * `demo: true` starts from the demo region; otherwise the schema is migrated and empty.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/connect.ts';
import { adminUrl, createDatabase, dropDatabase, withDatabase } from './postgres.ts';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export async function testDatabase(opts: { demo?: boolean; poolSize?: number } = {}): Promise<Database> {
  const which = opts.demo ? 'demo' : 'empty';
  if (testDbKind() === 'pglite') {
    const file = inject('pgliteTemplates')[which];
    return openDatabase({ memory: true, loadDataDir: new Blob([readFileSync(file)]) });
  }
  const url = process.env.DATABASE_URL;
  const templates = inject('postgresTemplates');
  if (!url || !templates) throw new Error('the db-postgres tier needs DATABASE_URL');
  const name = `sfy_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
  await createDatabase(admin, name, templates[which]);
  await admin.close();
  const database = await openDatabase({ url: withDatabase(url, name), poolSize: opts.poolSize ?? 10 });
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      const a = await openDatabase({ url: adminUrl(url), poolSize: 1 });
      await dropDatabase(a, name);
      await a.close();
    },
  };
}
