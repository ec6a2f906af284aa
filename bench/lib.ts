/**
 * Benchmark conventions: each bench/<area>.bench.ts default-exports an async function returning
 * measurements. `npm run bench` runs them all (or `npm run bench -- <area>`), prints a table and
 * writes bench/out/latest.json; copy the figures, machine and date into BENCHMARKS.md.
 */
import { performance } from 'node:perf_hooks';
import { type Database, openDatabase } from '../src/db/connect.ts';
import { adminUrl, createDatabase, dropDatabase, runId, withDatabase } from '../test/helpers/postgres.ts';

export interface Measurement {
  name: string;
  value: number;
  unit: 'ms' | 's' | 'MB' | 'req/s' | '%';
  /** The figure an issue asks for, in the same unit; pass = value <= target (or >= for req/s). */
  target?: number;
  note?: string;
}

export type Bench = () => Promise<Measurement[]>;

/** Median and p95 of `runs` timings of `fn` after `warmup` untimed runs, in milliseconds. */
export async function time(
  fn: () => unknown | Promise<unknown>,
  { runs = 10, warmup = 2 }: { runs?: number; warmup?: number } = {},
): Promise<{ median: number; p95: number; min: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { median: at(0.5), p95: at(0.95), min: samples[0]! };
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Runs `measure` on a fresh in-memory PGlite, then, when DATABASE_URL is set, on a throwaway
 * PostgreSQL database made for it (`sfy_bench_<area>_…`) and dropped afterwards.
 */
export async function onEachDatabase(
  area: string,
  pgPoolSize: number,
  measure: (database: Database, label: 'PGlite' | 'PostgreSQL') => Promise<Measurement[]>,
): Promise<Measurement[]> {
  const out: Measurement[] = [];
  const lite = await openDatabase({ memory: true });
  try {
    out.push(...(await measure(lite, 'PGlite')));
  } finally {
    await lite.close();
  }
  const url = process.env.DATABASE_URL;
  if (!url) return out;
  const name = `sfy_bench_${area}_${runId()}`;
  const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
  await createDatabase(admin, name);
  try {
    const pg = await openDatabase({ url: withDatabase(url, name), poolSize: pgPoolSize });
    try {
      out.push(...(await measure(pg, 'PostgreSQL')));
    } finally {
      await pg.close();
    }
  } finally {
    await dropDatabase(admin, name);
    await admin.close();
  }
  return out;
}
