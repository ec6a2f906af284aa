/**
 * Long imports abort when the client disconnects (docs/reliability.md, "Crashes and recovery").
 *
 * - An upload whose client goes away mid-stream (a raw socket sends part of a multipart body,
 *   then closes, abruptly or with a half-close) leaves nothing in `upload` and starts no job.
 * - An import runs as a job once its file is stored (the Placements Data Standard import, like the
 *   Ofsted one): a client that leaves after sending the whole file either left before the upload
 *   was stored (nothing written, no job) or after (the job imports all of it), never half.
 * - A request's transaction under a signal that has already fired writes nothing.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { Cancelled, runCancellable, withTenant } from '../../src/db/tenant.ts';
import { buildApp } from '../../src/server/app.ts';
import { testConfig } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { type HttpSession, signInHttp, sleep } from '../helpers/server-process.ts';

let database: Database;
let app: FastifyInstance;
let port: number;
let commissioner: HttpSession;
let officer: HttpSession;

/** How each request to a watched path ended: its error (if any) once the server is done with it. */
const settled = new Map<string, { error?: unknown }>();
const WATCH = /^\/(directory\/ofsted|api\/v1\/referrals\/import)/;

function untilSettled(id: string, ms = 30_000): Promise<{ error?: unknown }> {
  const deadline = Date.now() + ms;
  return (async () => {
    while (!settled.has(id)) {
      if (Date.now() > deadline) throw new Error(`request ${id} never finished`);
      await sleep(20);
    }
    return settled.get(id)!;
  })();
}

beforeAll(async () => {
  database = await testDatabase({ demo: true });
  app = await buildApp({ db: database.db, config: testConfig() });
  const mark = (req: FastifyRequest, error?: unknown) => {
    const id = req.headers['x-test-id'];
    if (typeof id === 'string' && WATCH.test(req.url) && !settled.has(id)) settled.set(id, { error });
  };
  app.addHook('onError', async (req, _reply, error) => mark(req, error));
  // Holds a request before its handler (as a slow session lookup would), for the test that needs it.
  app.addHook('preHandler', async (req) => {
    const ms = Number(req.headers['x-test-hold'] ?? 0);
    if (ms > 0) await sleep(ms);
  });
  app.addHook('onSend', async (req, _reply, payload) => {
    mark(req);
    return payload;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  commissioner = await signInHttp(`http://127.0.0.1:${port}`, 'commissioner.ealing');
  officer = await signInHttp(`http://127.0.0.1:${port}`, 'officer.ealing');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function count(table: 'upload' | 'job' | 'referral_draft' | 'referral' | 'child'): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(database.db);
  return Number(r.rows[0]!.n);
}

/** Opens a raw connection and writes the request line, headers and the multipart preamble. */
async function startUpload(opts: {
  id: string;
  path: string;
  session: HttpSession;
  fileName: string;
  fileBytes: number;
  api?: boolean;
  hold?: number;
}): Promise<{ socket: Socket; head: string; tail: string; response: Promise<string> }> {
  const boundary = `----sfy${opts.id}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${opts.session.csrf}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.fileName}"\r\n` +
    'Content-Type: text/csv\r\n\r\n';
  const tail = `\r\n--${boundary}--\r\n`;
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  let answer = '';
  const response = new Promise<string>((resolve) => {
    socket.on('data', (d: Buffer) => {
      answer += d.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => {});
  });
  socket.write(
    `POST ${opts.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${opts.session.cookie}\r\n` +
      `X-Test-Id: ${opts.id}\r\n` +
      (opts.hold ? `X-Test-Hold: ${opts.hold}\r\n` : '') +
      (opts.api ? `x-csrf-token: ${opts.session.csrf}\r\nAccept: application/json\r\n` : '') +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
      `Content-Length: ${Buffer.byteLength(head) + opts.fileBytes + Buffer.byteLength(tail)}\r\n\r\n` +
      head,
  );
  return { socket, head, tail, response };
}

/** An Ofsted-like CSV of about `bytes` bytes (its content never gets checked: the upload never ends). */
function filler(bytes: number): Buffer {
  return Buffer.alloc(bytes, 'URN,Provider name\r\nSC000001,Somewhere\r\n');
}

describe('an upload whose client goes away mid-stream', () => {
  for (const how of ['closes the socket', 'half-closes (sends FIN) and waits'] as const) {
    it(`stores nothing and starts no job when the client ${how}`, async () => {
      const before = { upload: await count('upload'), job: await count('job') };
      const id = `ofsted-${how.length}`;
      const u = await startUpload({
        id,
        path: '/directory/ofsted',
        session: commissioner,
        fileName: 'national.csv',
        fileBytes: 4_000_000,
      });
      u.socket.write(filler(600_000)); // 15% of the file
      await sleep(200);
      if (how === 'closes the socket') u.socket.destroy();
      else u.socket.end();
      const { error } = await untilSettled(id);
      expect(error, 'the handler stopped with an error, not a stored upload').toBeDefined();
      await sleep(100);
      expect({ upload: await count('upload'), job: await count('job') }).toEqual(before);
      // The server is unharmed: the next upload goes through.
      const ok = await commissioner.upload('/directory/ofsted', {
        name: 'one.csv',
        type: 'text/csv',
        bytes: readFileSync(new URL('../fixtures/ofsted/duplicate-rows.csv', import.meta.url)),
      });
      expect(ok.status).toBe(303);
      expect({ upload: await count('upload'), job: await count('job') }).toEqual({
        upload: before.upload + 1,
        job: before.job + 1,
      });
      await database.db.deleteFrom('job').where('status', '=', 'queued').execute();
      await database.db.deleteFrom('upload').execute();
    });
  }
});

/** A Placements Data Standard file of `rows` referrals without a placement (each becomes a draft). */
function pdsFile(rows: number, firstId: number): Buffer {
  const example = readFileSync(
    new URL('../../docs/examples/placements-standard/referrals-and-placements.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split(/\r?\n/);
  const lines = [example[0]!];
  for (let i = 0; i < rows; i++) lines.push(example[1]!.replace(/^\d+/, String(firstId + i)));
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

describe('an upload whose client sends it all and leaves before the server reads it', () => {
  for (const how of ['closes the socket', 'half-closes (sends FIN)'] as const) {
    it(`ends the request (no handler waits for ever) and writes nothing when the client ${how}`, async () => {
      const before = { drafts: await count('referral_draft'), upload: await count('upload') };
      const file = pdsFile(20, 600_000 + how.length * 100);
      const id = `early-${how.length}`;
      const u = await startUpload({
        id,
        path: '/api/v1/referrals/import',
        session: officer,
        fileName: 'pds.csv',
        fileBytes: file.length,
        api: true,
        hold: 300,
      });
      if (how === 'closes the socket') {
        u.socket.write(Buffer.concat([file, Buffer.from(u.tail)]));
        await sleep(50);
        u.socket.destroy();
      } else u.socket.end(Buffer.concat([file, Buffer.from(u.tail)]));
      const { error } = await untilSettled(id, 10_000);
      expect(error).toBeInstanceOf(Cancelled);
      expect({ drafts: await count('referral_draft'), upload: await count('upload') }).toEqual(before);
    });
  }
});

describe('an import that runs as a job once its file is stored', () => {
  const runJobs = async () => {
    while (await app.jobs.runOnce()) {}
  };

  it('imports the whole file after the client that sent it has gone', async () => {
    const before = await count('referral_draft');
    const file = pdsFile(50, 700_000);
    const u = await startUpload({
      id: 'pds-accepted',
      path: '/api/v1/referrals/import',
      session: officer,
      fileName: 'pds.csv',
      fileBytes: file.length,
      api: true,
    });
    u.socket.write(Buffer.concat([file, Buffer.from(u.tail)]));
    const { error } = await untilSettled('pds-accepted');
    expect(error).toBeUndefined();
    await sleep(50);
    u.socket.destroy();
    expect(await u.response).toMatch(/^HTTP\/1\.1 202/);
    expect(await count('referral_draft'), 'nothing is imported inside the request').toBe(before);
    await runJobs();
    expect(await count('referral_draft')).toBe(before + 50);
  });

  it('either stores the file and imports all of it, or stores nothing, when the client leaves at once', async () => {
    const before = {
      drafts: await count('referral_draft'),
      upload: await count('upload'),
      job: await count('job'),
    };
    const file = pdsFile(2_000, 800_000);
    const u = await startUpload({
      id: 'pds-gone',
      path: '/api/v1/referrals/import',
      session: officer,
      fileName: 'pds.csv',
      fileBytes: file.length,
      api: true,
    });
    u.socket.write(Buffer.concat([file, Buffer.from(u.tail)]));
    u.socket.destroy();
    const { error } = await untilSettled('pds-gone', 30_000);
    await runJobs();
    const after = {
      drafts: await count('referral_draft'),
      upload: await count('upload'),
      job: await count('job'),
    };
    if (error) {
      expect(error).toBeInstanceOf(Cancelled);
      expect(after).toEqual(before);
    } else {
      // The job deletes the stored file once it has imported it.
      expect(after).toEqual({ drafts: before.drafts + 2_000, upload: before.upload, job: before.job + 1 });
    }
  });
});

describe('a transaction under a cancelled signal', () => {
  it('stops at its next statement and commits nothing', async () => {
    const u = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'officer.ealing@demo.example')
      .executeTakeFirstOrThrow();
    const ealing = (await jobTenant(database.db, u.id))!;
    const before = await count('child');
    const gone = new AbortController();
    const err = await runCancellable(gone.signal, () =>
      withTenant(database.db, ealing, async (trx) => {
        await trx
          .insertInto('child')
          .values({
            org_id: ealing.orgId,
            child_ref: 'CANCELLED-1',
            sex: 'male',
            born_in: '2012-01-01',
            primary_need: 'ebd',
          })
          .execute();
        gone.abort();
        await trx.selectFrom('child').select('id').execute();
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Cancelled);
    expect(await count('child')).toBe(before);
    // Without a signal (jobs, the command line) nothing changes.
    await withTenant(database.db, ealing, (trx) => trx.selectFrom('child').select('id').execute());
  });
});
