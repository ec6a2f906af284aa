/**
 * Referral demand for business cases (0009) over a fixed window. The first version took any
 * [since, until) window, so an LA could ask about two overlapping windows and subtract, singling
 * out another LA's referral that the small-number rule withholds; and it answered every role.
 * Now the window is always the four complete quarters before the asked-about day's quarter, and
 * only LA commissioners and hub analysts (who build business cases) get an answer.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
DROP FUNCTION app.simulation_referral_demand(date, date);
CREATE FUNCTION app.simulation_referral_demand(today date)
  RETURNS TABLE (org_id uuid, need_segment text, referrals bigint, placements bigint, first_recorded date,
    window_from date, window_to date)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH win AS (
      -- The four complete quarters before today's quarter, whatever day is asked about: any two
      -- answers differ by whole quarters, so nobody can difference windows to single a child out.
      SELECT (date_trunc('quarter', today) - interval '12 months')::date AS since,
             date_trunc('quarter', today)::date AS until),
    las AS (
      SELECT o.id FROM organisation o
      WHERE o.kind = 'local-authority' AND o.region_code = app.region_code()
        AND app.org_id() IS NOT NULL
        AND ((app.org_kind() = 'hub' AND app.role() = 'hub-analyst')
          OR (app.org_kind() = 'local-authority' AND app.role() = 'commissioner'))),
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
      FROM referral r JOIN las ON las.id = r.org_id CROSS JOIN win
      WHERE r.status <> 'draft' AND (r.created_at AT TIME ZONE 'Europe/London')::date < win.until),
    firsts AS (SELECT s.org_id, min(s.day) AS first_recorded FROM sent s GROUP BY s.org_id),
    referred AS (
      SELECT s.org_id, s.need_segment, count(*) FILTER (WHERE s.day >= win.since) AS n
      FROM sent s CROSS JOIN win GROUP BY s.org_id, s.need_segment),
    placed AS (
      SELECT p.org_id, p.need_segment, count(*) AS n
      FROM placement p JOIN las ON las.id = p.org_id CROSS JOIN win
      WHERE p.start_date >= win.since AND p.start_date < win.until
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
      date_trunc('month', f.first_recorded)::date,  -- the month, never a child's referral date
      win.since, win.until
    FROM counts c LEFT JOIN firsts f ON f.org_id = c.org_id CROSS JOIN win
  $$;
REVOKE ALL ON FUNCTION app.simulation_referral_demand(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.simulation_referral_demand(date) TO app_tenant;
`;
