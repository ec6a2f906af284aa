/**
 * Opens the database: a real PostgreSQL server when DATABASE_URL is set, else embedded PGlite
 * (file-backed under DATA_DIR, default ./data). Both go through node-postgres, so values come
 * back with identical types (int8 and numeric as strings, timestamptz as Date, jsonb as objects).
 *
 * PGlite takes no lock on its data directory, and two processes writing one directory silently
 * lose data, so we hold a lockfile with our pid for as long as the database is open.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// DATE columns come back as 'YYYY-MM-DD' strings (our LocalDate), never as JS Dates.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

export type DatabaseKind = 'pglite' | 'postgres';

/** Named statements kept per connection (beyond this, statements are planned every time). */
export const MAX_NAMED_STATEMENTS = 2_000;

/**
 * Queries with parameters run as named (prepared) statements, so PostgreSQL plans each one once per
 * connection instead of on every call. Under row-level security planning is most of the work: the
 * policies add subqueries to every table a query reads (the LA home page's vacancy count took 37 ms
 * on PGlite, 1.7 ms once prepared; 2.6 ms → 0.9 ms on PostgreSQL; docs/reliability.md "Load").
 * Safe with tenancy: a cached plan is re-planned when the role changes, and the caller's settings
 * (`app.org_id()` and the rest, STABLE functions) are read when the plan runs, never baked into it.
 * If a schema change makes a cached plan's result type stale (PostgreSQL's error 0A000, e.g.
 * another server ran a migration), that one statement fails and the connection uses new names.
 */
function prepareStatements(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  let generation = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name && names.size < MAX_NAMED_STATEMENTS) {
      name = `s${generation}_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  const prepared = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0)
      return query(...args);
    const name = nameOf(text);
    if (!name) return query(text, values);
    return query({ name, text, values }).catch((err: unknown) => {
      if ((err as { code?: string }).code === '0A000') {
        generation++;
        names.clear();
      }
      throw err;
    });
  };
  client.query = prepared as typeof client.query;
}

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Where it lives, for messages: a directory, "memory", or the server URL without password. */
  location: string;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball (tests start from these). */
  dump?(): Promise<Blob>;
}

export interface OpenOptions {
  /** postgres://… for a server. */
  url?: string;
  /** PGlite data directory; ignored when url is set. */
  dataDir?: string;
  /** In-memory PGlite (tests); `loadDataDir` starts it from a dump. */
  memory?: boolean;
  loadDataDir?: Blob | File;
  /** Pool size for PostgreSQL (PGlite is always one connection). */
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    pool.on('error', () => {}); // idle client errors (server restarts) surface on the next query instead
    // A client in use (inside a transaction, between two statements) whose connection dies emits
    // 'error' with no one listening, which would crash the process when PostgreSQL restarts: the
    // transaction's next statement fails instead, and the pool discards the client.
    pool.on('connect', (client) => {
      client.on('error', () => {});
      prepareStatements(client);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', location: redactUrl(opts.url), close: () => db.destroy() };
  }
  if (opts.memory) {
    const pglite = await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
    return wrapPglite(pglite, 'memory', () => {});
  }
  const dir = resolve(opts.dataDir ?? 'data');
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir);
  try {
    const pglite = await PGlite.create({ dataDir: join(dir, 'pglite') });
    return wrapPglite(pglite, dir, release);
  } catch (err) {
    release();
    throw err;
  }
}

function wrapPglite(pglite: PGlite, location: string, release: () => void): Database {
  const pool = new pg.Pool(createPgConfig(pglite));
  pool.on('connect', prepareStatements);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    location,
    dump: () => pglite.dumpDataDir('none'),
    async close() {
      await db.destroy();
      await pglite.close();
      release();
    },
  };
}

/** Thrown when another live process holds the embedded database. */
export class DatabaseInUseError extends Error {}

function lockDataDir(dir: string): () => void {
  const lockPath = join(dir, 'sufficiency.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) rmSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockPath, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseInUseError(
          `the embedded database in ${dir} is in use by process ${holder}; stop it first ` +
            '(or set DATABASE_URL to use a PostgreSQL server that several processes can share)',
        );
      }
      rmSync(lockPath, { force: true }); // stale lock from a crashed process
    }
  }
  throw new DatabaseInUseError(`could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/** The database the product should use, from the environment (README "Configuration"). */
export function databaseFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return { dataDir: env.DATA_DIR ?? 'data' };
}

export function dataDirExists(dir: string): boolean {
  return existsSync(join(resolve(dir), 'pglite', 'PG_VERSION'));
}
