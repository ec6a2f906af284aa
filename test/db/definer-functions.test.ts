/**
 * SECURITY DEFINER functions run with their owner's rights and can read past row-level security.
 * Each one must be on this list (with what it may return and why) and must pin its search_path,
 * so nobody can slip in a function that reads across organisations unreviewed. The catalog
 * decides, so a new one fails this test until it is reviewed here.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { testDatabase } from '../helpers/db.ts';

const REVIEWED: Record<string, string> = {
  'app.directory_vacancies':
    'free-bed counts per listed home (no placements, no children): the directory shows availability',
  'app.simulation_referral_demand':
    'counts of referrals recorded and placements started per LA and need segment in the caller’s region (no child data); an LA is never shown another LA’s count of one to four, and first dates only as months (src/app/simulation prefill)',
  'app.regional_price_facts':
    'price facts of the caller’s region with no child data, for hub analysts and LA commissioners only; used only as input to the suppression engine (docs/pricing.md)',
  'app.regional_referral_facts':
    'referral facts of the caller’s region with no child data, for hub analysts and LA commissioners only; counts reach LAs only through suppression (docs/pricing.md)',
  'app.regional_price_lines':
    'the same facts as app.regional_price_facts, for the same callers, started before a day, as one text value (fast reading of a release; docs/pricing.md)',
  'app.regional_referral_lines':
    'the same facts as app.regional_referral_facts, for the same callers, referred before a day, as one text value (fast reading of a release; docs/pricing.md)',
};

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe('SECURITY DEFINER functions', () => {
  it('are all reviewed and pin their search_path', async () => {
    const { rows } = await sql<{ name: string; config: string[] | null }>`
      select n.nspname || '.' || p.proname as name, p.proconfig as config
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')`.execute(database.db);
    const unreviewed = rows.map((r) => r.name).filter((n) => !REVIEWED[n]);
    expect(unreviewed, 'review these SECURITY DEFINER functions and list them in REVIEWED').toEqual([]);
    for (const r of rows)
      expect(
        (r.config ?? []).some((c) => c.startsWith('search_path=')),
        r.name,
      ).toBe(true);
  });
});
