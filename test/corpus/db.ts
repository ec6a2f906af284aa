/**
 * Helpers for the database side of the bad-input tests: every table's row count (tables
 * enumerated from the catalog, so a new table is counted the day it exists), and multipart uploads
 * through the app as a browser sends them.
 */
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Session } from '../helpers/app.ts';

/** Row counts of every base table in the public schema (read as the owner, so RLS hides nothing). */
export async function tableCounts(db: Kysely<unknown>): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`.execute(db);
  if (tables.rows.length < 10) throw new Error('the catalog lists almost no tables: wrong schema?');
  const parts = tables.rows.map(
    (t) => sql`select ${t.name}::text as name, count(*)::int as n from ${sql.id(t.name)}`,
  );
  const rows = await sql<{ name: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.name, Number(r.n)]));
}

/** Tables whose count changed, with the change. */
export function grown(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[name] ?? 0) - (before[name] ?? 0);
    if (d !== 0) out[name] = d;
  }
  return out;
}

/** A multipart form post: the CSRF token first (as the pages send it), then fields, then the file. */
export function uploadFile(
  app: FastifyInstance,
  s: Session,
  url: string,
  file: { name: string; bytes: Buffer; field?: string; contentType?: string },
  fields: Record<string, string> = {},
  opts: { api?: boolean } = {},
) {
  const boundary = `----sufficiency${Math.random().toString(16).slice(2)}`;
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head =
    (opts.api ? '' : part('_csrf', s.csrf)) +
    Object.entries(fields)
      .map(([k, v]) => part(k, v))
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  return app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: s.cookie,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(opts.api ? { 'x-csrf-token': s.csrf, accept: 'application/json' } : {}),
    },
    payload: Buffer.concat([Buffer.from(head), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

/** Page text without tags or entities, to look for what a person reads. */
export function pageText(html: string): string {
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
