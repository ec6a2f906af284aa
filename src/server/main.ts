/**
 * `npm start`: opens the database (embedded PGlite in ./data unless DATABASE_URL is set), applies
 * migrations, seeds the demo region into an empty database, starts the job runner and serves.
 */
import { openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoEmail } from '../db/seed/demo-region.ts';
import { isDatabaseEmpty, seedDemo } from '../db/seed/seed-demo.ts';
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';

const t0 = Date.now();
const config = configFromEnv();
let database: Awaited<ReturnType<typeof openDatabase>>;
try {
  database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
} catch (err) {
  console.error(`Cannot open the database: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const applied = await migrateToLatest(database.db);
if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);

let seeded = false;
if (config.seedDemo && (await isDatabaseEmpty(database.db))) {
  const s = await seedDemo(database.db);
  seeded = true;
  console.log(
    `Seeded the demo region: ${s.organisations} organisations, ${s.homes} homes, ${s.beds} beds, ` +
      `${s.contracts} soft blocks, ${s.placements} placements, ${s.referrals} referrals`,
  );
}

const app = await buildApp({ db: database.db, config, logger: { level: config.logLevel } });
if (config.runJobs) app.jobs.start();
await app.listen({ port: config.port, host: config.host });

const url = `http://localhost:${config.port}`;
console.log(
  `\nSufficiency is running at ${url} (database: ${database.kind}, ${database.location}), ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
if (config.seedDemo) {
  const shown = ['officer.ealing', 'commissioner.ealing', 'analyst.hub', 'manager.elmtree', 'admin.ealing'];
  console.log(
    `\nDemo sign-ins (password for every demo account: ${DEMO_PASSWORD})${seeded ? '' : ' — demo region already present'}:`,
  );
  for (const u of DEMO_USERS.filter((x) => shown.includes(x.local))) {
    console.log(`  ${demoEmail(u.local).padEnd(36)} ${u.name}`);
  }
  console.log(
    '  …and one placement officer and commissioner per borough, one manager per provider (docs/demo-data.md)\n',
  );
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`\n${signal}: stopping…`);
  await app.jobs.stop();
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
