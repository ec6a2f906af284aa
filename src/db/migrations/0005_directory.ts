/**
 * The directory beyond v1's `home`, `home_address` and `bed` (docs/directory.md, "Data"):
 *
 * - What providers keep about their homes: framework, DPS and block memberships with the LAs they
 *   serve (`home_membership`), weekly prices from a date (`home_price`), availability confirmations
 *   (`home_availability`), and unlisted (draft) homes not yet registered with Ofsted.
 * - Local quality notes by LAs and the hub (`home_note`): readable by the LAs and the hub of the
 *   author's region (or by the author's organisation only), never by providers.
 * - Ofsted's register as last imported, per URN (`ofsted_provider`), every import
 *   (`ofsted_import`) and every change it made (`ofsted_change`): registrations, closures,
 *   reopenings, suspensions, rating, places and detail changes over time.
 * - Ownership of imported homes: a home whose Ofsted owner has no organisation on the platform is
 *   owned by a provider organisation made for that owner name (`organisation.ofsted_owner_key`),
 *   with no users until the provider claims it. Importers (hub analysts, LA commissioners) may
 *   insert homes only for such organisations and may update only the fields Ofsted is the
 *   authority for: a trigger refuses any change to what the provider keeps.
 * - `directory_version`: a counter bumped (before the statement, so it is the first lock a
 *   directory writer takes) by every write to the directory's tables, so an in-memory snapshot in
 *   any app server knows when to reload.
 * - `app.directory_vacancies(day)`: free beds per listed home from the bed ledger, as counts only
 *   (the ledger itself stays behind its policies).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
-- ---------------------------------------------------------------- providers made from Ofsted owners
ALTER TABLE organisation ADD COLUMN ofsted_owner_key text UNIQUE;
ALTER TABLE organisation ADD CONSTRAINT organisation_ofsted_owner_is_provider
  CHECK (ofsted_owner_key IS NULL OR kind = 'provider');
GRANT INSERT ON organisation TO app_tenant;
CREATE POLICY organisation_ofsted_owner_insert ON organisation FOR INSERT WITH CHECK (
  kind = 'provider' AND ofsted_owner_key IS NOT NULL AND la_code IS NULL
  AND app.role() IN ('hub-analyst', 'commissioner'));

-- ---------------------------------------------------------------- homes: unlisted drafts, provider review
ALTER TABLE home
  ADD COLUMN listed boolean NOT NULL DEFAULT true,
  ADD COLUMN profile_updated_at timestamptz,
  ADD CONSTRAINT home_unlisted_has_no_urn CHECK (listed OR urn IS NULL);

DROP POLICY home_read ON home;
CREATE POLICY home_read ON home FOR SELECT
  USING (app.org_id() IS NOT NULL AND (listed OR org_id = app.org_id()));
-- Importers create homes only for organisations made from Ofsted owners, and update registered homes.
CREATE POLICY home_ofsted_insert ON home FOR INSERT WITH CHECK (
  app.role() IN ('hub-analyst', 'commissioner') AND urn IS NOT NULL AND listed
  AND org_id IN (SELECT o.id FROM organisation o WHERE o.ofsted_owner_key IS NOT NULL));
CREATE POLICY home_ofsted_update ON home FOR UPDATE
  USING (app.role() IN ('hub-analyst', 'commissioner') AND urn IS NOT NULL)
  WITH CHECK (app.role() IN ('hub-analyst', 'commissioner') AND urn IS NOT NULL);

-- Someone who does not own a home may change only what Ofsted is the authority for.
CREATE FUNCTION app.guard_home_provider_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = 'app_tenant' AND OLD.org_id IS DISTINCT FROM app.org_id() THEN
    IF NEW.org_id IS DISTINCT FROM OLD.org_id OR NEW.urn IS DISTINCT FROM OLD.urn
      OR NEW.age_min IS DISTINCT FROM OLD.age_min OR NEW.age_max IS DISTINCT FROM OLD.age_max
      OR NEW.sexes IS DISTINCT FROM OLD.sexes
      OR NEW.needs_supported IS DISTINCT FROM OLD.needs_supported
      OR NEW.needs_excluded IS DISTINCT FROM OLD.needs_excluded
      OR NEW.offers_solo IS DISTINCT FROM OLD.offers_solo OR NEW.adapted IS DISTINCT FROM OLD.adapted
      OR NEW.pets_on_site IS DISTINCT FROM OLD.pets_on_site OR NEW.accepts_dol IS DISTINCT FROM OLD.accepts_dol
      OR NEW.availability_confirmed_at IS DISTINCT FROM OLD.availability_confirmed_at
      OR NEW.listed IS DISTINCT FROM OLD.listed OR NEW.profile_updated_at IS DISTINCT FROM OLD.profile_updated_at
    THEN
      RAISE EXCEPTION 'only the provider may change what it keeps about home %', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER home_guard_provider_fields BEFORE UPDATE ON home
  FOR EACH ROW EXECUTE FUNCTION app.guard_home_provider_fields();

-- Addresses: the owning provider and LA placement officers (who visit and place); nobody else.
ALTER TABLE home_address ADD COLUMN line2 text, ADD COLUMN county text;
DROP POLICY home_address_read ON home_address;
CREATE POLICY home_address_read ON home_address FOR SELECT USING (
  org_id = app.org_id() OR (app.org_kind() = 'local-authority' AND app.role() = 'placement-officer'));
CREATE POLICY home_address_ofsted_insert ON home_address FOR INSERT WITH CHECK (
  app.role() IN ('hub-analyst', 'commissioner')
  AND org_id IN (SELECT o.id FROM organisation o WHERE o.ofsted_owner_key IS NOT NULL));

-- ---------------------------------------------------------------- what providers keep
CREATE TABLE home_membership (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the provider that owns the home
  home_id uuid NOT NULL REFERENCES home(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('block', 'framework', 'dps')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  la_codes text[] NOT NULL DEFAULT '{}',                 -- DfE codes of the LAs it serves; empty = any
  from_date date,
  to_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (to_date IS NULL OR from_date IS NULL OR to_date > from_date)
);
CREATE INDEX home_membership_home ON home_membership(home_id);

CREATE TABLE home_price (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),
  home_id uuid NOT NULL REFERENCES home(id) ON DELETE CASCADE,
  label text NOT NULL DEFAULT 'Standard placement' CHECK (length(label) BETWEEN 1 AND 100),
  weekly_pence integer NOT NULL CHECK (weekly_pence > 0),
  from_date date NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (home_id, label, from_date)
);

CREATE TABLE home_availability (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),
  home_id uuid NOT NULL REFERENCES home(id) ON DELETE CASCADE,
  vacancies integer NOT NULL CHECK (vacancies BETWEEN 0 AND 100),
  confirmed_on date NOT NULL,                            -- the day in England it was confirmed
  confirmed_at timestamptz NOT NULL DEFAULT now(),
  confirmed_by uuid REFERENCES app_user(id),
  note text CHECK (length(note) <= 500)
);
CREATE INDEX home_availability_latest ON home_availability(home_id, confirmed_at DESC);

-- ---------------------------------------------------------------- local quality notes (LAs and the hub)
CREATE TABLE home_note (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the author's LA or hub
  region_code text NOT NULL REFERENCES region(code),
  home_id uuid NOT NULL REFERENCES home(id) ON DELETE CASCADE,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  shared_with text NOT NULL DEFAULT 'region' CHECK (shared_with IN ('region', 'organisation')),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz
);
CREATE INDEX home_note_home ON home_note(home_id, created_at DESC);

-- ---------------------------------------------------------------- Ofsted's register over time
CREATE TABLE ofsted_import (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid REFERENCES organisation(id),               -- who imported; NULL from the command line
  created_by uuid REFERENCES app_user(id),
  job_id uuid REFERENCES job(id),
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  file_kind text NOT NULL CHECK (file_kind IN ('public-statistics', 'la-list')),
  absent_means_closed boolean NOT NULL,
  imported_on date NOT NULL,
  providers integer NOT NULL,                            -- rows in the file
  counts jsonb NOT NULL DEFAULT '{}',                    -- changes by kind, skipped provision types
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ofsted_import_org ON ofsted_import(org_id, created_at DESC);

-- What Ofsted said about each URN at the last import that mentioned it.
CREATE TABLE ofsted_provider (
  urn text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
  name text,
  la_code text NOT NULL,
  postcode_district text,
  places integer,
  rating text,
  rated_on date,
  registration_categories text[],
  closed_on date,
  provision_type text,
  owner_name text,
  first_import_id uuid REFERENCES ofsted_import(id),
  last_import_id uuid REFERENCES ofsted_import(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ofsted_change (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id uuid NOT NULL REFERENCES ofsted_import(id) ON DELETE CASCADE,
  urn text NOT NULL,
  home_id uuid REFERENCES home(id),
  kind text NOT NULL CHECK (kind IN ('registered', 'closed', 'reopened', 'status-changed', 'rating-changed',
    'places-changed', 'details-changed')),
  detail jsonb NOT NULL DEFAULT '{}',
  effective_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ofsted_change_urn ON ofsted_change(urn, id);
CREATE INDEX ofsted_change_import ON ofsted_change(import_id, id);

-- ---------------------------------------------------------------- grants and policies
GRANT SELECT, INSERT, UPDATE, DELETE ON home_membership, home_price TO app_tenant;
GRANT SELECT, INSERT ON home_availability TO app_tenant;
GRANT SELECT, INSERT, UPDATE ON home_note TO app_tenant;
GRANT SELECT, INSERT ON ofsted_import, ofsted_change TO app_tenant;
GRANT SELECT, INSERT, UPDATE ON ofsted_provider TO app_tenant;

-- Memberships are part of the directory: every signed-in organisation reads them; the owner writes.
ALTER TABLE home_membership ENABLE ROW LEVEL SECURITY;
ALTER TABLE home_membership FORCE ROW LEVEL SECURITY;
CREATE POLICY home_membership_read ON home_membership FOR SELECT USING (app.org_id() IS NOT NULL);
CREATE POLICY home_membership_write ON home_membership FOR ALL
  USING (org_id = app.org_id())
  WITH CHECK (org_id = app.org_id()
    AND EXISTS (SELECT 1 FROM home h WHERE h.id = home_membership.home_id AND h.org_id = app.org_id()));
CREATE POLICY home_membership_system ON home_membership USING (current_user <> 'app_tenant');

-- Prices are commercially sensitive: LAs and hubs (who buy) and the owner; never other providers.
ALTER TABLE home_price ENABLE ROW LEVEL SECURITY;
ALTER TABLE home_price FORCE ROW LEVEL SECURITY;
CREATE POLICY home_price_read ON home_price FOR SELECT
  USING (org_id = app.org_id() OR app.org_kind() IN ('local-authority', 'hub'));
CREATE POLICY home_price_write ON home_price FOR ALL
  USING (org_id = app.org_id())
  WITH CHECK (org_id = app.org_id()
    AND EXISTS (SELECT 1 FROM home h WHERE h.id = home_price.home_id AND h.org_id = app.org_id()));
CREATE POLICY home_price_system ON home_price USING (current_user <> 'app_tenant');

ALTER TABLE home_availability ENABLE ROW LEVEL SECURITY;
ALTER TABLE home_availability FORCE ROW LEVEL SECURITY;
CREATE POLICY home_availability_read ON home_availability FOR SELECT USING (app.org_id() IS NOT NULL);
CREATE POLICY home_availability_write ON home_availability FOR INSERT
  WITH CHECK (org_id = app.org_id()
    AND EXISTS (SELECT 1 FROM home h WHERE h.id = home_availability.home_id AND h.org_id = app.org_id()));
CREATE POLICY home_availability_system ON home_availability USING (current_user <> 'app_tenant');

-- Quality notes: the author's organisation; LAs and the hub of its region when shared with the
-- region. Providers never read them (not even about their own homes).
ALTER TABLE home_note ENABLE ROW LEVEL SECURITY;
ALTER TABLE home_note FORCE ROW LEVEL SECURITY;
CREATE POLICY home_note_read ON home_note FOR SELECT USING (
  org_id = app.org_id()
  OR (shared_with = 'region' AND region_code = app.region_code()
      AND app.org_kind() IN ('local-authority', 'hub')));
CREATE POLICY home_note_insert ON home_note FOR INSERT WITH CHECK (
  org_id = app.org_id() AND region_code = app.region_code()
  AND app.org_kind() IN ('local-authority', 'hub'));
CREATE POLICY home_note_update ON home_note FOR UPDATE
  USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY home_note_system ON home_note USING (current_user <> 'app_tenant');

-- An import record belongs to the organisation that ran it; what it changed is public (below).
ALTER TABLE ofsted_import ENABLE ROW LEVEL SECURITY;
ALTER TABLE ofsted_import FORCE ROW LEVEL SECURITY;
CREATE POLICY ofsted_import_own ON ofsted_import FOR SELECT USING (org_id = app.org_id());
CREATE POLICY ofsted_import_insert ON ofsted_import FOR INSERT
  WITH CHECK (org_id = app.org_id() AND app.role() IN ('hub-analyst', 'commissioner'));
CREATE POLICY ofsted_import_system ON ofsted_import USING (current_user <> 'app_tenant');

-- Ofsted's register and its changes are public information: every signed-in organisation reads them.
ALTER TABLE ofsted_provider ENABLE ROW LEVEL SECURITY;
ALTER TABLE ofsted_provider FORCE ROW LEVEL SECURITY;
CREATE POLICY ofsted_provider_read ON ofsted_provider FOR SELECT USING (app.org_id() IS NOT NULL);
CREATE POLICY ofsted_provider_insert ON ofsted_provider FOR INSERT
  WITH CHECK (app.role() IN ('hub-analyst', 'commissioner'));
CREATE POLICY ofsted_provider_update ON ofsted_provider FOR UPDATE
  USING (app.role() IN ('hub-analyst', 'commissioner'))
  WITH CHECK (app.role() IN ('hub-analyst', 'commissioner'));
CREATE POLICY ofsted_provider_system ON ofsted_provider USING (current_user <> 'app_tenant');

ALTER TABLE ofsted_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE ofsted_change FORCE ROW LEVEL SECURITY;
CREATE POLICY ofsted_change_read ON ofsted_change FOR SELECT USING (app.org_id() IS NOT NULL);
CREATE POLICY ofsted_change_insert ON ofsted_change FOR INSERT
  WITH CHECK (app.role() IN ('hub-analyst', 'commissioner')
    AND EXISTS (SELECT 1 FROM ofsted_import i WHERE i.id = ofsted_change.import_id));
CREATE POLICY ofsted_change_system ON ofsted_change USING (current_user <> 'app_tenant');

-- ---------------------------------------------------------------- the snapshot's version
CREATE TABLE directory_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO directory_version DEFAULT VALUES;
GRANT SELECT, UPDATE ON directory_version TO app_tenant;

CREATE FUNCTION app.bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE directory_version SET version = version + 1, changed_at = now();
  RETURN NULL;
END $$;
CREATE TRIGGER home_directory_version BEFORE INSERT OR UPDATE OR DELETE ON home
  FOR EACH STATEMENT EXECUTE FUNCTION app.bump_directory_version();
CREATE TRIGGER bed_directory_version BEFORE INSERT OR UPDATE OR DELETE ON bed
  FOR EACH STATEMENT EXECUTE FUNCTION app.bump_directory_version();
CREATE TRIGGER organisation_directory_version BEFORE INSERT OR UPDATE OR DELETE ON organisation
  FOR EACH STATEMENT EXECUTE FUNCTION app.bump_directory_version();
CREATE TRIGGER home_membership_directory_version BEFORE INSERT OR UPDATE OR DELETE ON home_membership
  FOR EACH STATEMENT EXECUTE FUNCTION app.bump_directory_version();
CREATE TRIGGER home_price_directory_version BEFORE INSERT OR UPDATE OR DELETE ON home_price
  FOR EACH STATEMENT EXECUTE FUNCTION app.bump_directory_version();
CREATE TRIGGER home_availability_directory_version BEFORE INSERT OR UPDATE OR DELETE ON home_availability
  FOR EACH STATEMENT EXECUTE FUNCTION app.bump_directory_version();

-- Free beds per listed home on a day, from the bed ledger, as counts only: the directory shows
-- how many beds are free without anyone reading another organisation's ledger. A bed is free when
-- no interval covers the day; a decommissioned bed no longer counts at all.
CREATE FUNCTION app.directory_vacancies(day date)
  RETURNS TABLE (home_id uuid, beds bigint, vacant bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT b.home_id,
      count(*) FILTER (WHERE i.kind IS DISTINCT FROM 'decommissioned'),
      count(*) FILTER (WHERE i.id IS NULL)
    FROM bed b
    JOIN home h ON h.id = b.home_id AND h.listed
    LEFT JOIN bed_interval i ON i.bed_id = b.id AND i.from_date <= day
      AND (i.to_date IS NULL OR i.to_date > day)
    GROUP BY b.home_id
  $$;
REVOKE ALL ON FUNCTION app.directory_vacancies(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.directory_vacancies(date) TO app_tenant;
`;
