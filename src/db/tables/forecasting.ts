/** Tables added by migration 0008 (forecasting: SSDA903 datasets, forecasts and backtests). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

declare module '../schema.ts' {
  interface DB {
    ssda903_dataset: Ssda903DatasetTable;
    ssda903_file: Ssda903FileTable;
    forecast: ForecastTable;
    backtest: BacktestTable;
  }
}

type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Instant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface Ssda903DatasetTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  status: ColumnType<'draft' | 'imported', 'draft' | 'imported' | undefined, 'draft' | 'imported'>;
  job_id: string | null;
  summary: Json<Record<string, unknown>> | null;
  /** The compact dataset (src/importers/ssda903/dataset-codec.ts); PGlite reads bytea as Uint8Array. */
  data: ColumnType<Uint8Array | null, Buffer | null | undefined, Buffer | null>;
  data_format: string | null;
  created_by: string;
  created_at: CreatedAt;
  imported_by: string | null;
  imported_at: Instant;
}

export interface Ssda903FileTable {
  id: Generated<string>;
  dataset_id: string;
  org_id: string;
  upload_id: string | null;
  file_name: string;
  kind: 'header' | 'episodes' | 'uasc';
  year: number;
  byte_size: number;
  sha256: string;
  rows: number | null;
  created_at: CreatedAt;
}

export interface ForecastTable {
  id: Generated<string>;
  org_id: string;
  /** Set by trigger from the LA. */
  region_code: ColumnType<string, string | undefined, never>;
  dataset_id: string;
  job_id: string;
  name: string;
  settings: Json<Record<string, unknown>>;
  result: Json<Record<string, unknown>> | null;
  created_by: string;
  created_at: CreatedAt;
  finished_at: Instant;
  shared_at: Instant;
  shared_by: string | null;
}

export interface BacktestTable {
  id: Generated<string>;
  org_id: string;
  dataset_id: string;
  job_id: string;
  settings: Json<Record<string, unknown>>;
  result: Json<Record<string, unknown>> | null;
  created_by: string;
  created_at: CreatedAt;
  finished_at: Instant;
}
