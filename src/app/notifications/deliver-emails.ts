/**
 * Delivers the email outbox: by SMTP (nodemailer) when SMTP_URL is set, otherwise each email is
 * written to the log and marked "logged", so a demo or a test never needs a mail server. Several
 * servers may run this at once: each claims its own rows (FOR UPDATE SKIP LOCKED). A failed send
 * is retried on later runs, up to five attempts.
 */
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import { claimQueuedEmails, markEmail } from '../../db/queries/notifications.ts';
import type { DB } from '../../db/schema.ts';
import { withSystem } from '../../db/tenant.ts';

export const MAIL_FROM = 'Sufficiency <no-reply@sufficiency.invalid>';
const MAX_ATTEMPTS = 5;

export interface MailLog {
  info(obj: Record<string, unknown>, msg: string): void;
}

export interface DeliveryResult {
  sent: number;
  logged: number;
  failed: number;
}

export async function deliverQueuedEmails(
  db: Kysely<DB>,
  opts: { smtpUrl?: string; log: MailLog; batch?: number; from?: string },
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, logged: 0, failed: 0 };
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  try {
    await withSystem(db, async (trx) => {
      for (const email of await claimQueuedEmails(trx, opts.batch ?? 50)) {
        if (!transport) {
          opts.log.info(
            { to: email.to, subject: email.subject, body: email.body },
            'email (SMTP_URL not set)',
          );
          await markEmail(trx, email.id, { status: 'logged' });
          result.logged++;
          continue;
        }
        try {
          await transport.sendMail({
            from: opts.from ?? MAIL_FROM,
            to: email.to,
            subject: email.subject,
            text: email.body,
          });
          await markEmail(trx, email.id, { status: 'sent' });
          result.sent++;
        } catch (err) {
          const last = email.attempts + 1 >= MAX_ATTEMPTS;
          await markEmail(trx, email.id, {
            status: last ? 'failed' : 'queued',
            error: err instanceof Error ? err.message.slice(0, 500) : String(err),
          });
          result.failed++;
        }
      }
    });
  } finally {
    transport?.close();
  }
  return result;
}
