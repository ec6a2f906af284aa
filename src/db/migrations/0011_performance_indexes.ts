/**
 * Indexes for the load test's working day (issue 9, docs/reliability.md "Load"), measured on the load
 * region (20 LAs, 1,400 beds, ~11,000 children). Row-level security checks every row a query
 * reads, so an index that keeps rows out of reach saves the check as well as the read.
 *
 * - `placement_org_end`: an LA's placements running on a day (home page figures): today's ~70
 *   rather than every placement it ever made (7 ms → under 1 ms on PGlite).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
CREATE INDEX placement_org_end ON placement(org_id, end_date);
`;
