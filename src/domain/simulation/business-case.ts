/**
 * The whole business case for a scenario in one request: the simulation itself, and, when asked
 * for, the sizing sweep, the pooling comparison and the options appraisal. Planned as one list of
 * record tasks (duplicates merged), run wherever the caller likes (`runTasks` here, a worker pool
 * in the CLI, a background job on the web), then summarised. Its result is plain JSON.
 */
import type { Pence } from '../shared/money.ts';
import { type BusinessCase, businessCaseFromSimulation } from './monitoring.ts';
import { type ModelledOption, type OptionCosts, optionTasks, summariseOptions } from './option-models.ts';
import {
  type Appraisal,
  type AppraisalOption,
  appraiseOptions,
  type Criterion,
  DEFAULT_CRITERIA,
  type OptionKind,
  type Rating,
} from './options-appraisal.ts';
import { type PoolingResult, poolingTasks, summarisePooling } from './pooling.ts';
import type { RunRecords } from './run-record.ts';
import type { Scenario } from './scenario.ts';
import { type Progress, type SimulationResult, summariseRuns } from './simulate.ts';
import { type SizingResult, summariseSweep, sweepTask } from './sizing.ts';
import { dedupeTasks, type RecordTask, runTasks } from './tasks.ts';

export interface BusinessCaseRequest {
  scenario: Scenario;
  runs: number;
  seed: number;
  sweep?: { sizes: number[]; prices?: Pence[] };
  pooling?: boolean;
  appraisal?: {
    costs: OptionCosts;
    criteria?: Criterion[];
    ratings?: Partial<Record<OptionKind, Record<string, Rating>>>;
    notes?: Partial<Record<OptionKind, Record<string, string>>>;
  };
}

export interface BusinessCaseResult {
  result: SimulationResult;
  sizing?: SizingResult;
  pooling?: PoolingResult;
  appraisal?: { appraisal: Appraisal; options: ModelledOption[] };
  /** What the live contract will be monitored against (monitoring.ts). */
  businessCase: BusinessCase;
}

interface Plan {
  tasks: RecordTask[];
  main: number;
  sweep: number | null;
  pooling: number[];
  options: number[];
}

function plan(req: BusinessCaseRequest): Plan {
  const all: RecordTask[] = [{ scenario: req.scenario, runs: req.runs, seed: req.seed, monthly: true }];
  const take = (tasks: RecordTask[]) => {
    const from = all.length;
    all.push(...tasks);
    return tasks.map((_, i) => from + i);
  };
  const o = { runs: req.runs, seed: req.seed };
  const sweep = req.sweep ? take([sweepTask(req.scenario, { ...o, sizes: req.sweep.sizes })]) : [];
  const pooling = req.pooling ? take(poolingTasks(req.scenario, o)) : [];
  const options = req.appraisal ? take(optionTasks(req.scenario, o)) : [];
  const { tasks, index } = dedupeTasks(all);
  const at = (i: number) => index[i]!;
  return {
    tasks,
    main: at(0),
    sweep: sweep.length > 0 ? at(sweep[0]!) : null,
    pooling: pooling.map(at),
    options: options.map(at),
  };
}

/** The record tasks the request needs, duplicates merged. */
export function businessCaseTasks(req: BusinessCaseRequest): RecordTask[] {
  return plan(req).tasks;
}

/** Summarises the rows of `businessCaseTasks(req)`: per task, one RunRecords per block size. */
export function summariseBusinessCase(
  req: BusinessCaseRequest,
  records: readonly (readonly RunRecords[])[],
): BusinessCaseResult {
  const p = plan(req);
  const s = req.scenario;
  const one = (i: number) => records[i]![0]!;
  const result = summariseRuns(s, one(p.main), req.seed);
  const out: BusinessCaseResult = { result, businessCase: businessCaseFromSimulation(s, result) };
  if (req.sweep && p.sweep !== null) {
    const prices = req.sweep.prices ? { prices: req.sweep.prices } : {};
    out.sizing = summariseSweep(
      s,
      { sizes: req.sweep.sizes, runs: req.runs, seed: req.seed, ...prices },
      records[p.sweep]!,
    );
  }
  if (req.pooling) out.pooling = summarisePooling(s, p.pooling.map(one));
  if (req.appraisal) {
    const a = req.appraisal;
    const options = summariseOptions(s, a.costs, p.options.map(one));
    const rated: AppraisalOption[] = options.map((m) => ({
      ...m,
      ...(a.ratings?.[m.kind] ? { ratings: a.ratings[m.kind] } : {}),
      ...(a.notes?.[m.kind] ? { notes: a.notes[m.kind] } : {}),
    }));
    out.appraisal = { appraisal: appraiseOptions(rated, a.criteria ?? DEFAULT_CRITERIA), options };
  }
  return out;
}

/** Plans, runs in this thread, and summarises. */
export function runBusinessCase(req: BusinessCaseRequest, onProgress?: Progress): BusinessCaseResult {
  return summariseBusinessCase(req, runTasks(businessCaseTasks(req), onProgress));
}
