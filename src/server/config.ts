/** Configuration from the environment (README "Configuration" lists every variable). */

import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../app/auth/sessions.ts';
import { ROLES, type Role } from '../domain/shared/codes.ts';
import { assertLocalDate, type LocalDate } from '../domain/shared/dates.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  seedDemo: boolean;
  /** Mark cookies Secure (set when served over HTTPS, directly or behind a proxy). */
  secureCookies: boolean;
  session: SessionPolicy;
  /** Run background jobs in this process (turn off on web-only servers in a larger deployment). */
  runJobs: boolean;
  /** How long a job runner's claim lasts without a heartbeat: after a crash, another runner (or
   * the restarted server) re-runs the job once it expires. */
  jobLeaseSeconds: number;
  logLevel: string;
  smtpUrl?: string;
  /** Roles that must use a second factor (TOTP) to sign in. */
  requireTotpFor: Role[];
  /** Today's date in England (TODAY overrides it, for demos and tests). */
  today: () => LocalDate;
}

// Built once: a new formatter per call cost ~50 µs, and pages ask for today several times.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

export function londonToday(): LocalDate {
  return LONDON_DAY.format(new Date());
}

function flag(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined || v === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(v.toLowerCase());
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? 'data',
    seedDemo: flag(env.SEED_DEMO, true),
    secureCookies: flag(env.SECURE_COOKIES, false),
    session: {
      hours: Number(env.SESSION_HOURS ?? DEFAULT_SESSION_POLICY.hours),
      idleMinutes: Number(env.SESSION_IDLE_MINUTES ?? DEFAULT_SESSION_POLICY.idleMinutes),
      cacheMs: milliseconds(env.SESSION_CACHE_MS, DEFAULT_SESSION_POLICY.cacheMs, 'SESSION_CACHE_MS'),
    },
    runJobs: flag(env.RUN_JOBS, true),
    jobLeaseSeconds: positive(env.JOB_LEASE_SECONDS, 60, 'JOB_LEASE_SECONDS'),
    logLevel: env.LOG_LEVEL ?? 'info',
    smtpUrl: env.SMTP_URL || undefined,
    requireTotpFor: (env.REQUIRE_TOTP_FOR ?? 'admin,hub-analyst')
      .split(',')
      .map((r) => r.trim())
      .filter((r): r is Role => r in ROLES),
    today: env.TODAY ? constant(assertLocalDate(env.TODAY, 'TODAY')) : londonToday,
  };
}

function positive(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${name} must be a number of seconds above 0, got "${v}"`);
  return n;
}

function milliseconds(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 60_000)
    throw new Error(`${name} must be a whole number of milliseconds from 0 to 60000, got "${v}"`);
  return n;
}

function constant<T>(v: T): () => T {
  return () => v;
}
