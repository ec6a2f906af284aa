/**
 * Second factor: a TOTP secret is confirmed (enabled) before it counts, and the last time step used
 * is kept so a code can never be replayed. A session is `pending` between the password and the code.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
ALTER TABLE app_user
  ADD COLUMN totp_enabled_at timestamptz,
  ADD COLUMN totp_last_step bigint;
ALTER TABLE session
  ADD COLUMN second_factor text NOT NULL DEFAULT 'done' CHECK (second_factor IN ('pending', 'done'));
`)
    .execute(db);
}
