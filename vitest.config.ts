import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Test tiers (ARCHITECTURE.md, "Testing"):
 *  - unit:        pure domain and adapters that need no database (src/**\/*.test.ts)
 *  - db-pglite:   integration tests on embedded PGlite, always (src/**\/*.db.test.ts)
 *  - db-postgres: the same files on a real PostgreSQL server when DATABASE_URL is set
 *  - browser:     user journeys in Debian's Chromium (test/browser), when it is installed
 */
const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const hasChrome = existsSync(chrome);
const hasPostgres = Boolean(process.env.DATABASE_URL);
const nightly = process.env.SUFFICIENCY_NIGHTLY === '1';

const skipped: string[] = [];
if (!hasPostgres) {
  skipped.push(
    'db-postgres (integration tests on PostgreSQL): set DATABASE_URL=postgres://user@host:5432/db to run them',
  );
}
if (!hasChrome) {
  skipped.push(
    `browser (user journeys): no Chromium at ${chrome}; install Debian's chromium or set CHROME_PATH`,
  );
}
if (skipped.length > 0 && !process.env.VITEST_WORKER_ID) {
  console.log(`\nSkipped suites:\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
}

const dbTests = ['src/**/*.db.test.ts', 'test/db/**/*.test.ts'];
const nightlyOnly = nightly ? [] : ['**/*.nightly.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: [...dbTests, '**/node_modules/**', ...nightlyOnly],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'db-pglite',
          include: dbTests,
          exclude: ['**/node_modules/**', ...nightlyOnly],
          env: { TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      ...(hasPostgres
        ? [
            {
              test: {
                name: 'db-postgres',
                include: dbTests,
                exclude: ['**/node_modules/**', ...nightlyOnly],
                env: { TEST_DB: 'postgres' },
                testTimeout: 60_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      ...(hasChrome
        ? [
            {
              test: {
                name: 'browser',
                include: ['test/browser/**/*.test.ts'],
                exclude: ['**/node_modules/**', ...nightlyOnly],
                env: { CHROME_PATH: chrome },
                testTimeout: 120_000,
                hookTimeout: 120_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
