/**
 * The pathway's clock, run by every app server that runs jobs (RUN_JOBS): once a minute it
 * expires copies whose deadline has passed, fills in outcome records of referrals that ended
 * without one, and delivers the email outbox (by SMTP when SMTP_URL is set, else to the log).
 * Each part claims its own rows, so several servers may run it at once.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { deliverQueuedEmails, type MailLog } from '../notifications/deliver-emails.ts';
import { expireOverdue } from './expire-overdue.ts';
import { backfillOutcomes } from './record-outcome.ts';

export const HOUSEKEEPING_INTERVAL_MS = 60_000;

export interface HousekeepingResult {
  expired: number;
  outcomes: number;
  emails: { sent: number; logged: number; failed: number };
}

export async function runHousekeeping(
  db: Kysely<DB>,
  opts: { now?: string; smtpUrl?: string; log: MailLog },
): Promise<HousekeepingResult> {
  const expired = await expireOverdue(db, opts.now ?? new Date().toISOString());
  const outcomes = await backfillOutcomes(db);
  const emails = await deliverQueuedEmails(db, { smtpUrl: opts.smtpUrl, log: opts.log });
  return { expired, outcomes, emails };
}

/** Starts the clock when the app is ready (if it runs jobs) and stops it when the app closes. */
export function scheduleHousekeeping(app: FastifyInstance): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = runHousekeeping(app.db, { smtpUrl: app.config.smtpUrl, log: app.log })
      .catch((err: unknown) => app.log.error({ err }, 'referral housekeeping failed'))
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onReady', async () => {
    // Outcome records of referrals that ended before the pathway (the demo's) are needed at once.
    await backfillOutcomes(app.db).catch((err: unknown) => app.log.error({ err }, 'outcome backfill failed'));
    if (!app.config.runJobs) return;
    timer = setInterval(tick, HOUSEKEEPING_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
