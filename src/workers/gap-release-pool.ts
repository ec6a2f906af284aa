/**
 * The sufficiency gaps' joint suppression (`gapRelease`) proves, by elimination over the tables'
 * equations, that no hidden count can be worked out; for a region of 20 LAs that is seconds of
 * CPU. A web server does it in one long-lived worker thread, so its event loop stays free for
 * other requests (the load test found a gaps page stalling every request for 3-4 s). The worker
 * keeps the costly part, the suppressed counts, for the last referral sets and viewers
 * (gap-release-worker.ts), so a second view of the same figures waits for next to nothing.
 * Answers are exactly `gapRelease`'s.
 */
import type { Worker } from 'node:worker_threads';
import type { GapRelease, gapRelease } from '../domain/pricing/gap-release.ts';
import { startTsWorker } from './start-worker.ts';

type Args = Parameters<typeof gapRelease>;

export interface GapReleaseRequest {
  id: number;
  referrals: Args[0];
  supply: Args[1];
  options: Args[2];
}

export type GapReleaseReply =
  | { id: number; type: 'done'; result: GapRelease; countsReused: boolean }
  | { id: number; type: 'error'; message: string };

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: GapRelease) => void; reject: (e: Error) => void }>();
/** How many answers reused kept counts, and how many worked them out (for tests and diagnosis). */
export const gapReleaseCounts = { reused: 0, computed: 0 };

function start(): Worker {
  const w = startTsWorker(new URL('./gap-release-worker.ts', import.meta.url));
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
    if (m.type === 'error') return p.reject(new Error(m.message));
    gapReleaseCounts[m.countsReused ? 'reused' : 'computed']++;
    p.resolve(m.result);
  });
  w.on('error', failAll);
  w.on('exit', (code) => failAll(new Error(`the gap-release worker stopped (exit code ${code})`)));
  return w;
}

/** `gapRelease(referrals, supply, options)`, off the event loop. */
export function gapReleaseOffThread(
  referrals: Args[0],
  supply: Args[1],
  options: Args[2],
): Promise<GapRelease> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise<GapRelease>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, referrals, supply, options } satisfies GapReleaseRequest);
  });
}
