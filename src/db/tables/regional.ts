/**
 * Views, tables and columns added by migration 0010 (regional intelligence): the regional-analytics
 * views (facts with no child data, for the suppression engine only), tenders and market position
 * statements.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;
type ReadOnly<T> = ColumnType<T, never, never>;

declare module '../schema.ts' {
  interface DB {
    regional_price_fact: RegionalPriceFactView;
    regional_referral_fact: RegionalReferralFactView;
    tender: TenderTable;
    tender_lot: TenderLotTable;
    tender_criterion: TenderCriterionTable;
    tender_bid: TenderBidTable;
    tender_bid_home: TenderBidHomeTable;
    tender_evaluation: TenderEvaluationTable;
    tender_event: TenderEventTable;
    market_position_statement: MarketPositionStatementTable;
  }
}

/** One placement's price facts (no child data): `app.regional_price_facts()`. */
export interface RegionalPriceFactView {
  la_code: ReadOnly<string>;
  provider_org_id: ReadOnly<string>;
  provider_name: ReadOnly<string>;
  home_id: ReadOnly<string>;
  need_segment: ReadOnly<string>;
  placement_type: ReadOnly<string>;
  route: ReadOnly<'block' | 'framework' | 'spot'>;
  urgency: ReadOnly<string>;
  start_date: ReadOnly<string>;
  core_weekly_pence: ReadOnly<number>;
  education_weekly_pence: ReadOnly<number>;
  health_weekly_pence: ReadOnly<number>;
  therapy_weekly_pence: ReadOnly<number>;
  transport_weekly_pence: ReadOnly<number>;
  additional_weekly_pence: ReadOnly<number>;
  other_weekly_pence: ReadOnly<number>;
}

/** One referral's gap facts (no child data): `app.regional_referral_facts()`. */
export interface RegionalReferralFactView {
  la_code: ReadOnly<string>;
  area: ReadOnly<string>;
  need_segment: ReadOnly<string>;
  referred_on: ReadOnly<string>;
  foster_suitability: ReadOnly<string | null>;
  residential_suitability: ReadOnly<string | null>;
  supported_suitability: ReadOnly<string | null>;
  outcome: ReadOnly<string | null>;
  outcome_on: ReadOnly<string | null>;
  secured_type: ReadOnly<string | null>;
  distance_miles: ReadOnly<string | null>;
  placed_out_of_area: ReadOnly<boolean | null>;
}

export interface TenderTable {
  id: Generated<string>;
  org_id: string;
  region_code: string;
  reference: string;
  name: string;
  status: Generated<'open' | 'closed'>;
  rules: Json<Record<string, unknown>>;
  party_org_ids: Generated<string[]>;
  revision: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface TenderLotTable {
  tender_id: string;
  org_id: string;
  code: string;
  name: string;
  position: number;
}

export interface TenderCriterionTable {
  tender_id: string;
  org_id: string;
  code: string;
  label: string;
  weight: number;
  max_score: number;
  position: number;
}

export interface TenderBidTable {
  id: Generated<string>;
  tender_id: string;
  org_id: string;
  lot_code: string;
  ref: string;
  provider_name: string;
  weekly_price_pence: number;
  marks: Json<Record<string, number>>;
  source: 'file' | 'form' | 'api';
  upload_id: string | null;
  position: number;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface TenderBidHomeTable {
  bid_id: string;
  tender_id: string;
  org_id: string;
  position: number;
  name: string;
  urn: string | null;
  beds: number;
}

export interface TenderEvaluationTable {
  id: Generated<string>;
  tender_id: string;
  org_id: string;
  revision: number;
  evaluated_by: string | null;
  evaluated_at: Generated<Date>;
  result: Json<Record<string, unknown>>;
}

export type TenderEventKind =
  | 'created'
  | 'rules-changed'
  | 'bids-uploaded'
  | 'bid-entered'
  | 'bid-removed'
  | 'evaluated'
  | 'status-changed';

export interface TenderEventTable {
  id: Generated<string>;
  tender_id: string;
  org_id: string;
  user_id: string | null;
  at: Generated<Date>;
  kind: TenderEventKind;
  detail: Json<Record<string, unknown>>;
}

export interface MarketPositionStatementTable {
  id: Generated<string>;
  org_id: string;
  region_code: string;
  title: string;
  as_of: string;
  period_from: string;
  period_to: string;
  forecast_source: 'stored' | 'projection' | 'none';
  document: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: CreatedAt;
  published_at: Timestamp | null;
  published_by: string | null;
}
