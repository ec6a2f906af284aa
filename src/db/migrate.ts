/**
 * Runs the migrations in src/db/migrations (every `NNNN_name.ts` there, in name order). Each
 * migration is frozen in time: it never imports application code, and once released it is never
 * edited; changes go in a new file with the next number.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import { importAll } from '../modules.ts';
import type { DB } from './schema.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function loadMigrations(): Promise<Record<string, Migration>> {
  const found = await importAll<Migration>(MIGRATIONS_DIR);
  for (const { name } of found) {
    if (!/^\d{4}_[a-z0-9_]+$/.test(name))
      throw new Error(`migration file name "${name}" must look like 0002_add_things`);
  }
  return Object.fromEntries(found.map(({ name, module }) => [name, module]));
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrations = await loadMigrations();
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
    // Capabilities are developed in parallel; a migration may land after a higher-numbered one.
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
