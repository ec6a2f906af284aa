/**
 * Starts a worker thread on a TypeScript module. A worker does not inherit the loader hooks of its
 * parent, so it starts from a one-line bootstrap that registers tsx's loader in the new thread and
 * then imports the module, which loads only what it needs (not its callers, with their exporters
 * and databases).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// tsx's package map sends `tsx/esm/api` to this file for `import`; require.resolve would pick the CommonJS twin.
const tsxApi = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
).href;

/** A worker running `entry` (a module URL, e.g. `new URL('./x-worker.ts', import.meta.url)`). */
export function startTsWorker(entry: URL): Worker {
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true });
}
