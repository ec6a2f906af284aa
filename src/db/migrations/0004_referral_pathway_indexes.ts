/**
 * The referral pathway's read paths under row-level security (after 0004_referral_pathway): a
 * provider's read of a referral checks that a recipient row routes it there (`referral_read`), one
 * probe per referral; with recipients indexed by (referral, provider) that probe is one index
 * lookup instead of intersecting every copy the provider holds (bench/referrals-db.bench.ts).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
CREATE INDEX referral_recipient_referral_provider ON referral_recipient(referral_id, provider_org_id);
DROP INDEX referral_recipient_referral;
CREATE INDEX referral_event_provider ON referral_event(provider_org_id) WHERE provider_org_id IS NOT NULL;
`;
