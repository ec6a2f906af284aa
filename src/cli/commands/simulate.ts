/**
 * `sufficiency simulate --scenario FILE.json`: the block-contract business case from a scenario
 * file (docs/simulation.md), as JSON or as an xlsx business-case pack. Runs on every core through
 * the worker pool; the numbers do not depend on how many threads ran them.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  type BusinessCaseRequest,
  businessCaseTasks,
  summariseBusinessCase,
} from '../../domain/simulation/business-case.ts';
import { businessCasePack } from '../../domain/simulation/business-case-pack.ts';
import type { Progress } from '../../domain/simulation/simulate.ts';
import { toXlsx } from '../../exports/spreadsheet.ts';
import { readScenarioFile } from '../../importers/scenario/parse-scenario-file.ts';
import { simulateInWorkers } from '../../workers/simulation-pool.ts';
import { progressBar, writeOutput } from '../output.ts';

export const DEFAULT_RUNS = 2000;
export const DEFAULT_SEED = 1;
const MAX_RUNS = 1_000_000;

export interface SimulateOptions {
  scenario: string;
  runs?: string;
  seed?: string;
  format?: string;
  out?: string;
  threads?: string;
  sweep?: string;
  pooling?: boolean;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'simulate a block contract from a scenario file: occupancy, cost against spot, sizing, pooling, options',
    )
    .requiredOption('--scenario <file>', 'the scenario, as JSON (see docs/simulation.md)')
    .option('--runs <n>', `simulated runs of the contract term (default: the file's, else ${DEFAULT_RUNS})`)
    .option(
      '--seed <s>',
      `random seed; the same seed gives the same numbers (default: the file's, else ${DEFAULT_SEED})`,
    )
    .option('--format <format>', 'json, or xlsx for the business-case pack', 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--threads <n>', 'threads to run on (default: every core)')
    .option('--sweep <min..max>', 'also sweep the block size over this range of beds, e.g. 0..20')
    .option('--pooling', 'also compare the shared block with each LA holding its share alone')
    .action(async (opts: SimulateOptions) => {
      writeOutput(await runSimulate(opts, progressBar('Simulating')), opts.out);
    });
}

/** Runs the command and returns what it writes: JSON text, or the xlsx pack's bytes. */
export async function runSimulate(opts: SimulateOptions, onProgress?: Progress): Promise<string | Buffer> {
  const req = buildRequest(opts);
  const threads = opts.threads === undefined ? undefined : integer(opts.threads, 'threads', 1, 64);
  const records = await simulateInWorkers(businessCaseTasks(req), {
    ...(threads ? { threads } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const outcome = summariseBusinessCase(req, records);
  if (opts.format === 'xlsx') return toXlsx(businessCasePack({ scenario: req.scenario, ...outcome }));
  const doc = {
    format: 'sufficiency-simulation/1',
    note: 'Money in pence over the whole term; occupancy, shares and probabilities as fractions.',
    runs: req.runs,
    seed: req.seed,
    scenario: req.scenario,
    ...outcome,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Reads the file and merges the command line over the file's own settings. */
export function buildRequest(opts: SimulateOptions): BusinessCaseRequest {
  if (opts.format !== undefined && opts.format !== 'json' && opts.format !== 'xlsx') {
    throw new DomainError('validation', '--format must be json or xlsx', [
      { field: 'format', message: `"${opts.format}" is not json or xlsx` },
    ]);
  }
  let text: string;
  try {
    text = readFileSync(opts.scenario, 'utf8');
  } catch (e) {
    throw new DomainError('validation', `cannot read the scenario file ${opts.scenario}`, [
      { field: 'scenario', message: (e as Error).message },
    ]);
  }
  const { scenario, settings } = readScenarioFile(text);
  const req: BusinessCaseRequest = {
    scenario,
    runs: opts.runs === undefined ? (settings.runs ?? DEFAULT_RUNS) : integer(opts.runs, 'runs', 1, MAX_RUNS),
    seed:
      opts.seed === undefined ? (settings.seed ?? DEFAULT_SEED) : integer(opts.seed, 'seed', 0, 2 ** 32 - 1),
    pooling: opts.pooling === true || settings.pooling,
  };
  const sweep = opts.sweep === undefined ? settings.sweep : { ...settings.sweep, sizes: range(opts.sweep) };
  if (sweep) req.sweep = sweep;
  if (settings.appraisal) req.appraisal = settings.appraisal;
  return req;
}

function integer(text: string, field: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new DomainError('validation', `--${field} must be a whole number from ${min} to ${max}`, [
      { field, message: `"${text}" is not a whole number from ${min} to ${max}` },
    ]);
  }
  return n;
}

/** "0..20" → [0, 1, …, 20]. */
function range(text: string): number[] {
  const m = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  const [lo, hi] = m ? [Number(m[1]), Number(m[2])] : [Number.NaN, Number.NaN];
  if (!m || lo > hi || hi > 200) {
    throw new DomainError('validation', '--sweep must be a range of beds such as 0..20 (at most 200)', [
      { field: 'sweep', message: `"${text}" is not a range like 0..20` },
    ]);
  }
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
