/**
 * Addresses join the directory's version (migration 0005_directory): placement officers' searches
 * read addresses from the in-memory snapshot, so a changed address must bump the version too.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`CREATE TRIGGER home_address_directory_version BEFORE INSERT OR UPDATE OR DELETE ON home_address
  FOR EACH STATEMENT EXECUTE FUNCTION app.bump_directory_version();`)
    .execute(db);
}
