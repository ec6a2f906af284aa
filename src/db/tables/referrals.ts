/** Tables and columns added by migration 0004 (the referral pathway). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;

declare module '../schema.ts' {
  interface DB {
    referral_draft: ReferralDraftTable;
    referral_event: ReferralEventTable;
    referral_message: ReferralMessageTable;
    referral_outcome: ReferralOutcomeTable;
    notification: NotificationTable;
    notification_read: NotificationReadTable;
    email_outbox: EmailOutboxTable;
  }
  interface ReferralTable {
    stage: 'block' | 'framework' | 'open' | 'targeted' | null;
    stage_started_at: Timestamp | null;
    submitted_at: Timestamp | null;
    ended_at: Timestamp | null;
    live_offer_ids: Generated<string[]>;
    placement_made: Json<Record<string, unknown>> | null;
    end_note: string | null;
    imported: Generated<boolean>;
  }
  interface ReferralRecipientTable {
    vacancy_bed_id: string | null;
    contract_id: string | null;
    match_score: number | null;
    match_max: number | null;
    open_question_ids: Generated<string[]>;
    viewed_at: Timestamp | null;
    papers_released_at: Timestamp | null;
    shortlisted_at: Timestamp | null;
    offer_bed_id: string | null;
    offer_start_on: string | null;
    offer_weekly_pence: number | null;
    offer_made_at: Timestamp | null;
    offer_expires_at: Timestamp | null;
    decline_by: 'provider' | 'la' | null;
    decline_note: string | null;
    superseded_by: string | null;
    ended_at: Timestamp | null;
  }
}

export interface ReferralDraftTable {
  id: Generated<string>;
  org_id: string;
  created_by: string;
  answers: Json<Record<string, unknown>>;
  source: Generated<'form' | 'import'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ReferralEventTable {
  id: Generated<string>;
  referral_id: string;
  org_id: string;
  recipient_id: string | null;
  provider_org_id: string | null;
  type: string;
  at: Timestamp;
  actor_org_id: string | null;
  actor_user_id: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface ReferralMessageTable {
  id: Generated<string>;
  referral_id: string;
  recipient_id: string;
  org_id: string;
  provider_org_id: string;
  author_org_id: string;
  author_user_id: string | null;
  kind: 'question' | 'answer';
  answers: string | null;
  body: string;
  at: Generated<Date>;
}

export interface ReferralOutcomeTable {
  referral_id: string;
  org_id: string;
  region_code: string;
  la_code: string;
  outcome: string;
  submitted_on: string;
  ended_on: string;
  ideal_placement_type: string | null;
  actual_placement_type: string | null;
  ideal_met: boolean | null;
  days_to_place: number | null;
  providers_approached: number;
  decline_reasons: string[];
  stage_reached: string | null;
  created_at: CreatedAt;
}

export interface NotificationTable {
  id: Generated<string>;
  org_id: string;
  user_id: string | null;
  kind: string;
  title: string;
  body: Generated<string>;
  link: string | null;
  referral_id: string | null;
  created_at: CreatedAt;
}

export interface NotificationReadTable {
  notification_id: string;
  user_id: string;
  org_id: string;
  read_at: Generated<Date>;
}

export interface EmailOutboxTable {
  id: Generated<string>;
  org_id: string;
  notification_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  status: Generated<'queued' | 'sent' | 'logged' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}
