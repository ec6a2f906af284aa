/**
 * Runs once per `vitest run`: builds the databases every integration test file starts from, so
 * no test pays for initdb, migrations or the demo seed more than once.
 * - PGlite: dumps of a migrated database and of a migrated + demo-seeded one (in .cache/).
 * - PostgreSQL (DATABASE_URL set): template databases; each test file clones one (CREATE
 *   DATABASE … TEMPLATE), and every database made for the run is dropped at the end.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed/seed-demo.ts';
import { adminUrl, createDatabase, dropDatabase, runId, withDatabase } from './helpers/postgres.ts';

const CACHE = join(import.meta.dirname, '..', '.cache');

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
    pgliteTemplates: { empty: string; demo: string };
    postgresTemplates: { empty: string; demo: string } | null;
  }
}

export default async function setup(project: TestProject) {
  mkdirSync(CACHE, { recursive: true });
  const id = runId();
  project.provide('runId', id);

  const files = { empty: join(CACHE, `pglite-empty-${id}.tar`), demo: join(CACHE, `pglite-demo-${id}.tar`) };
  const lite = await openDatabase({ memory: true });
  await migrateToLatest(lite.db);
  writeFileSync(files.empty, Buffer.from(await (await lite.dump!()).arrayBuffer()));
  await seedDemo(lite.db);
  writeFileSync(files.demo, Buffer.from(await (await lite.dump!()).arrayBuffer()));
  await lite.close();
  project.provide('pgliteTemplates', files);

  const url = process.env.DATABASE_URL;
  let templates: { empty: string; demo: string } | null = null;
  if (url) {
    templates = { empty: `sfy_tpl_empty_${id}`, demo: `sfy_tpl_demo_${id}` };
    const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
    for (const [name, seed] of [
      [templates.empty, false],
      [templates.demo, true],
    ] as const) {
      await createDatabase(admin, name);
      const tpl = await openDatabase({ url: withDatabase(url, name), poolSize: 1 });
      await migrateToLatest(tpl.db);
      if (seed) await seedDemo(tpl.db);
      await tpl.close();
    }
    await admin.close();
  }
  project.provide('postgresTemplates', templates);

  return async () => {
    rmSync(files.empty, { force: true });
    rmSync(files.demo, { force: true });
    if (url && templates) {
      const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
      const { rows } = await sql<{
        datname: string;
      }>`select datname from pg_database where datname like ${`sfy_%${id}%`}`.execute(admin.db);
      for (const r of rows) await dropDatabase(admin, r.datname);
      await admin.close();
    }
  };
}
