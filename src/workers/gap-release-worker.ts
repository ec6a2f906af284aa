/**
 * The worker side of gap-release-pool.ts: answers each message with `gapRelease` of its inputs.
 * The costly part, the suppressed counts of the referrals, is kept for the last few referral sets
 * and viewers: supply (vacancies) changes all day, the referrals behind a release rarely.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { type GapCountRelease, gapCountRelease, gapReleaseFrom } from '../domain/pricing/gap-release.ts';
import type { GapReleaseReply, GapReleaseRequest } from './gap-release-pool.ts';

const port = parentPort;
if (!port) throw new Error('gap-release-worker.ts must run as a worker thread');

const KEPT = 48;
const counts = new Map<string, GapCountRelease>();

function countsFor(m: GapReleaseRequest): { release: GapCountRelease; reused: boolean } {
  const key = createHash('sha256')
    .update(JSON.stringify([m.referrals, m.options.viewer.laCode, m.options.minCell ?? null]))
    .digest('base64');
  const kept = counts.get(key);
  const release = kept ?? gapCountRelease(m.referrals, m.options);
  counts.delete(key);
  counts.set(key, release); // most recently used last
  while (counts.size > KEPT) counts.delete(counts.keys().next().value!);
  return { release, reused: kept !== undefined };
}

port.on('message', (m: GapReleaseRequest) => {
  let reply: GapReleaseReply;
  try {
    const { release, reused } = countsFor(m);
    reply = {
      id: m.id,
      type: 'done',
      result: gapReleaseFrom(release, m.referrals, m.supply, m.options),
      countsReused: reused,
    };
  } catch (e) {
    reply = { id: m.id, type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
