/**
 * Forecasting (issue 6, docs/forecasting.md "Pages, API and CLI" and "Data protection"): an LA's
 * SSDA903 returns as stored datasets, and the forecasts and backtests made from them.
 *
 * - `ssda903_dataset` holds one LA's imported returns as the forecaster's compact columns (bytea:
 *   pseudonymised CHILD as given, SEX, DOB, UASC; each episode's dates and codes; no names,
 *   postcodes, URN or UPN, which are dropped on import), with a summary. Child-level episode data
 *   never leaves the LA: only that LA's commissioners read or write it. A dataset starts as a
 *   draft that collects files (`ssda903_file`, each pointing at its raw `upload` until the import
 *   succeeds, when the raw uploads are deleted in the same transaction).
 * - `forecast` and `backtest` keep the settings asked for and the engine's result (counts of
 *   children by category and age band, spend, scenarios, scores: aggregates, no child ids). Only
 *   the LA's commissioners read them; a commissioner may share a finished forecast with the
 *   region's hub (`shared_at`), whose analysts then read it (never the dataset behind it). The
 *   region is set from the owner by trigger, so an application bug cannot share across regions.
 *   Backtests are never shared.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
CREATE TABLE ssda903_dataset (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),          -- the LA whose returns these are
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'imported')),
  job_id uuid REFERENCES job(id),                            -- the latest import job
  summary jsonb,                                             -- counts, years, files, warnings (no child ids)
  data bytea,                                                -- the compact dataset (sufficiency-ssda903/1, gzipped)
  data_format text,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  imported_by uuid REFERENCES app_user(id),
  imported_at timestamptz,
  UNIQUE (id, org_id),
  CHECK ((status = 'imported') = (data IS NOT NULL AND summary IS NOT NULL AND imported_at IS NOT NULL))
);
CREATE INDEX ssda903_dataset_org ON ssda903_dataset(org_id, created_at DESC);

CREATE TABLE ssda903_file (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dataset_id uuid NOT NULL,
  org_id uuid NOT NULL REFERENCES organisation(id),
  upload_id uuid REFERENCES upload(id) ON DELETE SET NULL,   -- the raw file, until imported
  file_name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('header', 'episodes', 'uasc')),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2200),  -- collection year (the one holding 31 March)
  byte_size integer NOT NULL CHECK (byte_size >= 0),
  sha256 text NOT NULL,
  rows integer,                                              -- rows read, once imported
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (dataset_id, org_id) REFERENCES ssda903_dataset(id, org_id) ON DELETE CASCADE,
  UNIQUE (dataset_id, year, kind)
);

CREATE TABLE forecast (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),          -- the LA
  region_code text NOT NULL REFERENCES region(code),         -- the LA's region (set by trigger)
  dataset_id uuid NOT NULL,
  job_id uuid NOT NULL UNIQUE REFERENCES job(id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
  result jsonb,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  shared_at timestamptz,                                     -- shared with the region's hub
  shared_by uuid REFERENCES app_user(id),
  FOREIGN KEY (dataset_id, org_id) REFERENCES ssda903_dataset(id, org_id) ON DELETE CASCADE,
  CHECK ((result IS NULL) = (finished_at IS NULL)),
  CHECK (shared_at IS NULL OR result IS NOT NULL)
);
CREATE INDEX forecast_org ON forecast(org_id, created_at DESC);
CREATE INDEX forecast_shared ON forecast(region_code, shared_at DESC) WHERE shared_at IS NOT NULL;

CREATE TABLE backtest (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),
  dataset_id uuid NOT NULL,
  job_id uuid NOT NULL UNIQUE REFERENCES job(id),
  settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
  result jsonb,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  FOREIGN KEY (dataset_id, org_id) REFERENCES ssda903_dataset(id, org_id) ON DELETE CASCADE,
  CHECK ((result IS NULL) = (finished_at IS NULL))
);
CREATE INDEX backtest_org ON backtest(org_id, created_at DESC);

-- Datasets and forecasts belong to local authorities; a forecast's region is its LA's.
CREATE FUNCTION app.forecasting_owner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE owner organisation%ROWTYPE;
BEGIN
  SELECT * INTO owner FROM organisation WHERE id = NEW.org_id;
  IF owner.kind IS DISTINCT FROM 'local-authority' THEN
    RAISE EXCEPTION 'only a local authority keeps SSDA903 returns and forecasts' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_TABLE_NAME = 'forecast' THEN
    NEW.region_code := owner.region_code;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ssda903_dataset_owner BEFORE INSERT OR UPDATE OF org_id ON ssda903_dataset
  FOR EACH ROW EXECUTE FUNCTION app.forecasting_owner();
CREATE TRIGGER forecast_owner BEFORE INSERT OR UPDATE OF org_id, region_code ON forecast
  FOR EACH ROW EXECUTE FUNCTION app.forecasting_owner();

GRANT SELECT, INSERT, UPDATE, DELETE ON ssda903_dataset, ssda903_file, forecast, backtest TO app_tenant;

-- The LA's returns: its commissioners only.
ALTER TABLE ssda903_dataset ENABLE ROW LEVEL SECURITY;
ALTER TABLE ssda903_dataset FORCE ROW LEVEL SECURITY;
CREATE POLICY ssda903_dataset_own_la ON ssda903_dataset
  USING (org_id = app.org_id() AND app.org_kind() = 'local-authority' AND app.role() = 'commissioner')
  WITH CHECK (org_id = app.org_id() AND app.org_kind() = 'local-authority' AND app.role() = 'commissioner');
CREATE POLICY ssda903_dataset_system ON ssda903_dataset USING (current_user <> 'app_tenant');

ALTER TABLE ssda903_file ENABLE ROW LEVEL SECURITY;
ALTER TABLE ssda903_file FORCE ROW LEVEL SECURITY;
CREATE POLICY ssda903_file_own_la ON ssda903_file
  USING (org_id = app.org_id() AND app.org_kind() = 'local-authority' AND app.role() = 'commissioner')
  WITH CHECK (org_id = app.org_id() AND app.org_kind() = 'local-authority' AND app.role() = 'commissioner');
CREATE POLICY ssda903_file_system ON ssda903_file USING (current_user <> 'app_tenant');

-- Forecasts: the LA's commissioners; a finished forecast the LA shares, also its region's hub analysts.
ALTER TABLE forecast ENABLE ROW LEVEL SECURITY;
ALTER TABLE forecast FORCE ROW LEVEL SECURITY;
CREATE POLICY forecast_read ON forecast FOR SELECT USING (
  (org_id = app.org_id() AND app.role() = 'commissioner')
  OR (app.org_kind() = 'hub' AND app.role() = 'hub-analyst' AND region_code = app.region_code()
      AND shared_at IS NOT NULL AND result IS NOT NULL));
CREATE POLICY forecast_write ON forecast FOR ALL
  USING (org_id = app.org_id() AND app.org_kind() = 'local-authority' AND app.role() = 'commissioner')
  WITH CHECK (org_id = app.org_id() AND app.org_kind() = 'local-authority' AND app.role() = 'commissioner');
CREATE POLICY forecast_system ON forecast USING (current_user <> 'app_tenant');

-- Backtests score the LA's own data: never shared.
ALTER TABLE backtest ENABLE ROW LEVEL SECURITY;
ALTER TABLE backtest FORCE ROW LEVEL SECURITY;
CREATE POLICY backtest_own_la ON backtest
  USING (org_id = app.org_id() AND app.org_kind() = 'local-authority' AND app.role() = 'commissioner')
  WITH CHECK (org_id = app.org_id() AND app.org_kind() = 'local-authority' AND app.role() = 'commissioner');
CREATE POLICY backtest_system ON backtest USING (current_user <> 'app_tenant');
`;
