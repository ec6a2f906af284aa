/** Creating and dropping throwaway PostgreSQL databases for the db-postgres test tier. */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';

/** Identifies one test run, so parallel runs on one server never collide. */
export function runId(): string {
  return `${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** The same server, connected to its maintenance database (to create and drop others). */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(admin: Database, name: string): Promise<void> {
  await sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).execute(admin.db);
}

export async function createDatabase(admin: Database, name: string, template?: string): Promise<void> {
  await sql.raw(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`).execute(admin.db);
}
