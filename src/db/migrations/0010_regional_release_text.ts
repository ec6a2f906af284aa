/**
 * The regional-analytics path, faster (issue 8's benchmark): the same facts as
 * `app.regional_price_facts()` and `app.regional_referral_facts()` (0010_regional_intelligence),
 * for the same callers (`app.regional_reader()`, the caller's region), restricted to a release
 * (started before a day), and returned as one text value of tab-separated lines rather than a set
 * of rows. Reading 20,000 rows through a set-returning function and the wire costs several times
 * more than one value, on PGlite especially. No more columns than the views; still no child data.
 * Lines come in no particular order (nothing computed from them depends on it). A value holding a
 * tab or a line break would break its line; the reader refuses any line without exactly its fields.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
-- la_code, provider, need segment, placement type, route, notice, start, core, education, health,
-- therapy, transport, additional, other.
CREATE FUNCTION app.regional_price_lines(before date) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT string_agg(concat_ws(E'\\t', o.la_code, p.provider_org_id::text, p.need_segment, h.placement_type,
        p.route, coalesce(p.urgency, 'not-recorded'), p.start_date::text, p.core_weekly_pence::text,
        p.education_weekly_pence::text, p.health_weekly_pence::text, p.therapy_weekly_pence::text,
        p.transport_weekly_pence::text, p.additional_weekly_pence::text, p.other_weekly_pence::text), E'\\n')
    FROM placement p
    JOIN organisation o ON o.id = p.org_id AND o.kind = 'local-authority'
    JOIN home h ON h.id = p.home_id
    WHERE app.regional_reader() AND p.region_code = app.region_code()
      AND p.route IN ('block', 'framework', 'spot') AND p.start_date < before
  $$;

-- la_code, area, need segment, referred on, foster / residential / supported suitability, outcome,
-- outcome on, type secured, distance, out of area ('t' or 'f'); an unknown value is empty. The same
-- query as app.regional_referral_facts(), written out rather than called (a set-returning function's
-- rows cost a third of the time again); test/db/regional-tenancy.test.ts checks they agree.
CREATE FUNCTION app.regional_referral_lines(before date) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT string_agg(concat_ws(E'\\t', o.la_code, o.la_code,
        coalesce(p.need_segment, CASE
          WHEN x.need IN ('learning-difficulty', 'physical-disabilities', 'sensory-impairment') THEN 'disability'
          WHEN x.need = 'mental-disorders' THEN 'mental-health'
          WHEN coalesce(x.risks, '[]'::jsonb) ?| ARRAY['sexual-exploitation', 'criminal-exploitation', 'missing'] THEN 'ebd-complex'
          ELSE 'ebd-standard' END),
        x.on_day::text,
        coalesce(x.s->>'foster', ''),
        coalesce(x.s->>'residential', ''),
        coalesce(x.s->>'supported-accommodation', ''),
        coalesce(CASE WHEN r.status IN ('placed', 'withdrawn', 'closed') THEN r.outcome END, ''),
        coalesce((CASE WHEN r.status IN ('placed', 'withdrawn', 'closed') THEN r.outcome_on END)::text, ''),
        coalesce(h.placement_type, r.placement_made->>'placementType', ''),
        coalesce(p.distance_miles::text, ''),
        CASE WHEN h.la_code IS NULL THEN '' WHEN h.la_code <> o.la_code THEN 't' ELSE 'f' END),
      E'\\n')
    FROM referral r
    JOIN organisation o ON o.id = r.org_id AND o.kind = 'local-authority'
    -- Each JSON document is opened once a row, not once a field.
    CROSS JOIN LATERAL (SELECT r.requirements->'suitability' AS s, r.profile->>'primaryNeed' AS need,
      r.profile->'risks' AS risks, (coalesce(r.submitted_at, r.created_at) AT TIME ZONE 'Europe/London')::date AS on_day) x
    LEFT JOIN placement p ON p.id = r.placement_id
    LEFT JOIN home h ON h.id = coalesce(p.home_id, (r.placement_made->>'homeId')::uuid)
    WHERE app.regional_reader() AND o.region_code = app.region_code() AND r.status <> 'draft' AND x.on_day < before
  $$;

REVOKE ALL ON FUNCTION app.regional_price_lines(date), app.regional_referral_lines(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.regional_price_lines(date), app.regional_referral_lines(date) TO app_tenant;
`;
