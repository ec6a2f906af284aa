/**
 * Starting a simulation of a saved scenario: the request (the engine's scenario in pence, the runs
 * and seed, and the sizing sweep, pooling and options appraisal the file asks for) is fixed now and
 * stored with the run, so the result can always be reproduced; the work itself is a background job
 * (`simulation`, run-job.ts). Only the owner runs a scenario; the web keeps runs within what a
 * shared server can do in well under a minute.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../db/queries/audit.ts';
import { findScenario, insertRun } from '../../db/queries/simulation.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import type { BusinessCaseRequest } from '../../domain/simulation/business-case.ts';
import { readScenarioFile } from '../../importers/scenario/parse-scenario-file.ts';
import type { JobRunner } from '../jobs/runner.ts';

export const SIMULATION_JOB = 'simulation';
export const DEFAULT_RUNS = 2000;
export const DEFAULT_SEED = 1;
export const MAX_RUNS = 20_000;
export const MAX_SWEEP_SIZES = 61;
/** Simulated contract-years a web run may ask for, over every analysis (the benchmark's sweep is 210,000). */
export const MAX_CONTRACT_YEARS = 3_000_000;

export interface RunOptions {
  runs?: number;
  seed?: number;
}

/** The engine request a scenario file and the caller's overrides make. */
export function requestFor(fileJson: unknown, o: RunOptions = {}): BusinessCaseRequest {
  const { scenario, settings } = readScenarioFile(JSON.stringify(fileJson));
  const errors: FieldError[] = [];
  const runs = o.runs ?? settings.runs ?? DEFAULT_RUNS;
  const seed = o.seed ?? settings.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS)
    errors.push({
      field: 'runs',
      message: `must be a whole number from 1 to ${MAX_RUNS.toLocaleString('en-GB')}`,
    });
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
    errors.push({ field: 'seed', message: 'must be a whole number from 0 to 4,294,967,295' });
  const req: BusinessCaseRequest = {
    scenario,
    runs,
    seed,
    pooling: settings.pooling && scenario.las.length > 1,
  };
  if (settings.sweep) {
    if (settings.sweep.sizes.length > MAX_SWEEP_SIZES)
      errors.push({
        field: 'simulation.sweep.maxBeds',
        message: `a sweep on the web tries at most ${MAX_SWEEP_SIZES} block sizes`,
      });
    req.sweep = settings.sweep;
  }
  if (settings.appraisal) req.appraisal = settings.appraisal;
  const years = scenario.termMonths / 12;
  const batches =
    1 +
    (req.sweep ? req.sweep.sizes.length : 0) +
    (req.pooling ? scenario.las.length : 0) +
    (req.appraisal ? 1 + scenario.las.length : 0);
  if (errors.length === 0 && runs * years * batches > MAX_CONTRACT_YEARS)
    errors.push({
      field: 'runs',
      message: `${(runs * years * batches).toLocaleString('en-GB')} simulated contract-years is more than the web runs at once (${MAX_CONTRACT_YEARS.toLocaleString('en-GB')}); use fewer runs, a narrower sweep, or the command line`,
    });
  throwIfInvalid(errors, 'The simulation cannot start');
  return req;
}

export async function startRun(
  trx: Tx,
  jobs: JobRunner,
  tenant: Tenant,
  scenarioId: string,
  o: RunOptions = {},
): Promise<{ runId: string; jobId: string }> {
  const s = await findScenario(trx, scenarioId);
  if (!s) throw new DomainError('not-found', 'No such business case');
  if (s.orgId !== tenant.orgId)
    throw new DomainError(
      'forbidden',
      `Only ${s.ownerName} can run this business case; you can read its results`,
    );
  const request = requestFor(s.file, o);
  const runId = randomUUID();
  const jobId = await jobs.enqueue(trx, tenant, SIMULATION_JOB, { runId, scenarioId });
  await insertRun(trx, {
    id: runId,
    orgId: tenant.orgId,
    scenarioId,
    jobId,
    request: request as unknown as Record<string, unknown>,
    seed: request.seed,
    runs: request.runs,
    userId: tenant.userId,
  });
  await appendAudit(trx, tenant, [
    {
      action: 'create',
      entityType: 'simulation-run',
      entityId: runId,
      detail: { scenarioId, runs: request.runs, seed: request.seed },
    },
  ]);
  return { runId, jobId };
}
