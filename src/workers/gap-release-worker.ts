/** The worker side of gap-release-pool.ts: answers each message with `gapRelease` of its inputs. */
import { parentPort } from 'node:worker_threads';
import { gapRelease } from '../domain/pricing/gap-release.ts';
import type { GapReleaseReply, GapReleaseRequest } from './gap-release-pool.ts';

const port = parentPort;
if (!port) throw new Error('gap-release-worker.ts must run as a worker thread');

port.on('message', (m: GapReleaseRequest) => {
  let reply: GapReleaseReply;
  try {
    reply = { id: m.id, type: 'done', result: gapRelease(m.referrals, m.supply, m.options) };
  } catch (e) {
    reply = { id: m.id, type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
