/**
 * Idempotency keys for API requests that create things: a client that retries (a timeout, a
 * double click) with the same `Idempotency-Key` gets the first answer again, not a second effect.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
CREATE TABLE idempotency_key (
  org_id uuid NOT NULL REFERENCES organisation(id),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  user_id uuid NOT NULL REFERENCES app_user(id),
  method text NOT NULL,
  path text NOT NULL,
  body_sha256 text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  status_code integer,
  content_type text,
  response_body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_key TO app_tenant;
ALTER TABLE idempotency_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_key FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_key_own_org ON idempotency_key USING (org_id = app.org_id()) WITH CHECK (org_id = app.org_id());
CREATE POLICY idempotency_key_system ON idempotency_key USING (current_user <> 'app_tenant');
`)
    .execute(db);
}
