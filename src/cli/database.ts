/**
 * Opening the database from the command line: DATABASE_URL (or --database-url) for a server,
 * else the embedded database in DATA_DIR (or --data-dir, default ./data). The embedded database
 * can be open in one process at a time; if the server is running, the lock says so.
 */
import type { Command } from 'commander';
import { type Database, openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
}

export function addDatabaseOptions(cmd: Command): Command {
  return cmd
    .option('--database-url <url>', 'PostgreSQL server (default: $DATABASE_URL)')
    .option('--data-dir <dir>', 'embedded database directory (default: $DATA_DIR or ./data)');
}

export async function withDatabase<T>(
  opts: DatabaseOptions,
  fn: (database: Database) => Promise<T>,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<T> {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  const database = await openDatabase(
    url ? { url } : { dataDir: opts.dataDir ?? process.env.DATA_DIR ?? 'data' },
  );
  try {
    if (migrate) await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}
