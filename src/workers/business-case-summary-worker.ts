/** The worker side of business-case-summary.ts: summarise one business case, reply, and wait to be stopped. */
import { parentPort } from 'node:worker_threads';
import { type BusinessCaseRequest, summariseBusinessCase } from '../domain/simulation/business-case.ts';
import type { RunRecords } from '../domain/simulation/run-record.ts';
import type { SummaryReply } from './business-case-summary.ts';

const port = parentPort;
if (!port) throw new Error('business-case-summary-worker.ts must run as a worker thread');

port.once('message', (m: { req: BusinessCaseRequest; records: RunRecords[][] }) => {
  let reply: SummaryReply;
  try {
    reply = { type: 'done', result: summariseBusinessCase(m.req, m.records) };
  } catch (e) {
    reply = { type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
