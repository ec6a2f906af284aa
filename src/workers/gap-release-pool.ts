/**
 * The sufficiency gaps' joint suppression (`gapRelease`) proves, by elimination over the tables'
 * equations, that no hidden count can be worked out; for a region of 20 LAs that is seconds of
 * CPU. A web server does it in one long-lived worker thread, so its event loop stays free for
 * other requests (the load test found a gaps page stalling every request for 3-4 s), and keeps
 * the last answers: `gapRelease` is a pure function, so the same inputs (hashed) give the same
 * release, and a second viewer of the same figures waits for nothing. Answers are exactly
 * `gapRelease`'s.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GapRelease, gapRelease } from '../domain/pricing/gap-release.ts';

type Args = Parameters<typeof gapRelease>;

export interface GapReleaseRequest {
  id: number;
  referrals: Args[0];
  supply: Args[1];
  options: Args[2];
}

export type GapReleaseReply =
  | { id: number; type: 'done'; result: GapRelease }
  | { id: number; type: 'error'; message: string };

/** How many releases are kept (each a few hundred kilobytes at most). */
const KEPT = 48;

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: GapRelease) => void; reject: (e: Error) => void }>();
const kept = new Map<string, Promise<GapRelease>>();

function startWorker(): Worker {
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./gap-release-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const w = new Worker(code, { eval: true });
  w.unref(); // never keeps the process alive
  const failAll = (e: Error) => {
    if (worker === w) worker = undefined;
    for (const p of waiting.values()) p.reject(e);
    waiting.clear();
  };
  w.on('message', (m: GapReleaseReply) => {
    const p = waiting.get(m.id);
    if (!p) return;
    waiting.delete(m.id);
    if (m.type === 'done') p.resolve(m.result);
    else p.reject(new Error(m.message));
  });
  w.on('error', failAll);
  w.on('exit', (code) => failAll(new Error(`the gap-release worker stopped (exit code ${code})`)));
  return w;
}

function inWorker(referrals: Args[0], supply: Args[1], options: Args[2]): Promise<GapRelease> {
  worker ??= startWorker();
  const id = nextId++;
  const w = worker;
  return new Promise<GapRelease>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, referrals, supply, options } satisfies GapReleaseRequest);
  });
}

/** `gapRelease(referrals, supply, options)`, off the event loop, remembered for the same inputs. */
export function gapReleaseOffThread(
  referrals: Args[0],
  supply: Args[1],
  options: Args[2],
): Promise<GapRelease> {
  const key = createHash('sha256')
    .update(JSON.stringify([referrals, supply, options]))
    .digest('base64');
  const known = kept.get(key);
  if (known) {
    kept.delete(key); // most recently used last
    kept.set(key, known);
    return known;
  }
  const answer = inWorker(referrals, supply, options);
  kept.set(key, answer);
  answer.catch(() => kept.delete(key)); // a failure is not remembered
  while (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return answer;
}
