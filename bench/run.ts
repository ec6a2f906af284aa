/**
 * Runs every bench/*.bench.ts (or those whose name contains an argument) and prints the results.
 * Each benchmark runs in a process of its own, so none inherits another's heap, worker threads or
 * peak memory (figures do not depend on the order they run in).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, Measurement } from './lib.ts';

const here = dirname(fileURLToPath(import.meta.url));

// `--one FILE OUT`: run one benchmark here and write its measurements to OUT (the child's part).
if (process.argv[2] === '--one') {
  const [file, out] = [process.argv[3]!, process.argv[4]!];
  const mod = (await import(join(here, file))) as { default: Bench };
  writeFileSync(out, JSON.stringify(await mod.default()));
  // Some benchmarks leave worker pools or database handles open (as a long-lived server would).
  process.exit(0);
}

const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const scratch = mkdtempSync(join(os.tmpdir(), 'sufficiency-bench-'));
const results: Array<Measurement & { bench: string; pass?: boolean }> = [];
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const out = join(scratch, `${file}.json`);
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--one', file, out],
    {
      stdio: 'inherit',
    },
  );
  if (child.status !== 0) {
    process.stderr.write(`${file} failed (exit ${child.status ?? child.signal})\n`);
    process.exitCode = 1;
    continue;
  }
  for (const m of JSON.parse(readFileSync(out, 'utf8')) as Measurement[]) {
    const pass =
      m.target === undefined ? undefined : m.unit === 'req/s' ? m.value >= m.target : m.value <= m.target;
    results.push({ bench: file.replace('.bench.ts', ''), ...m, pass });
  }
}
rmSync(scratch, { recursive: true, force: true });

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
console.log(`\nmachine: ${machine}\ndate: ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| bench | measurement | value | target | pass |\n| --- | --- | --- | --- | --- |');
for (const r of results) {
  const target = r.target === undefined ? '' : `${r.unit === 'req/s' ? '≥' : '≤'} ${r.target} ${r.unit}`;
  const pass = r.pass === undefined ? '' : r.pass ? 'yes' : '**no**';
  console.log(
    `| ${r.bench} | ${r.name}${r.note ? ` (${r.note})` : ''} | ${Math.round(r.value * 10) / 10} ${r.unit} | ${target} | ${pass} |`,
  );
}
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(
  join(here, 'out', 'latest.json'),
  JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2),
);
if (results.some((r) => r.pass === false)) process.exitCode = 1;
