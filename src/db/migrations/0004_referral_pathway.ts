/**
 * The referral pathway (issue 4, docs/referrals.md "Pages and API"): the state of a referral's and
 * each recipient's lifecycle (src/domain/referrals), the timeline of events, the question thread
 * between a provider and the referring LA, drafts kept between the question pages, outcome records
 * for "sought vs secured", in-app notifications and the email outbox.
 *
 * Tightens 0001's recipient policy: a provider could insert a recipient row routing any referral to
 * itself (and so read it), or move its row to another referral. Now only the referring LA inserts
 * recipients, the routing columns cannot change, and a recipient's home must be its provider's.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
-- ---------------------------------------------------------------- referral: the LA's search
ALTER TABLE referral
  ADD COLUMN stage text CHECK (stage IN ('block', 'framework', 'open', 'targeted')),
  ADD COLUMN stage_started_at timestamptz,
  ADD COLUMN submitted_at timestamptz,
  ADD COLUMN ended_at timestamptz,
  ADD COLUMN live_offer_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN placement_made jsonb,                       -- PlacementMade (type, start, home, bed, recipient)
  ADD COLUMN end_note text,
  ADD COLUMN imported boolean NOT NULL DEFAULT false;     -- from a Placements Data Standard file
ALTER TABLE referral ADD CONSTRAINT referral_status_known
  CHECK (status IN ('draft', 'searching', 'offered', 'placed', 'withdrawn', 'closed'));
ALTER TABLE referral ADD CONSTRAINT referral_outcome_known CHECK (outcome IS NULL OR outcome IN
  ('placed-block', 'placed-framework', 'placed-spot', 'placed-in-house', 'placed-unregistered', 'withdrawn', 'no-placement'));
CREATE INDEX referral_org_status ON referral(org_id, status);
CREATE INDEX referral_child ON referral(child_id);

-- The LA's own child reference lives in child (which only that LA reads); the profile a provider's
-- view is built from never carries it. Sent referrals always have a sending time; ended ones an end.
CREATE FUNCTION app.referral_row_rules() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.profile := NEW.profile - 'childRef';
  IF NEW.status <> 'draft' AND NEW.submitted_at IS NULL THEN
    NEW.submitted_at := NEW.created_at;
    NEW.stage := coalesce(NEW.stage, 'block');
    NEW.stage_started_at := coalesce(NEW.stage_started_at, NEW.created_at);
  END IF;
  IF NEW.status IN ('placed', 'withdrawn', 'closed') AND NEW.ended_at IS NULL THEN
    NEW.ended_at := coalesce(NEW.outcome_on::timestamptz, NEW.updated_at, now());
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER referral_row_rules BEFORE INSERT OR UPDATE ON referral
  FOR EACH ROW EXECUTE FUNCTION app.referral_row_rules();
UPDATE referral SET profile = profile;

-- ---------------------------------------------------------------- referral_recipient: one home's copy
ALTER TABLE referral_recipient
  ADD COLUMN vacancy_bed_id uuid REFERENCES bed(id),      -- the free bed it was routed against, if any
  ADD COLUMN contract_id uuid REFERENCES contract(id),    -- the block the vacancy is in
  ADD COLUMN match_score integer,
  ADD COLUMN match_max integer,
  ADD COLUMN open_question_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN viewed_at timestamptz,
  ADD COLUMN papers_released_at timestamptz,
  ADD COLUMN shortlisted_at timestamptz,
  ADD COLUMN offer_bed_id uuid REFERENCES bed(id),
  ADD COLUMN offer_start_on date,
  ADD COLUMN offer_weekly_pence integer CHECK (offer_weekly_pence > 0),
  ADD COLUMN offer_made_at timestamptz,
  ADD COLUMN offer_expires_at timestamptz,
  ADD COLUMN decline_by text CHECK (decline_by IN ('provider', 'la')),
  ADD COLUMN decline_note text,
  ADD COLUMN superseded_by uuid,
  ADD COLUMN ended_at timestamptz;
ALTER TABLE referral_recipient ADD CONSTRAINT referral_recipient_status_known CHECK (status IN
  ('routed', 'viewed', 'interested', 'questions', 'shortlisted', 'offered', 'accepted', 'declined', 'superseded', 'expired', 'withdrawn'));
ALTER TABLE referral_recipient ADD CONSTRAINT referral_recipient_stage_known
  CHECK (stage IN ('block', 'framework', 'open', 'targeted'));
ALTER TABLE referral_recipient ADD CONSTRAINT referral_recipient_decline_known CHECK (decline_reason IS NULL OR decline_reason IN
  ('no-vacancy', 'needs-not-met', 'resident-mix', 'risk-too-high', 'staffing', 'location', 'registration-conditions', 'price', 'other'));
ALTER TABLE referral_recipient ADD CONSTRAINT referral_recipient_offer_whole
  CHECK ((offer_bed_id IS NULL) = (offer_start_on IS NULL) AND (offer_bed_id IS NULL) = (offer_expires_at IS NULL));
CREATE INDEX referral_recipient_referral ON referral_recipient(referral_id);
CREATE INDEX referral_recipient_home_live ON referral_recipient(home_id)
  WHERE status IN ('routed', 'viewed', 'interested', 'questions', 'shortlisted', 'offered');
CREATE INDEX referral_recipient_deadline ON referral_recipient(respond_by)
  WHERE status IN ('routed', 'viewed', 'interested', 'questions', 'shortlisted', 'offered');

CREATE FUNCTION app.referral_recipient_rules() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.referral_id <> OLD.referral_id OR NEW.org_id <> OLD.org_id
      OR NEW.provider_org_id <> OLD.provider_org_id OR NEW.home_id <> OLD.home_id) THEN
    RAISE EXCEPTION 'a recipient cannot be moved to another referral, LA, provider or home'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM home h WHERE h.id = NEW.home_id AND h.org_id = NEW.provider_org_id) THEN
    RAISE EXCEPTION 'the home is not the provider''s' USING ERRCODE = 'check_violation';
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER referral_recipient_rules BEFORE INSERT OR UPDATE ON referral_recipient
  FOR EACH ROW EXECUTE FUNCTION app.referral_recipient_rules();

DROP POLICY referral_recipient_parties ON referral_recipient;
CREATE POLICY referral_recipient_read ON referral_recipient FOR SELECT
  USING (org_id = app.org_id() OR provider_org_id = app.org_id());
CREATE POLICY referral_recipient_route ON referral_recipient FOR INSERT WITH CHECK (
  org_id = app.org_id()
  AND EXISTS (SELECT 1 FROM referral r WHERE r.id = referral_recipient.referral_id AND r.org_id = app.org_id()));
CREATE POLICY referral_recipient_update ON referral_recipient FOR UPDATE
  USING (org_id = app.org_id() OR provider_org_id = app.org_id())
  WITH CHECK (org_id = app.org_id() OR provider_org_id = app.org_id());
REVOKE DELETE ON referral_recipient FROM app_tenant;

-- ---------------------------------------------------------------- drafts between the question pages
CREATE TABLE referral_draft (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the LA
  created_by uuid NOT NULL REFERENCES app_user(id),
  answers jsonb NOT NULL DEFAULT '{}',                   -- form field -> value, as posted
  source text NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'import')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referral_draft_org ON referral_draft(org_id, updated_at DESC);

-- ---------------------------------------------------------------- the timeline (append-only)
CREATE TABLE referral_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES referral(id),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the referring LA
  recipient_id uuid REFERENCES referral_recipient(id),
  provider_org_id uuid REFERENCES organisation(id),      -- the provider of that recipient
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor_org_id uuid REFERENCES organisation(id),
  actor_user_id uuid REFERENCES app_user(id),
  detail jsonb NOT NULL DEFAULT '{}',
  CHECK ((recipient_id IS NULL) = (provider_org_id IS NULL))
);
CREATE INDEX referral_event_referral ON referral_event(referral_id, id);
CREATE INDEX referral_event_recipient ON referral_event(recipient_id);
CREATE TRIGGER referral_event_append_only BEFORE UPDATE OR DELETE ON referral_event
  FOR EACH ROW EXECUTE FUNCTION app.refuse_change();

-- ---------------------------------------------------------------- questions and answers per recipient
CREATE TABLE referral_message (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id uuid NOT NULL REFERENCES referral(id),
  recipient_id uuid NOT NULL REFERENCES referral_recipient(id),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the referring LA
  provider_org_id uuid NOT NULL REFERENCES organisation(id),
  author_org_id uuid NOT NULL REFERENCES organisation(id),
  author_user_id uuid REFERENCES app_user(id),
  kind text NOT NULL CHECK (kind IN ('question', 'answer')),
  answers uuid REFERENCES referral_message(id),          -- the question an answer answers
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'answer') = (answers IS NOT NULL))
);
CREATE INDEX referral_message_recipient ON referral_message(recipient_id, at);
CREATE TRIGGER referral_message_append_only BEFORE UPDATE OR DELETE ON referral_message
  FOR EACH ROW EXECUTE FUNCTION app.refuse_change();

-- ---------------------------------------------------------------- sought vs secured, one row per ended referral
-- No child-level detail: what was sought and secured, how long, how many asked, why they said no.
-- The region's hub reads its LAs' rows for the regional picture (the Placements Data Standard's intent).
CREATE TABLE referral_outcome (
  referral_id uuid PRIMARY KEY REFERENCES referral(id),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the referring LA
  region_code text NOT NULL REFERENCES region(code),
  la_code text NOT NULL,
  outcome text NOT NULL,
  submitted_on date NOT NULL,
  ended_on date NOT NULL,
  ideal_placement_type text,
  actual_placement_type text,
  ideal_met boolean,
  days_to_place integer,
  providers_approached integer NOT NULL,
  decline_reasons text[] NOT NULL DEFAULT '{}',
  stage_reached text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referral_outcome_region ON referral_outcome(region_code, la_code);

-- ---------------------------------------------------------------- notifications and the email outbox
CREATE TABLE notification (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- who it is for
  user_id uuid REFERENCES app_user(id),                  -- one person, or NULL for everyone there
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text,
  referral_id uuid REFERENCES referral(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_org ON notification(org_id, created_at DESC);

CREATE TABLE notification_read (
  notification_id uuid NOT NULL REFERENCES notification(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  org_id uuid NOT NULL REFERENCES organisation(id),
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notification_id, user_id)
);

CREATE TABLE email_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisation(id),      -- the organisation of the person written to
  notification_id uuid REFERENCES notification(id),
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'logged', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX email_outbox_queued ON email_outbox(created_at) WHERE status = 'queued';

-- ---------------------------------------------------------------- grants and policies
GRANT SELECT, INSERT, UPDATE, DELETE ON referral_draft TO app_tenant;
GRANT SELECT, INSERT ON referral_event, referral_message TO app_tenant;
GRANT SELECT, INSERT ON referral_outcome TO app_tenant;
GRANT SELECT ON notification, email_outbox TO app_tenant;
GRANT SELECT, INSERT ON notification_read TO app_tenant;

ALTER TABLE referral_draft ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_draft FORCE ROW LEVEL SECURITY;
CREATE POLICY referral_draft_own_la ON referral_draft
  USING (org_id = app.org_id() AND app.org_kind() = 'local-authority')
  WITH CHECK (org_id = app.org_id() AND app.org_kind() = 'local-authority');
CREATE POLICY referral_draft_system ON referral_draft USING (current_user <> 'app_tenant');

-- Events: the referring LA sees all of its referral's; a provider sees those of its own copy.
ALTER TABLE referral_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_event FORCE ROW LEVEL SECURITY;
CREATE POLICY referral_event_read ON referral_event FOR SELECT
  USING (org_id = app.org_id() OR provider_org_id = app.org_id());
CREATE POLICY referral_event_append ON referral_event FOR INSERT WITH CHECK (
  actor_org_id = app.org_id() AND (
    (org_id = app.org_id() AND EXISTS (SELECT 1 FROM referral r WHERE r.id = referral_event.referral_id AND r.org_id = app.org_id()))
    OR (provider_org_id = app.org_id() AND EXISTS (SELECT 1 FROM referral_recipient rr
      WHERE rr.id = referral_event.recipient_id AND rr.referral_id = referral_event.referral_id AND rr.provider_org_id = app.org_id()))));
CREATE POLICY referral_event_system ON referral_event USING (current_user <> 'app_tenant');

-- The question thread: both sides of one recipient.
ALTER TABLE referral_message ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_message FORCE ROW LEVEL SECURITY;
CREATE POLICY referral_message_read ON referral_message FOR SELECT
  USING (org_id = app.org_id() OR provider_org_id = app.org_id());
CREATE POLICY referral_message_write ON referral_message FOR INSERT WITH CHECK (
  author_org_id = app.org_id() AND EXISTS (SELECT 1 FROM referral_recipient rr
    WHERE rr.id = referral_message.recipient_id AND rr.referral_id = referral_message.referral_id
      AND rr.org_id = referral_message.org_id AND rr.provider_org_id = referral_message.provider_org_id
      AND (rr.org_id = app.org_id() OR rr.provider_org_id = app.org_id())));
CREATE POLICY referral_message_system ON referral_message USING (current_user <> 'app_tenant');

ALTER TABLE referral_outcome ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_outcome FORCE ROW LEVEL SECURITY;
CREATE POLICY referral_outcome_read ON referral_outcome FOR SELECT USING (
  org_id = app.org_id() OR (app.org_kind() = 'hub' AND region_code = app.region_code()));
CREATE POLICY referral_outcome_write ON referral_outcome FOR INSERT WITH CHECK (org_id = app.org_id());
CREATE POLICY referral_outcome_system ON referral_outcome USING (current_user <> 'app_tenant');

-- Notifications are written by the application (a step may tell another organisation) and read
-- by the people they are for.
ALTER TABLE notification ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_mine ON notification FOR SELECT
  USING (org_id = app.org_id() AND (user_id IS NULL OR user_id = app.user_id()));
CREATE POLICY notification_system ON notification USING (current_user <> 'app_tenant');

ALTER TABLE notification_read ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_read FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_read_mine ON notification_read
  USING (org_id = app.org_id() AND user_id = app.user_id())
  WITH CHECK (org_id = app.org_id() AND user_id = app.user_id());
CREATE POLICY notification_read_system ON notification_read USING (current_user <> 'app_tenant');

ALTER TABLE email_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY email_outbox_own_admin ON email_outbox FOR SELECT
  USING (org_id = app.org_id() AND app.role() = 'admin');
CREATE POLICY email_outbox_system ON email_outbox USING (current_user <> 'app_tenant');
`;
