/** Tables added by migration 0009 (business cases: saved scenarios and simulation runs). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

declare module '../schema.ts' {
  interface DB {
    scenario: ScenarioTable;
    simulation_run: SimulationRunTable;
  }
}

type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ScenarioSources {
  notes?: Record<string, string>;
  values?: Record<string, string>;
}

export interface ScenarioTable {
  id: Generated<string>;
  org_id: string;
  region_code: string;
  name: string;
  /** The scenario file's JSON (docs/simulation.md §10). */
  scenario: Json<Record<string, unknown>>;
  contract_id: string | null;
  /** Where prefilled figures came from: { notes: { field: text }, values: { field: value as prefilled } }. */
  sources: ColumnType<ScenarioSources, ScenarioSources | string | undefined, ScenarioSources | string>;
  /** Set by trigger from the scenario's LA codes. */
  participant_org_ids: Generated<string[]>;
  shared_with: Generated<string[]>;
  created_by: string;
  created_at: CreatedAt;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SimulationRunTable {
  id: Generated<string>;
  org_id: string;
  scenario_id: string;
  job_id: string;
  /** The engine's BusinessCaseRequest. */
  request: Json<Record<string, unknown>>;
  /** bigint: read back as a string. */
  seed: ColumnType<string, number | string, number | string>;
  runs: number;
  result: Json<Record<string, unknown>> | null;
  created_by: string;
  created_at: CreatedAt;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
