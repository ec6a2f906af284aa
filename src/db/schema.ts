/**
 * Kysely's view of the tables (src/db/migrations). Types follow node-postgres: int8 and numeric
 * come back as strings, timestamptz as Date, date as a 'YYYY-MM-DD' string (connect.ts), jsonb as
 * parsed JSON. Keep this in step with the migrations; the db tests compile queries against it.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;

export interface RegionTable {
  code: string;
  name: string;
}

export interface OrganisationTable {
  id: Generated<string>;
  kind: 'local-authority' | 'provider' | 'hub';
  name: string;
  la_code: string | null;
  ons_code: string | null;
  region_code: string;
  created_at: CreatedAt;
}

export interface AppUserTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  display_name: string;
  role: 'placement-officer' | 'commissioner' | 'hub-analyst' | 'provider-manager' | 'admin';
  password_hash: string;
  totp_secret: string | null;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface SignInAttemptTable {
  id: Generated<string>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: Generated<Date>;
}

export interface AuditEventTable {
  id: Generated<string>;
  at: Generated<Date>;
  org_id: string;
  user_id: string | null;
  action: 'read' | 'create' | 'update' | 'delete' | 'export' | 'sign-in' | 'sign-out';
  entity_type: string;
  entity_id: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface JobTable {
  id: Generated<string>;
  org_id: string;
  created_by: string | null;
  kind: string;
  status: Generated<'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'>;
  progress: Generated<number>;
  message: Generated<string>;
  payload: Json<Record<string, unknown>>;
  result: Json<object> | null;
  error: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface HomeTable {
  id: Generated<string>;
  org_id: string;
  urn: string | null;
  name: string;
  placement_type: Generated<'residential' | 'foster' | 'supported-accommodation'>;
  registered_places: number;
  age_min: number;
  age_max: number;
  sexes: string[];
  registration_categories: Generated<string[]>;
  needs_supported: Generated<string[]>;
  needs_excluded: Generated<string[]>;
  offers_solo: Generated<boolean>;
  adapted: Generated<boolean>;
  pets_on_site: Generated<boolean>;
  accepts_dol: Generated<boolean>;
  ofsted_rating: string | null;
  ofsted_rated_on: string | null;
  postcode_district: string;
  postcode_sector: string | null;
  la_code: string;
  lat: number | null;
  lon: number | null;
  easting: number | null;
  northing: number | null;
  status: Generated<'active' | 'suspended' | 'closed'>;
  registered_on: string | null;
  closed_on: string | null;
  availability_confirmed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface HomeAddressTable {
  home_id: string;
  org_id: string;
  line1: string;
  town: string;
  postcode: string;
}

export interface BedTable {
  id: Generated<string>;
  seq: Generated<string>;
  org_id: string;
  home_id: string;
  label: string;
  created_at: CreatedAt;
}

export interface ChildTable {
  id: Generated<string>;
  org_id: string;
  child_ref: string;
  sex: 'male' | 'female';
  born_in: string;
  home_postcode_sector: string | null;
  legal_status: string | null;
  primary_need: string;
  risks: Generated<string[]>;
  created_at: CreatedAt;
}

export interface ContractTable {
  id: Generated<string>;
  org_id: string;
  provider_org_id: string;
  region_code: string;
  reference: string;
  name: string;
  kind: 'hard-block' | 'soft-block' | 'framework' | 'spot';
  start_date: string;
  end_date: string;
  status: Generated<'draft' | 'live' | 'ended'>;
  terms: Json<Record<string, unknown>>;
  party_org_ids: Generated<string[]>;
  created_at: CreatedAt;
}

export interface ContractPartyTable {
  contract_id: string;
  org_id: string;
  share_ppm: number;
}

export interface ContractBedTable {
  contract_id: string;
  bed_id: string;
  org_id: string;
  from_date: string;
  to_date: string | null;
}

export interface PlacementTable {
  id: Generated<string>;
  org_id: string;
  child_id: string;
  provider_org_id: string;
  home_id: string;
  bed_id: string | null;
  contract_id: string | null;
  route: 'block' | 'framework' | 'spot' | 'in-house';
  start_date: string;
  end_date: string | null;
  end_reason: 'planned' | 'unplanned' | null;
  urgency: string | null;
  need_segment: string;
  age_at_start: number;
  sex: string;
  primary_need: string;
  risks: Generated<string[]>;
  distance_miles: string | null;
  core_weekly_pence: Generated<number>;
  education_weekly_pence: Generated<number>;
  health_weekly_pence: Generated<number>;
  therapy_weekly_pence: Generated<number>;
  transport_weekly_pence: Generated<number>;
  additional_weekly_pence: Generated<number>;
  other_weekly_pence: Generated<number>;
  total_weekly_pence: ColumnType<number, never, never>;
  created_at: CreatedAt;
}

export interface BedIntervalTable {
  id: Generated<string>;
  org_id: string;
  bed_id: string;
  bed_seq: string;
  kind: 'placement' | 'unavailable-provider' | 'unavailable-agreed' | 'decommissioned';
  placement_id: string | null;
  from_date: string;
  to_date: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ReferralTable {
  id: Generated<string>;
  org_id: string;
  child_id: string;
  reference: string;
  status: Generated<string>;
  needed_by: string;
  latest_start: string;
  profile: Json<Record<string, unknown>>;
  requirements: Json<Record<string, unknown>>;
  pen_portrait: Generated<string>;
  outcome: string | null;
  outcome_on: string | null;
  placement_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ReferralRecipientTable {
  id: Generated<string>;
  referral_id: string;
  org_id: string;
  provider_org_id: string;
  home_id: string;
  stage: string;
  status: Generated<string>;
  routed_at: Generated<Date>;
  respond_by: Timestamp | null;
  decline_reason: string | null;
  updated_at: Generated<Date>;
}

export interface DB {
  region: RegionTable;
  organisation: OrganisationTable;
  app_user: AppUserTable;
  session: SessionTable;
  sign_in_attempt: SignInAttemptTable;
  audit_event: AuditEventTable;
  job: JobTable;
  home: HomeTable;
  home_address: HomeAddressTable;
  bed: BedTable;
  child: ChildTable;
  contract: ContractTable;
  contract_party: ContractPartyTable;
  contract_bed: ContractBedTable;
  placement: PlacementTable;
  bed_interval: BedIntervalTable;
  referral: ReferralTable;
  referral_recipient: ReferralRecipientTable;
}
