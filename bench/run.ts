/** Runs every bench/*.bench.ts (or those whose name contains an argument) and prints the results. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, Measurement } from './lib.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const results: Array<Measurement & { bench: string; pass?: boolean }> = [];
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const mod = (await import(join(here, file))) as { default: Bench };
  for (const m of await mod.default()) {
    const pass =
      m.target === undefined ? undefined : m.unit === 'req/s' ? m.value >= m.target : m.value <= m.target;
    results.push({ bench: file.replace('.bench.ts', ''), ...m, pass });
  }
}

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
// Some benchmarks leave worker pools or database handles open (as a long-lived server would); the
// figures are written, so end here rather than wait for them.
process.exit(process.exitCode ?? 0);
