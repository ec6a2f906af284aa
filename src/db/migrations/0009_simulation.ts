/**
 * Business cases (issue 7, docs/simulation.md "Pages and API"): saved block-contract scenarios and
 * the simulation runs made of them.
 *
 * - `scenario` is owned by one organisation (an LA's commissioner or the region's hub). It holds
 *   the scenario file's JSON (docs/simulation.md §10: pounds, decimals, the simulation and
 *   appraisal settings), so what the web stores is exactly what the CLI reads. It may name the live
 *   contract it is the business case for, which the monitoring page compares against.
 * - Sharing: only a hub's scenario can be shared, and only with the LAs that take part in it (an
 *   LA in the scenario whose code is the DfE code of an LA organisation of the hub's region). The
 *   participants are worked out here, by trigger, from the scenario itself, so an application bug
 *   cannot widen them; an LA that stops taking part stops seeing it. Shared LAs read the scenario
 *   and its finished runs; only the owner changes or runs it.
 * - `simulation_run` keeps the exact request (the domain scenario in pence, runs, seed and the
 *   analyses asked for), so a result can always be reproduced; its status is its job's.
 * - `app.simulation_referral_demand` gives LAs and the hub the referral and placement counts of
 *   their region's LAs by need segment, as counts only (the demand figures a shared block is sized
 *   on); nobody reads another LA's referrals or placements through it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
CREATE TABLE scenario (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),          -- the owner: an LA or a hub
  region_code text NOT NULL REFERENCES region(code),         -- the owner's region (checked by trigger)
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  scenario jsonb NOT NULL CHECK (jsonb_typeof(scenario) = 'object'),  -- the scenario file (docs/simulation.md)
  contract_id uuid REFERENCES contract(id),                  -- the live contract this is the business case for
  sources jsonb NOT NULL DEFAULT '{}',                       -- where prefilled figures came from (pages)
  participant_org_ids uuid[] NOT NULL DEFAULT '{}',          -- set by trigger from scenario.las[].code
  shared_with uuid[] NOT NULL DEFAULT '{}',                  -- LAs the hub shares it with (participants only)
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scenario_org ON scenario(org_id, updated_at DESC);
CREATE INDEX scenario_contract ON scenario(contract_id);

CREATE FUNCTION app.scenario_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE owner organisation%ROWTYPE;
BEGIN
  SELECT * INTO owner FROM organisation WHERE id = NEW.org_id;
  IF owner.kind NOT IN ('local-authority', 'hub') THEN
    RAISE EXCEPTION 'only a local authority or a hub keeps business cases' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.region_code IS DISTINCT FROM owner.region_code THEN
    RAISE EXCEPTION 'a scenario belongs to its owner''s region' USING ERRCODE = 'check_violation';
  END IF;
  NEW.participant_org_ids := coalesce((
    SELECT array_agg(DISTINCT o.id ORDER BY o.id)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW.scenario->'las') = 'array'
                                   THEN NEW.scenario->'las' ELSE '[]'::jsonb END) la
    JOIN organisation o ON o.kind = 'local-authority' AND o.region_code = NEW.region_code
      AND o.la_code = la->>'code'), '{}');
  IF cardinality(NEW.shared_with) > 0 AND owner.kind <> 'hub' THEN
    RAISE EXCEPTION 'only a hub shares business cases' USING ERRCODE = 'check_violation';
  END IF;
  -- Sharing follows participation: an LA no longer in the scenario no longer sees it.
  NEW.shared_with := coalesce((
    SELECT array_agg(DISTINCT s ORDER BY s) FROM unnest(NEW.shared_with) s
    WHERE s = ANY (NEW.participant_org_ids)), '{}');
  RETURN NEW;
END $$;
CREATE TRIGGER scenario_rules BEFORE INSERT OR UPDATE ON scenario
  FOR EACH ROW EXECUTE FUNCTION app.scenario_rules();

CREATE TABLE simulation_run (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),          -- the scenario's owner
  scenario_id uuid NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,
  job_id uuid NOT NULL UNIQUE REFERENCES job(id),
  request jsonb NOT NULL,                                    -- the engine's BusinessCaseRequest (pence)
  seed bigint NOT NULL CHECK (seed >= 0),
  runs integer NOT NULL CHECK (runs >= 1),
  result jsonb,                                              -- the engine's BusinessCaseResult, once finished
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((result IS NULL) = (finished_at IS NULL))
);
CREATE INDEX simulation_run_scenario ON simulation_run(scenario_id, created_at DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON scenario, simulation_run TO app_tenant;

ALTER TABLE scenario ENABLE ROW LEVEL SECURITY;
ALTER TABLE scenario FORCE ROW LEVEL SECURITY;
CREATE POLICY scenario_read ON scenario FOR SELECT
  USING (org_id = app.org_id() OR app.org_id() = ANY (shared_with));
CREATE POLICY scenario_write ON scenario FOR ALL USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY scenario_system ON scenario USING (current_user <> 'app_tenant');

-- Runs: the owner; and, once finished, whoever the scenario is shared with. (scenario's policies
-- never read simulation_run, so this cannot recurse.)
ALTER TABLE simulation_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE simulation_run FORCE ROW LEVEL SECURITY;
CREATE POLICY simulation_run_read ON simulation_run FOR SELECT USING (
  org_id = app.org_id()
  OR (result IS NOT NULL AND EXISTS (SELECT 1 FROM scenario s WHERE s.id = simulation_run.scenario_id)));
CREATE POLICY simulation_run_write ON simulation_run FOR ALL
  USING (org_id = app.org_id())
  WITH CHECK (org_id = app.org_id()
    AND EXISTS (SELECT 1 FROM scenario s WHERE s.id = simulation_run.scenario_id AND s.org_id = app.org_id()));
CREATE POLICY simulation_run_system ON simulation_run USING (current_user <> 'app_tenant');

-- Demand of the caller's region, as counts per LA and need segment over [since, until): referrals
-- recorded (drafts are not referrals yet), with the month each LA's first referral was recorded
-- (how long the platform has been used), and placements started. LAs and hubs only; counts only,
-- never a record; another LA's counts of one to four are withheld from an LA (null). The segment rule for referrals is the one placements are recorded with
-- (src/domain/shared/need-segment.ts).
CREATE FUNCTION app.simulation_referral_demand(since date, until date)
  RETURNS TABLE (org_id uuid, need_segment text, referrals bigint, placements bigint, first_recorded date)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH las AS (
      SELECT o.id FROM organisation o
      WHERE o.kind = 'local-authority' AND o.region_code = app.region_code()
        AND app.org_kind() IN ('local-authority', 'hub') AND app.org_id() IS NOT NULL),
    sent AS (
      SELECT r.org_id,
        (r.created_at AT TIME ZONE 'Europe/London')::date AS day,
        CASE
          WHEN r.profile->>'primaryNeed' IN ('learning-difficulty', 'physical-disabilities', 'sensory-impairment')
            THEN 'disability'
          WHEN r.profile->>'primaryNeed' = 'mental-disorders' THEN 'mental-health'
          WHEN jsonb_typeof(r.profile->'risks') = 'array'
            AND r.profile->'risks' ?| ARRAY['sexual-exploitation', 'criminal-exploitation', 'missing']
            THEN 'ebd-complex'
          ELSE 'ebd-standard'
        END AS need_segment
      FROM referral r JOIN las ON las.id = r.org_id
      WHERE r.status <> 'draft' AND (r.created_at AT TIME ZONE 'Europe/London')::date < until),
    firsts AS (SELECT s.org_id, min(s.day) AS first_recorded FROM sent s GROUP BY s.org_id),
    referred AS (
      SELECT s.org_id, s.need_segment, count(*) FILTER (WHERE s.day >= since) AS n
      FROM sent s GROUP BY s.org_id, s.need_segment),
    placed AS (
      SELECT p.org_id, p.need_segment, count(*) AS n
      FROM placement p JOIN las ON las.id = p.org_id
      WHERE p.start_date >= since AND p.start_date < until
      GROUP BY p.org_id, p.need_segment),
    counts AS (
      SELECT coalesce(r.org_id, p.org_id) AS org_id, coalesce(r.need_segment, p.need_segment) AS need_segment,
        coalesce(r.n, 0) AS referrals, coalesce(p.n, 0) AS placements,
        -- An LA sees another LA's counts only when they are 0 or at least five (the platform's
        -- small-number rule); the hub reads its region's records, so sees them all.
        app.org_kind() = 'local-authority' AND coalesce(r.org_id, p.org_id) <> app.org_id() AS other
      FROM referred r
      FULL JOIN placed p ON p.org_id = r.org_id AND p.need_segment = r.need_segment)
    SELECT c.org_id, c.need_segment,
      CASE WHEN c.other AND c.referrals BETWEEN 1 AND 4 THEN NULL ELSE c.referrals END,
      CASE WHEN c.other AND c.placements BETWEEN 1 AND 4 THEN NULL ELSE c.placements END,
      date_trunc('month', f.first_recorded)::date   -- the month, never a child's referral date
    FROM counts c LEFT JOIN firsts f ON f.org_id = c.org_id
  $$;
REVOKE ALL ON FUNCTION app.simulation_referral_demand(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.simulation_referral_demand(date, date) TO app_tenant;
`;
