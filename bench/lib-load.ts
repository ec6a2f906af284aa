/**
 * Helpers for the load benchmark (bench/load.bench.ts): the server as a child process with a probe
 * (resident memory, event-loop delay and utilisation, CPU time, sent to the parent once a second),
 * an HTTP client that keeps connections open, the open-loop scheduler and the statistics.
 *
 * Run as a program with `serve`, this file is the child: it starts the probe and then the real
 * server (`src/server/main.ts`, exactly what `npm start` runs), configured by the environment.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

// ---------------------------------------------------------------- the child: probe, then the server

export interface Probe {
  at: number;
  rssMb: number;
  heapMb: number;
  /** Event-loop delay over the last second, in ms. */
  delayP50: number;
  delayP99: number;
  delayMax: number;
  /** Event-loop utilisation over the last second (0–1). */
  elu: number;
  /** CPU time used in the last second (user + system), in ms. */
  cpuMs: number;
}

if (process.argv[1]?.endsWith('lib-load.ts') && process.argv[2] === 'serve') {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  setInterval(() => {
    const nowElu = performance.eventLoopUtilization();
    const nowCpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const probe: Probe = {
      at: Date.now(),
      rssMb: mem.rss / 2 ** 20,
      heapMb: mem.heapUsed / 2 ** 20,
      delayP50: delay.percentile(50) / 1e6,
      delayP99: delay.percentile(99) / 1e6,
      delayMax: delay.max / 1e6,
      elu: performance.eventLoopUtilization(nowElu, elu).utilization,
      cpuMs: (nowCpu.user - cpu.user + nowCpu.system - cpu.system) / 1000,
    };
    elu = nowElu;
    cpu = nowCpu;
    delay.reset();
    process.send?.({ type: 'probe', probe });
  }, 1000).unref();
  // The server's CPU time on request (user + system, ms): cost per request whatever else runs.
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'cpu') {
      const c = process.cpuUsage();
      process.send?.({ type: 'cpu', ms: (c.user + c.system) / 1000 });
    }
  });
  if (process.env.LOAD_QUERY_STATS) await recordQueries(process.env.LOAD_QUERY_STATS);
  await import('../src/server/main.ts');
}

/**
 * For diagnosis (LOAD_QUERY_STATS=<file>): times every query the server sends through node-postgres
 * (PGlite goes through it too), grouped by its text, and writes the totals to the file on exit.
 */
async function recordQueries(file: string) {
  const { default: pg } = await import('pg');
  const { writeFileSync } = await import('node:fs');
  const stats = new Map<string, { n: number; ms: number; max: number }>();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    const text = (typeof q === 'string' ? q : (q?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 400);
    const t0 = performance.now();
    const done = () => {
      const ms = performance.now() - t0;
      const s = stats.get(text) ?? { n: 0, ms: 0, max: 0 };
      s.n++;
      s.ms += ms;
      s.max = Math.max(s.max, ms);
      stats.set(text, s);
    };
    const r = original.apply(this, args);
    if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(done, done);
    return r;
  };
  process.on('exit', () => {
    const rows = [...stats].map(([text, s]) => ({ ...s, text })).sort((a, b) => b.ms - a.ms);
    writeFileSync(file, JSON.stringify(rows, null, 1));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  base: string;
  child: ChildProcess;
  probes: Probe[];
  /** The server's CPU time so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the real server as a child process on a free port and waits until /healthz answers. */
export async function startServer(env: Record<string, string>, logFile: string): Promise<Server> {
  const port = await freePort();
  const child = fork(new URL('./lib-load.ts', import.meta.url).pathname, ['serve'], {
    // LOAD_SERVER_NODE_ARGS: more options for the server's node, e.g. '--cpu-prof' to profile it.
    execArgv: ['--import', 'tsx', ...(process.env.LOAD_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const probes: Probe[] = [];
  const cpuWaiters: Array<(ms: number) => void> = [];
  child.on('message', (m: { type?: string; probe?: Probe; ms?: number }) => {
    if (m.type === 'probe' && m.probe) probes.push(m.probe);
    if (m.type === 'cpu') cpuWaiters.shift()?.(m.ms ?? Number.NaN);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`the server exited while starting (see ${logFile})`);
    if (Date.now() > deadline) throw new Error(`the server did not start in 3 minutes (see ${logFile})`);
    const ok = await fetch(`${base}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    child,
    probes,
    cpuMs: () =>
      new Promise<number>((resolve) => {
        cpuWaiters.push(resolve);
        child.send({ type: 'cpu' });
      }),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(timer);
      log.end();
    },
  };
}

// ---------------------------------------------------------------- HTTP

export interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: number;
}

export class Client {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  constructor(
    readonly base: string,
    readonly timeoutMs = 10_000,
  ) {}

  request(r: Req, opts: { keepBody?: boolean } = {}): Promise<Res> {
    const url = new URL(r.path, this.base);
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: r.method,
          agent: this.agent,
          headers: {
            ...(r.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(r.body)) }),
            ...r.headers,
          },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (opts.keepBody !== false) chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: opts.keepBody === false ? '' : Buffer.concat(chunks).toString('utf8'),
              bytes,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      if (r.body !== undefined) req.write(r.body);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

export function setCookies(res: Res): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.headers['set-cookie'] ?? []) {
    const m = /^([^=]+)=([^;]*)/.exec(c);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

// ---------------------------------------------------------------- statistics

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 0.5),
    p95: percentile(s, 0.95),
    p99: percentile(s, 0.99),
    max: s.at(-1) ?? Number.NaN,
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
  };
}

export const round = (x: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

// ---------------------------------------------------------------- open-loop scheduling

/**
 * Calls `fire(i, scheduledAt)` at a constant rate for `seconds`, whether or not earlier calls have
 * finished (open loop: a slow server gets the same arrivals, and waiting shows up as latency
 * measured from the scheduled time). Resolves when every call has settled.
 */
export async function openLoop(
  rate: number,
  seconds: number,
  fire: (i: number, scheduledAt: number) => Promise<void>,
): Promise<{ sent: number; lateMs: number[] }> {
  const total = Math.round(rate * seconds);
  const start = performance.now() + 20;
  const pending = new Set<Promise<void>>();
  const lateMs: number[] = [];
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && start + (i * 1000) / rate <= now) {
        const at = start + (i * 1000) / rate;
        lateMs.push(now - at);
        const p = fire(i, at).finally(() => pending.delete(p));
        pending.add(p);
        i++;
      }
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, start + (i * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.allSettled([...pending]);
  return { sent: total, lateMs };
}
