/**
 * The bed ledger for contract partners, regional sharing of placement records, spot-rate tables and
 * uploaded files.
 *
 * - A soft block's statements need, for every bed-day, which LA's child was in the bed: every
 *   participating LA pays a share of voids. But an LA may not read another LA's placement (it holds
 *   the child's age, sex and needs). So the ledger interval itself carries the facts charging needs
 *   (placing LA, need segment, how it ended, distance) and nothing about the child.
 * - The Placements Data Standard has LAs share placement-level records with their region, so the
 *   region's hub may read placements of its region (never `child`).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
ALTER TABLE bed_interval
  ADD COLUMN placing_org_id uuid REFERENCES organisation(id),
  ADD COLUMN need_segment text,
  ADD COLUMN ending text CHECK (ending IN ('planned', 'unplanned')),
  ADD COLUMN distance_miles numeric(6, 1);
UPDATE bed_interval i SET placing_org_id = p.org_id, need_segment = p.need_segment, ending = p.end_reason,
  distance_miles = p.distance_miles
  FROM placement p WHERE p.id = i.placement_id;
ALTER TABLE bed_interval ADD CONSTRAINT bed_interval_placement_facts
  CHECK ((kind = 'placement') = (placing_org_id IS NOT NULL AND need_segment IS NOT NULL));

ALTER TABLE placement ADD COLUMN region_code text REFERENCES region(code);
UPDATE placement p SET region_code = o.region_code FROM organisation o WHERE o.id = p.org_id;
ALTER TABLE placement ALTER COLUMN region_code SET NOT NULL;

DROP POLICY placement_read ON placement;
CREATE POLICY placement_read ON placement FOR SELECT USING (
  org_id = app.org_id() OR provider_org_id = app.org_id()
  OR (app.org_kind() = 'hub' AND region_code = app.region_code()));

-- Spot rates by need segment over time: the counterfactual a block is measured against.
CREATE TABLE spot_rate (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- who maintains this table (hub or LA)
  region_code text NOT NULL REFERENCES region(code),
  need_segment text NOT NULL,
  from_date date NOT NULL,
  weekly_pence integer NOT NULL CHECK (weekly_pence > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, need_segment, from_date)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON spot_rate TO app_tenant;
ALTER TABLE spot_rate ENABLE ROW LEVEL SECURITY;
ALTER TABLE spot_rate FORCE ROW LEVEL SECURITY;
CREATE POLICY spot_rate_read ON spot_rate FOR SELECT USING (org_id = app.org_id() OR region_code = app.region_code());
CREATE POLICY spot_rate_write ON spot_rate FOR ALL USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY spot_rate_system ON spot_rate USING (current_user <> 'app_tenant');

-- Files people upload for imports: kept in the database so any app server's job runner can read them.
CREATE TABLE upload (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),
  created_by uuid NOT NULL REFERENCES app_user(id),
  purpose text NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  byte_size integer NOT NULL CHECK (byte_size >= 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX upload_org ON upload(org_id, created_at DESC);
GRANT SELECT, INSERT, DELETE ON upload TO app_tenant;
ALTER TABLE upload ENABLE ROW LEVEL SECURITY;
ALTER TABLE upload FORCE ROW LEVEL SECURITY;
CREATE POLICY upload_own_org ON upload USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY upload_system ON upload USING (current_user <> 'app_tenant');
`;
