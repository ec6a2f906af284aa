/**
 * v1 data model (docs/data-model.md). PostgreSQL 15 SQL only: PGlite is PostgreSQL 18, production
 * may be 15, so no PG16+ syntax and no extensions.
 *
 * Tenancy: every tenant table has `org_id` and row-level security (forced, so even the owner is
 * subject to it). Requests run inside a transaction that sets `app.org_id`, `app.org_kind`,
 * `app.role`, `app.region_code` and `app.user_id` (transaction-local) and switches to the
 * `app_tenant` role. With no organisation set, policies match nothing: fail closed.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
-- The role every tenant transaction runs as. Roles are cluster-wide, so tolerate a concurrent create.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_tenant') THEN
    CREATE ROLE app_tenant NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
  EXECUTE format('GRANT app_tenant TO %I', current_user);
EXCEPTION WHEN OTHERS THEN NULL; -- already a member, or a superuser
END $$;

CREATE SCHEMA IF NOT EXISTS app;
GRANT USAGE ON SCHEMA app TO app_tenant;

CREATE FUNCTION app.org_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
CREATE FUNCTION app.org_kind() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.org_kind', true), '') $$;
CREATE FUNCTION app.role() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.role', true), '') $$;
CREATE FUNCTION app.region_code() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.region_code', true), '') $$;
CREATE FUNCTION app.user_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

-- ---------------------------------------------------------------- organisations and people
CREATE TABLE region (
  code text PRIMARY KEY,                 -- ONS region code, e.g. E12000007 (London)
  name text NOT NULL
);

CREATE TABLE organisation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('local-authority', 'provider', 'hub')),
  name text NOT NULL,
  la_code text UNIQUE,                   -- DfE 3-digit LA code, local authorities only
  ons_code text,
  region_code text NOT NULL REFERENCES region(code),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'local-authority') = (la_code IS NOT NULL))
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('placement-officer', 'commissioner', 'hub-analyst', 'provider-manager', 'admin')),
  password_hash text NOT NULL,
  totp_secret text,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_org ON app_user(org_id);

-- Sessions and sign-in attempts are read before any tenant is known; the app reaches them
-- outside tenant transactions and app_tenant has no rights on them.
CREATE TABLE session (
  id_hash text PRIMARY KEY,              -- sha256 of the cookie value; the value itself is never stored
  user_id uuid NOT NULL REFERENCES app_user(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE sign_in_attempt (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  succeeded boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_attempt_email ON sign_in_attempt(email, at);
CREATE INDEX sign_in_attempt_ip ON sign_in_attempt(ip, at);

-- ---------------------------------------------------------------- audit (append-only)
CREATE TABLE audit_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  org_id uuid NOT NULL REFERENCES organisation(id),
  user_id uuid REFERENCES app_user(id),
  action text NOT NULL CHECK (action IN ('read', 'create', 'update', 'delete', 'export', 'sign-in', 'sign-out')),
  entity_type text NOT NULL,
  entity_id text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_event_org_at ON audit_event(org_id, at);
CREATE INDEX audit_event_entity ON audit_event(entity_type, entity_id);

CREATE FUNCTION app.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION app.refuse_change();

-- ---------------------------------------------------------------- background jobs
CREATE TABLE job (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),
  created_by uuid REFERENCES app_user(id),
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  message text NOT NULL DEFAULT '',
  payload jsonb NOT NULL DEFAULT '{}',
  result jsonb,
  error text,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 3,
  lease_owner text,
  lease_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX job_claimable ON job(created_at) WHERE status IN ('queued', 'running');
CREATE INDEX job_org ON job(org_id, created_at DESC);

-- ---------------------------------------------------------------- directory: homes and beds
CREATE TABLE home (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the provider
  urn text UNIQUE,                                       -- Ofsted URN (public)
  name text NOT NULL,
  placement_type text NOT NULL DEFAULT 'residential' CHECK (placement_type IN ('residential', 'foster', 'supported-accommodation')),
  registered_places integer NOT NULL CHECK (registered_places >= 0),
  age_min integer NOT NULL CHECK (age_min BETWEEN 0 AND 25),
  age_max integer NOT NULL CHECK (age_max BETWEEN 0 AND 25),
  sexes text[] NOT NULL,
  registration_categories text[] NOT NULL DEFAULT '{}',
  needs_supported text[] NOT NULL DEFAULT '{}',
  needs_excluded text[] NOT NULL DEFAULT '{}',
  offers_solo boolean NOT NULL DEFAULT false,
  adapted boolean NOT NULL DEFAULT false,
  pets_on_site boolean NOT NULL DEFAULT false,
  accepts_dol boolean NOT NULL DEFAULT false,
  ofsted_rating text CHECK (ofsted_rating IN ('outstanding', 'good', 'requires-improvement', 'inadequate', 'not-yet-inspected')),
  ofsted_rated_on date,
  postcode_district text NOT NULL,
  postcode_sector text,
  la_code text NOT NULL,
  lat double precision,
  lon double precision,
  easting integer,
  northing integer,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
  registered_on date,
  closed_on date,
  availability_confirmed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (age_min <= age_max)
);
CREATE INDEX home_org ON home(org_id);
CREATE INDEX home_la ON home(la_code);

-- Full addresses are kept apart so that policies can show them only to those who need them.
CREATE TABLE home_address (
  home_id uuid PRIMARY KEY REFERENCES home(id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisation(id),
  line1 text NOT NULL,
  town text NOT NULL,
  postcode text NOT NULL
);

CREATE TABLE bed (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,       -- numeric key for the ledger's exclusion constraint
  org_id uuid NOT NULL REFERENCES organisation(id),
  home_id uuid NOT NULL REFERENCES home(id),
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (home_id, label)
);
CREATE INDEX bed_home ON bed(home_id);

-- ---------------------------------------------------------------- children (owning LA only)
CREATE TABLE child (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the LA that looks after the child
  child_ref text NOT NULL,                               -- the LA's pseudonymous reference (PDS childId)
  sex text NOT NULL CHECK (sex IN ('male', 'female')),
  born_in date NOT NULL CHECK (extract(day FROM born_in) = 1), -- month of birth only: data minimisation
  home_postcode_sector text,                             -- sector, never an address
  legal_status text,
  primary_need text NOT NULL,
  risks text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, child_ref)
);

-- ---------------------------------------------------------------- contracts
CREATE TABLE contract (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the lead commissioner (hub or LA)
  provider_org_id uuid NOT NULL REFERENCES organisation(id),
  region_code text NOT NULL REFERENCES region(code),
  reference text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('hard-block', 'soft-block', 'framework', 'spot')),
  start_date date NOT NULL,
  end_date date NOT NULL,
  status text NOT NULL DEFAULT 'live' CHECK (status IN ('draft', 'live', 'ended')),
  terms jsonb NOT NULL,                                  -- the contract engine's terms (docs/contracts.md)
  party_org_ids uuid[] NOT NULL DEFAULT '{}',            -- maintained from contract_party by trigger (for policies)
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, reference),
  CHECK (end_date > start_date)
);

CREATE TABLE contract_party (
  contract_id uuid NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisation(id),      -- a participating LA
  share_ppm integer NOT NULL CHECK (share_ppm BETWEEN 0 AND 1000000),
  PRIMARY KEY (contract_id, org_id)
);

-- Policies on contract may not query contract_party (whose policy queries contract: recursion),
-- so the participating LAs are mirrored into contract.party_org_ids.
CREATE FUNCTION app.sync_contract_parties() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cid uuid := coalesce(NEW.contract_id, OLD.contract_id);
BEGIN
  UPDATE contract SET party_org_ids = coalesce(
    (SELECT array_agg(org_id ORDER BY org_id) FROM contract_party WHERE contract_id = cid), '{}')
  WHERE id = cid;
  RETURN NULL;
END $$;
CREATE TRIGGER contract_party_sync AFTER INSERT OR UPDATE OR DELETE ON contract_party
  FOR EACH ROW EXECUTE FUNCTION app.sync_contract_parties();

CREATE TABLE contract_bed (
  contract_id uuid NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
  bed_id uuid NOT NULL REFERENCES bed(id),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the provider that owns the bed
  from_date date NOT NULL,
  to_date date,
  PRIMARY KEY (contract_id, bed_id)
);

-- ---------------------------------------------------------------- placements and the bed ledger
CREATE TABLE placement (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the placing LA
  child_id uuid NOT NULL REFERENCES child(id),
  provider_org_id uuid NOT NULL REFERENCES organisation(id),
  home_id uuid NOT NULL REFERENCES home(id),
  bed_id uuid REFERENCES bed(id),
  contract_id uuid REFERENCES contract(id),
  route text NOT NULL CHECK (route IN ('block', 'framework', 'spot', 'in-house')),
  start_date date NOT NULL,
  end_date date,
  end_reason text CHECK (end_reason IN ('planned', 'unplanned')),
  urgency text,
  need_segment text NOT NULL,
  -- a resident profile for the provider's matching (no identity): age at start, sex, needs
  age_at_start integer NOT NULL,
  sex text NOT NULL,
  primary_need text NOT NULL,
  risks text[] NOT NULL DEFAULT '{}',
  distance_miles numeric(6, 1),
  core_weekly_pence integer NOT NULL DEFAULT 0,
  education_weekly_pence integer NOT NULL DEFAULT 0,
  health_weekly_pence integer NOT NULL DEFAULT 0,
  therapy_weekly_pence integer NOT NULL DEFAULT 0,
  transport_weekly_pence integer NOT NULL DEFAULT 0,
  additional_weekly_pence integer NOT NULL DEFAULT 0,
  other_weekly_pence integer NOT NULL DEFAULT 0,
  total_weekly_pence integer GENERATED ALWAYS AS (core_weekly_pence + education_weekly_pence + health_weekly_pence
    + therapy_weekly_pence + transport_weekly_pence + additional_weekly_pence + other_weekly_pence) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date > start_date)
);
CREATE INDEX placement_org ON placement(org_id);
CREATE INDEX placement_provider ON placement(provider_org_id);
CREATE INDEX placement_contract ON placement(contract_id);

-- Facts about a bed over time; holds and voids are derived from them (src/domain/occupancy).
-- The exclusion constraint makes "two intervals in one bed overlap" impossible in the database:
-- each interval is a zero-width box at x = bed seq spanning its days, and boxes may not overlap.
CREATE TABLE bed_interval (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the provider that owns the bed
  bed_id uuid NOT NULL REFERENCES bed(id),
  bed_seq bigint NOT NULL REFERENCES bed(seq),
  kind text NOT NULL CHECK (kind IN ('placement', 'unavailable-provider', 'unavailable-agreed', 'decommissioned')),
  placement_id uuid UNIQUE REFERENCES placement(id),
  from_date date NOT NULL,
  to_date date,                                          -- exclusive; NULL = open-ended
  reason text,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (to_date IS NULL OR to_date > from_date),
  CHECK ((kind = 'placement') = (placement_id IS NOT NULL)),
  CONSTRAINT bed_interval_no_overlap EXCLUDE USING gist (
    box(point(bed_seq::float8, (from_date - DATE '2000-01-01')::float8),
        point(bed_seq::float8, (coalesce(to_date, DATE '9999-12-31') - DATE '2000-01-01')::float8 - 0.5)) WITH &&)
);
CREATE INDEX bed_interval_bed ON bed_interval(bed_id, from_date);

-- ---------------------------------------------------------------- referrals (extended by the referral pathway)
CREATE TABLE referral (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the referring LA
  child_id uuid NOT NULL REFERENCES child(id),
  reference text NOT NULL,
  status text NOT NULL DEFAULT 'searching',
  needed_by text NOT NULL,
  latest_start date NOT NULL,
  profile jsonb NOT NULL,                                -- anonymised child profile shown to providers
  requirements jsonb NOT NULL,                           -- Placements Data Standard requirements
  pen_portrait text NOT NULL DEFAULT '',
  outcome text,
  outcome_on date,
  placement_id uuid REFERENCES placement(id),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, reference)
);

CREATE TABLE referral_recipient (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id uuid NOT NULL REFERENCES referral(id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the referring LA
  provider_org_id uuid NOT NULL REFERENCES organisation(id),
  home_id uuid NOT NULL REFERENCES home(id),
  stage text NOT NULL,
  status text NOT NULL DEFAULT 'routed',
  routed_at timestamptz NOT NULL DEFAULT now(),
  respond_by timestamptz,
  decline_reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (referral_id, home_id)
);
CREATE INDEX referral_recipient_provider ON referral_recipient(provider_org_id, status);

-- ---------------------------------------------------------------- grants and policies
GRANT SELECT ON region TO app_tenant;
GRANT SELECT ON organisation TO app_tenant;
GRANT SELECT, UPDATE ON app_user TO app_tenant;
GRANT SELECT, INSERT ON audit_event TO app_tenant;
GRANT SELECT, INSERT, UPDATE ON job TO app_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON home, home_address, bed, child, contract, contract_party, contract_bed,
  placement, bed_interval, referral, referral_recipient TO app_tenant;

ALTER TABLE organisation ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisation FORCE ROW LEVEL SECURITY;
CREATE POLICY organisation_read ON organisation FOR SELECT USING (app.org_id() IS NOT NULL);
CREATE POLICY organisation_system ON organisation USING (current_user <> 'app_tenant');

ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
CREATE POLICY app_user_own_org ON app_user USING (org_id = app.org_id());
CREATE POLICY app_user_system ON app_user USING (current_user <> 'app_tenant');

ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_event_own_org ON audit_event USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY audit_event_system ON audit_event USING (current_user <> 'app_tenant');

ALTER TABLE job ENABLE ROW LEVEL SECURITY;
ALTER TABLE job FORCE ROW LEVEL SECURITY;
CREATE POLICY job_own_org ON job USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY job_system ON job USING (current_user <> 'app_tenant');

-- Homes and beds are the directory: every signed-in organisation reads them; only the owner writes.
ALTER TABLE home ENABLE ROW LEVEL SECURITY;
ALTER TABLE home FORCE ROW LEVEL SECURITY;
CREATE POLICY home_read ON home FOR SELECT USING (app.org_id() IS NOT NULL);
CREATE POLICY home_write ON home FOR ALL USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY home_system ON home USING (current_user <> 'app_tenant');

ALTER TABLE home_address ENABLE ROW LEVEL SECURITY;
ALTER TABLE home_address FORCE ROW LEVEL SECURITY;
CREATE POLICY home_address_read ON home_address FOR SELECT
  USING (org_id = app.org_id() OR app.org_kind() = 'local-authority');
CREATE POLICY home_address_write ON home_address FOR ALL USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY home_address_system ON home_address USING (current_user <> 'app_tenant');

ALTER TABLE bed ENABLE ROW LEVEL SECURITY;
ALTER TABLE bed FORCE ROW LEVEL SECURITY;
CREATE POLICY bed_read ON bed FOR SELECT USING (app.org_id() IS NOT NULL);
CREATE POLICY bed_write ON bed FOR ALL USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY bed_system ON bed USING (current_user <> 'app_tenant');

-- Children: only the LA that looks after them.
ALTER TABLE child ENABLE ROW LEVEL SECURITY;
ALTER TABLE child FORCE ROW LEVEL SECURITY;
CREATE POLICY child_own_la ON child USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY child_system ON child USING (current_user <> 'app_tenant');

-- Contracts: the lead commissioner, the provider, every participating LA and the region's hub.
ALTER TABLE contract ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract FORCE ROW LEVEL SECURITY;
CREATE POLICY contract_read ON contract FOR SELECT USING (
  org_id = app.org_id() OR provider_org_id = app.org_id()
  OR (app.org_kind() = 'hub' AND region_code = app.region_code())
  OR app.org_id() = ANY (party_org_ids));
CREATE POLICY contract_write ON contract FOR ALL USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY contract_system ON contract USING (current_user <> 'app_tenant');

ALTER TABLE contract_party ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract_party FORCE ROW LEVEL SECURITY;
-- Parties see each other (shares are common knowledge within a block); others see them via the contract.
CREATE POLICY contract_party_read ON contract_party FOR SELECT USING (
  org_id = app.org_id()
  OR EXISTS (SELECT 1 FROM contract c WHERE c.id = contract_party.contract_id));
CREATE POLICY contract_party_write ON contract_party FOR ALL
  USING (EXISTS (SELECT 1 FROM contract c WHERE c.id = contract_party.contract_id AND c.org_id = app.org_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM contract c WHERE c.id = contract_party.contract_id AND c.org_id = app.org_id()));
CREATE POLICY contract_party_system ON contract_party USING (current_user <> 'app_tenant');

ALTER TABLE contract_bed ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract_bed FORCE ROW LEVEL SECURITY;
CREATE POLICY contract_bed_read ON contract_bed FOR SELECT
  USING (EXISTS (SELECT 1 FROM contract c WHERE c.id = contract_bed.contract_id));
CREATE POLICY contract_bed_write ON contract_bed FOR ALL
  USING (EXISTS (SELECT 1 FROM contract c WHERE c.id = contract_bed.contract_id AND c.org_id = app.org_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM contract c WHERE c.id = contract_bed.contract_id AND c.org_id = app.org_id()));
CREATE POLICY contract_bed_system ON contract_bed USING (current_user <> 'app_tenant');

-- Placements: the placing LA, and the provider caring for the child. (Regional analytics read
-- aggregates through their own policies, added with the analytics.)
ALTER TABLE placement ENABLE ROW LEVEL SECURITY;
ALTER TABLE placement FORCE ROW LEVEL SECURITY;
CREATE POLICY placement_read ON placement FOR SELECT
  USING (org_id = app.org_id() OR provider_org_id = app.org_id());
CREATE POLICY placement_write ON placement FOR ALL
  USING (org_id = app.org_id() OR provider_org_id = app.org_id())
  WITH CHECK (org_id = app.org_id() OR provider_org_id = app.org_id());
CREATE POLICY placement_system ON placement USING (current_user <> 'app_tenant');

-- The ledger: the provider that owns the bed, and anyone who can see a contract the bed is in.
ALTER TABLE bed_interval ENABLE ROW LEVEL SECURITY;
ALTER TABLE bed_interval FORCE ROW LEVEL SECURITY;
CREATE POLICY bed_interval_read ON bed_interval FOR SELECT USING (
  org_id = app.org_id()
  OR EXISTS (SELECT 1 FROM contract_bed cb WHERE cb.bed_id = bed_interval.bed_id));
CREATE POLICY bed_interval_write ON bed_interval FOR ALL
  USING (org_id = app.org_id()
    OR (kind = 'placement' AND EXISTS (SELECT 1 FROM placement p WHERE p.id = bed_interval.placement_id AND p.org_id = app.org_id())))
  WITH CHECK (org_id = app.org_id()
    OR (kind = 'placement' AND EXISTS (SELECT 1 FROM placement p WHERE p.id = bed_interval.placement_id AND p.org_id = app.org_id())));
CREATE POLICY bed_interval_system ON bed_interval USING (current_user <> 'app_tenant');

-- Referrals: the referring LA; a provider only while a recipient row routes it there.
ALTER TABLE referral ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral FORCE ROW LEVEL SECURITY;
CREATE POLICY referral_read ON referral FOR SELECT USING (
  org_id = app.org_id()
  OR EXISTS (SELECT 1 FROM referral_recipient r WHERE r.referral_id = referral.id AND r.provider_org_id = app.org_id()));
CREATE POLICY referral_write ON referral FOR ALL USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY referral_system ON referral USING (current_user <> 'app_tenant');

ALTER TABLE referral_recipient ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_recipient FORCE ROW LEVEL SECURITY;
CREATE POLICY referral_recipient_parties ON referral_recipient
  USING (org_id = app.org_id() OR provider_org_id = app.org_id())
  WITH CHECK (org_id = app.org_id() OR provider_org_id = app.org_id());
CREATE POLICY referral_recipient_system ON referral_recipient USING (current_user <> 'app_tenant');
`;
