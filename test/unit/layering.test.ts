/**
 * ARCHITECTURE.md rule 2: SQL lives in src/db. Some older use cases still build queries inline
 * (through Kysely, inside the caller's transaction); they are listed here with how many query
 * builders each holds. The list may only shrink: a new file with SQL outside src/db fails, a file
 * gaining more fails, and a file that has lost some must have its allowance lowered (or removed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SQL = /\.(selectFrom|updateTable|insertInto|deleteFrom|mergeInto|with)\(|\bsql(<[^>]*>)?`/g;

/** Files outside src/db that still hold SQL, and how many query builders each may have. */
const ALLOWED: Record<string, number> = {
  'src/app/contracts/create-contract.ts': 6,
  'src/app/contracts/end-unavailability.ts': 1,
  'src/app/contracts/views.ts': 2,
  'src/app/directory/import-ofsted.ts': 1,
  'src/app/forecasting/ssda903-import-job.ts': 1,
  'src/app/ledger/end-placement.ts': 3,
  'src/app/ledger/mark-unavailable.ts': 1,
  'src/app/ledger/record-placement.ts': 6,
  'src/app/referrals/accept-offer.ts': 8,
  'src/app/referrals/expire-overdue.ts': 3,
  'src/app/referrals/inbox.ts': 4,
  'src/app/referrals/manage-referral.ts': 7,
  'src/app/referrals/pds-import-job.ts': 1,
  'src/app/referrals/placements-standard.ts': 20,
  'src/app/referrals/read-outcomes.ts': 2,
  'src/app/referrals/read-referrals.ts': 4,
  'src/app/referrals/record-outcome.ts': 4,
  'src/app/referrals/respond-to-referral.ts': 4,
  'src/app/referrals/route-referral.ts': 1,
  'src/app/referrals/save-draft.ts': 5,
  'src/app/referrals/send-to-homes.ts': 3,
  'src/app/referrals/submit-referral.ts': 10,
  'src/app/regional/market-position.ts': 5,
  'src/app/tenders/create-tender.ts': 1,
  'src/app/tenders/load.ts': 1,
  'src/app/users/create-user.ts': 3,
  'src/cli/commands/import-ofsted.ts': 2,
  'src/cli/commands/import-ssda903.ts': 2,
  'src/server/http/idempotency.ts': 4,
  'src/server/routes/api/basics.ts': 1,
  'src/server/routes/pages/admin.ts': 1,
  'src/server/routes/pages/notifications.ts': 1,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

function sqlOutsideDb(): Record<string, number> {
  const found: Record<string, number> = {};
  for (const file of sources(join(ROOT, 'src'))) {
    const name = relative(ROOT, file);
    if (name.startsWith('src/db/')) continue;
    const n = readFileSync(file, 'utf8').match(SQL)?.length ?? 0;
    if (n > 0) found[name] = n;
  }
  return found;
}

describe('where SQL lives', () => {
  const found = sqlOutsideDb();

  it('adds no SQL outside src/db beyond the listed allowances', () => {
    const over = Object.entries(found)
      .filter(([file, n]) => n > (ALLOWED[file] ?? 0))
      .map(
        ([file, n]) => `${file}: ${n} (allowed ${ALLOWED[file] ?? 0}): move the queries to src/db/queries`,
      );
    expect(over).toEqual([]);
  });

  it('lowers an allowance as soon as a file needs less', () => {
    const slack = Object.entries(ALLOWED)
      .filter(([file, n]) => (found[file] ?? 0) < n)
      .map(([file]) => `${file}: now ${found[file] ?? 0}`);
    expect(slack).toEqual([]);
  });

  it('sees SQL where there is some (the pattern is not blind)', () => {
    expect(readFileSync(join(ROOT, 'src/db/queries/auth.ts'), 'utf8').match(SQL)?.length).toBeGreaterThan(5);
  });
});
