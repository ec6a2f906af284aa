/**
 * Contracts in the database (issue 3): the order in which a contract lists its parties (the charges
 * engine gives a penny left over by a split to the LA listed first, so the order is a term of the
 * contract and must survive a round trip), and indexes for reading a contract's ledger under
 * row-level security (bed_interval's policy looks up contract_bed by bed) and the spot-rate table.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SQL).execute(db);
}

const SQL = /* sql */ `
ALTER TABLE contract_party ADD COLUMN position integer NOT NULL DEFAULT 0 CHECK (position >= 0);
CREATE INDEX contract_bed_bed ON contract_bed(bed_id);
CREATE INDEX spot_rate_region ON spot_rate(region_code, need_segment, from_date);
CREATE INDEX contract_region ON contract(region_code);
CREATE INDEX contract_provider ON contract(provider_org_id);
`;
