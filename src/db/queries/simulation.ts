/**
 * Business cases in the database: saved scenarios and their simulation runs, under the caller's
 * row-level security (migration 0009: the owner, and LAs a hub shares a scenario with, read it;
 * only the owner writes). A run's status is its job's; a shared reader cannot read the owner's
 * jobs, so it sees finished runs only.
 */
import { sql } from 'kysely';
import type { ScenarioSources } from '../tables/simulation.ts';
import type { Executor } from '../tenant.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from URLs are checked before they reach SQL (a malformed one is simply not found). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID.test(s);
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ScenarioSummary {
  id: string;
  name: string;
  orgId: string;
  ownerName: string;
  contractId: string | null;
  contractReference: string | null;
  sharedWith: string[];
  updatedAt: Date;
  latestRun: { id: string; status: RunStatus; createdAt: Date } | null;
}

/** Statuses as the caller may know them: its own runs' job status; a finished shared run is succeeded. */
function status(jobStatus: string | null, finished: boolean): RunStatus {
  if (jobStatus) return jobStatus as RunStatus;
  return finished ? 'succeeded' : 'queued';
}

/** The scenarios the caller may read: its own, then those shared with it; newest first. */
export async function listScenarios(db: Executor, orgId: string): Promise<ScenarioSummary[]> {
  const rows = await db
    .selectFrom('scenario as s')
    .innerJoin('organisation as o', 'o.id', 's.org_id')
    .leftJoin('contract as c', 'c.id', 's.contract_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('simulation_run as r')
          .leftJoin('job as j', 'j.id', 'r.job_id')
          .select(['r.id', 'r.created_at', 'r.result', 'j.status'])
          .whereRef('r.scenario_id', '=', 's.id')
          .orderBy('r.created_at', 'desc')
          .limit(1)
          .as('lr'),
      (join) => join.onTrue(),
    )
    .select([
      's.id',
      's.name',
      's.org_id as orgId',
      'o.name as ownerName',
      's.contract_id as contractId',
      'c.reference as contractReference',
      's.shared_with as sharedWith',
      's.updated_at as updatedAt',
      'lr.id as runId',
      'lr.created_at as runCreatedAt',
      'lr.status as jobStatus',
      sql<boolean>`lr.result is not null`.as('runFinished'),
    ])
    .orderBy(sql`s.org_id = ${orgId}`, 'desc')
    .orderBy('s.updated_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    orgId: r.orgId,
    ownerName: r.ownerName,
    contractId: r.contractId,
    contractReference: r.contractReference,
    sharedWith: r.sharedWith,
    updatedAt: r.updatedAt,
    latestRun:
      r.runId && r.runCreatedAt
        ? { id: r.runId, status: status(r.jobStatus, Boolean(r.runFinished)), createdAt: r.runCreatedAt }
        : null,
  }));
}

export interface ScenarioRecord {
  id: string;
  name: string;
  orgId: string;
  ownerName: string;
  ownerKind: 'local-authority' | 'provider' | 'hub';
  regionCode: string;
  file: Record<string, unknown>;
  contractId: string | null;
  contractReference: string | null;
  contractName: string | null;
  sources: ScenarioSources;
  participantOrgIds: string[];
  sharedWith: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** One scenario the caller may read, or undefined (another organisation's is not found, like a missing one). */
export async function findScenario(db: Executor, id: string): Promise<ScenarioRecord | undefined> {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('scenario as s')
    .innerJoin('organisation as o', 'o.id', 's.org_id')
    .leftJoin('contract as c', 'c.id', 's.contract_id')
    .select([
      's.id',
      's.name',
      's.org_id as orgId',
      'o.name as ownerName',
      'o.kind as ownerKind',
      's.region_code as regionCode',
      's.scenario as file',
      's.contract_id as contractId',
      'c.reference as contractReference',
      'c.name as contractName',
      's.sources',
      's.participant_org_ids as participantOrgIds',
      's.shared_with as sharedWith',
      's.created_at as createdAt',
      's.updated_at as updatedAt',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function insertScenario(
  db: Executor,
  s: {
    orgId: string;
    regionCode: string;
    name: string;
    file: Record<string, unknown>;
    contractId: string | null;
    sources?: ScenarioSources;
    userId: string;
  },
): Promise<string> {
  const row = await db
    .insertInto('scenario')
    .values({
      org_id: s.orgId,
      region_code: s.regionCode,
      name: s.name,
      scenario: JSON.stringify(s.file),
      contract_id: s.contractId,
      sources: JSON.stringify(s.sources ?? {}),
      created_by: s.userId,
      updated_by: s.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes a scenario the caller owns; false when there is none (not found). */
export async function updateScenario(
  db: Executor,
  id: string,
  s: {
    orgId: string;
    name: string;
    file: Record<string, unknown>;
    contractId: string | null;
    userId: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('scenario')
    .set({
      name: s.name,
      scenario: JSON.stringify(s.file),
      contract_id: s.contractId,
      updated_by: s.userId,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('org_id', '=', s.orgId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets who a hub's scenario is shared with (the trigger keeps participants only); returns the result. */
export async function setSharing(
  db: Executor,
  id: string,
  orgId: string,
  sharedWith: readonly string[],
): Promise<string[] | undefined> {
  const row = await db
    .updateTable('scenario')
    .set({ shared_with: sql<string[]>`${sharedWith.filter(isUuid)}::uuid[]` })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .returning('shared_with')
    .executeTakeFirst();
  return row?.shared_with;
}

/** The LAs of a region (the organisations a scenario's LA codes can name). */
export async function regionLas(db: Executor, regionCode: string) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'la_code as laCode'])
    .where('kind', '=', 'local-authority')
    .where('region_code', '=', regionCode)
    .orderBy('name')
    .execute() as Promise<Array<{ id: string; name: string; laCode: string }>>;
}

// ---------------------------------------------------------------- runs

export interface RunRecord {
  id: string;
  orgId: string;
  scenarioId: string;
  scenarioName: string;
  jobId: string;
  request: Record<string, unknown>;
  seed: number;
  runs: number;
  result: Record<string, unknown> | null;
  status: RunStatus;
  progress: number | null;
  message: string | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

function runQuery(db: Executor) {
  return db
    .selectFrom('simulation_run as r')
    .innerJoin('scenario as s', 's.id', 'r.scenario_id')
    .leftJoin('job as j', 'j.id', 'r.job_id')
    .select([
      'r.id',
      'r.org_id as orgId',
      'r.scenario_id as scenarioId',
      's.name as scenarioName',
      'r.job_id as jobId',
      'r.request',
      'r.seed',
      'r.runs',
      'r.result',
      'j.status as jobStatus',
      'j.progress',
      'j.message',
      'j.error',
      'r.created_at as createdAt',
      'r.finished_at as finishedAt',
    ]);
}

type RunRow = Awaited<ReturnType<ReturnType<typeof runQuery>['execute']>>[number];

function toRun(r: RunRow): RunRecord {
  const { jobStatus, seed, ...rest } = r;
  return { ...rest, seed: Number(seed), status: status(jobStatus, r.result !== null) };
}

/** One run the caller may read, or undefined. */
export async function findRun(db: Executor, id: string): Promise<RunRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await runQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row && toRun(row);
}

/** A scenario's runs the caller may read, newest first (without their results). */
export async function listRuns(db: Executor, scenarioId: string): Promise<Omit<RunRecord, 'result'>[]> {
  const rows = await runQuery(db)
    .where('r.scenario_id', '=', scenarioId)
    .orderBy('r.created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => {
    const { result: _result, request: _request, ...rest } = toRun(r);
    return { ...rest, request: {} };
  });
}

/** The newest finished run of a scenario (its business case), or undefined. */
export async function latestFinishedRun(db: Executor, scenarioId: string): Promise<RunRecord | undefined> {
  const row = await runQuery(db)
    .where('r.scenario_id', '=', scenarioId)
    .where('r.result', 'is not', null)
    .orderBy('r.finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toRun(row);
}

export async function insertRun(
  db: Executor,
  r: {
    id: string;
    orgId: string;
    scenarioId: string;
    jobId: string;
    request: Record<string, unknown>;
    seed: number;
    runs: number;
    userId: string;
  },
): Promise<string> {
  const row = await db
    .insertInto('simulation_run')
    .values({
      id: r.id,
      org_id: r.orgId,
      scenario_id: r.scenarioId,
      job_id: r.jobId,
      request: JSON.stringify(r.request),
      seed: r.seed,
      runs: r.runs,
      created_by: r.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The run's request, for its job (the caller's own runs only). */
export async function runForJob(db: Executor, runId: string) {
  if (!isUuid(runId)) return undefined;
  return db
    .selectFrom('simulation_run')
    .select(['id', 'request', 'result'])
    .where('id', '=', runId)
    .executeTakeFirst();
}

export async function saveRunResult(db: Executor, runId: string, result: unknown): Promise<boolean> {
  const r = await db
    .updateTable('simulation_run')
    .set({ result: JSON.stringify(result), finished_at: sql`now()` })
    .where('id', '=', runId)
    .where('result', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
