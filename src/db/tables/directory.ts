/** Tables and columns added by migration 0005 (the directory: what providers keep, notes, Ofsted). */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

declare module '../schema.ts' {
  interface DB {
    home_membership: HomeMembershipTable;
    home_price: HomePriceTable;
    home_availability: HomeAvailabilityTable;
    home_note: HomeNoteTable;
    ofsted_import: OfstedImportTable;
    ofsted_provider: OfstedProviderTable;
    ofsted_change: OfstedChangeTable;
    directory_version: DirectoryVersionTable;
  }
  interface OrganisationTable {
    /** Set on provider organisations made from an Ofsted owner name (no users until claimed). */
    ofsted_owner_key: ColumnType<string | null, string | null | undefined, string | null>;
  }
  interface HomeTable {
    listed: Generated<boolean>;
    profile_updated_at: Timestamp | null;
  }
  interface HomeAddressTable {
    line2: ColumnType<string | null, string | null | undefined, string | null>;
    county: ColumnType<string | null, string | null | undefined, string | null>;
  }
}

export type MembershipKindCode = 'block' | 'framework' | 'dps';

export interface HomeMembershipTable {
  id: Generated<string>;
  org_id: string;
  home_id: string;
  kind: MembershipKindCode;
  name: string;
  la_codes: Generated<string[]>;
  from_date: string | null;
  to_date: string | null;
  created_at: CreatedAt;
}

export interface HomePriceTable {
  id: Generated<string>;
  org_id: string;
  home_id: string;
  label: Generated<string>;
  weekly_pence: number;
  from_date: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface HomeAvailabilityTable {
  id: Generated<string>;
  org_id: string;
  home_id: string;
  vacancies: number;
  confirmed_on: string;
  confirmed_at: Generated<Date>;
  confirmed_by: string | null;
  note: string | null;
}

export interface HomeNoteTable {
  id: Generated<string>;
  org_id: string;
  region_code: string;
  home_id: string;
  body: string;
  shared_with: Generated<'region' | 'organisation'>;
  created_by: string | null;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
}

export interface OfstedImportTable {
  id: Generated<string>;
  org_id: string | null;
  created_by: string | null;
  job_id: string | null;
  file_name: string;
  file_sha256: string;
  file_kind: 'public-statistics' | 'la-list';
  absent_means_closed: boolean;
  imported_on: string;
  providers: number;
  counts: Json<Record<string, number>>;
  created_at: CreatedAt;
}

export interface OfstedProviderTable {
  urn: string;
  status: 'active' | 'suspended' | 'closed';
  name: string | null;
  la_code: string;
  postcode_district: string | null;
  places: number | null;
  rating: string | null;
  rated_on: string | null;
  registration_categories: string[] | null;
  closed_on: string | null;
  provision_type: string | null;
  owner_name: string | null;
  first_import_id: string | null;
  last_import_id: string | null;
  updated_at: Generated<Date>;
}

export interface OfstedChangeTable {
  id: Generated<string>;
  import_id: string;
  urn: string;
  home_id: string | null;
  kind:
    | 'registered'
    | 'closed'
    | 'reopened'
    | 'status-changed'
    | 'rating-changed'
    | 'places-changed'
    | 'details-changed';
  detail: Json<Record<string, unknown>>;
  effective_on: string;
  created_at: CreatedAt;
}

export interface DirectoryVersionTable {
  id: Generated<boolean>;
  version: ColumnType<string, never, string>;
  changed_at: Generated<Date>;
}
