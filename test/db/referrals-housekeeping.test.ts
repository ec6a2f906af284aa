/**
 * The pathway's clock: copies past their deadline expire (an open offer lapses; a copy waiting on
 * the LA's answer does not), both sides are told, and the email outbox is delivered (logged and
 * marked "logged" when SMTP_URL is unset). Outcome records of referrals that ended before the
 * pathway are filled in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverQueuedEmails } from '../../src/app/notifications/deliver-emails.ts';
import { expireOverdue } from '../../src/app/referrals/expire-overdue.ts';
import { backfillOutcomes } from '../../src/app/referrals/record-outcome.ts';
import { askQuestion, expressInterest, makeOffer } from '../../src/app/referrals/respond-to-referral.ts';
import { submitReferral } from '../../src/app/referrals/submit-referral.ts';
import type { Database } from '../../src/db/connect.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { type Tenant, withTenant } from '../../src/db/tenant.ts';
import { addHours } from '../../src/domain/referrals/instant.ts';
import { testDatabase } from '../helpers/db.ts';
import { answers, TODAY } from './fixtures/referrals.ts';

let database: Database;
const tenants: Record<string, Tenant> = {};
const NOW = '2026-11-20T09:00:00.000Z';

async function tenantOf(local: string): Promise<Tenant> {
  const u = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', `${local}@demo.example`)
    .executeTakeFirstOrThrow();
  return (await jobTenant(database.db, u.id))!;
}

beforeAll(async () => {
  database = await testDatabase({ demo: true });
  for (const who of ['officer.ealing', 'manager.elmtree']) tenants[who] = await tenantOf(who);
});
afterAll(() => database.close());

const status = async (id: string) =>
  (
    await database.db
      .selectFrom('referral_recipient')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;

describe('expiry', () => {
  it('expires copies past their deadline, keeps those waiting on the LA, lapses an open offer, and tells both sides', async () => {
    const la = tenants['officer.ealing']!;
    const provider = tenants['manager.elmtree']!;
    const r = await withTenant(database.db, la, (trx) =>
      submitReferral(trx, la, { answers: answers({ childRef: 'EAL-EXP-1' }), now: NOW, today: TODAY }),
    );
    const copies = r.routing.sent;
    expect(copies.length).toBeGreaterThanOrEqual(3);
    const elmtree = copies.filter((c) => c.providerOrgId === provider.orgId);
    const [asked, offered] = elmtree;
    expect(offered, 'two Elmtree homes had the referral').toBeDefined();
    await withTenant(database.db, provider, async (trx) => {
      await expressInterest(trx, provider, { recipientId: asked!.recipientId, now: NOW });
      await askQuestion(trx, provider, { recipientId: asked!.recipientId, body: 'Does he swim?', now: NOW });
      await expressInterest(trx, provider, { recipientId: offered!.recipientId, now: NOW });
    });
    const bed = await database.db
      .selectFrom('referral_recipient')
      .select('vacancy_bed_id')
      .where('id', '=', offered!.recipientId)
      .executeTakeFirstOrThrow();
    await withTenant(database.db, provider, (trx) =>
      makeOffer(trx, provider, {
        recipientId: offered!.recipientId,
        bedId: bed.vacancy_bed_id!,
        startOn: '2026-11-27',
        now: NOW,
        today: TODAY,
      }),
    );
    expect(await expireOverdue(database.db, addHours(NOW, 1))).toBe(0);
    const later = addHours(NOW, 24 * 5);
    const expired = await expireOverdue(database.db, later);
    expect(expired).toBe(copies.length - 1);
    expect(await status(asked!.recipientId)).toBe('questions');
    expect(await status(offered!.recipientId)).toBe('expired');
    const referral = await database.db
      .selectFrom('referral')
      .select(['status', 'live_offer_ids'])
      .where('id', '=', r.referralId)
      .executeTakeFirstOrThrow();
    expect(referral).toEqual({ status: 'searching', live_offer_ids: [] });
    const told = await database.db
      .selectFrom('notification')
      .select(['org_id', 'title'])
      .where('kind', '=', 'expired')
      .where('referral_id', '=', r.referralId)
      .execute();
    expect(told.some((n) => n.org_id === la.orgId && n.title.includes('lapsed'))).toBe(true);
    expect(told.some((n) => n.org_id === provider.orgId)).toBe(true);
    const events = await database.db
      .selectFrom('referral_event')
      .select(['type', 'actor_org_id'])
      .where('referral_id', '=', r.referralId)
      .where('type', '=', 'expired')
      .execute();
    expect(events.length).toBe(expired);
    expect(new Set(events.map((e) => e.actor_org_id))).toEqual(new Set([null]));
  });
});

describe('the email outbox', () => {
  it('logs queued emails when SMTP_URL is unset and marks them logged, once', async () => {
    const queued = await database.db
      .selectFrom('email_outbox')
      .select('id')
      .where('status', '=', 'queued')
      .execute();
    expect(queued.length).toBeGreaterThan(0);
    const logged: Array<Record<string, unknown>> = [];
    const r = await deliverQueuedEmails(database.db, { log: { info: (o) => logged.push(o) }, batch: 1000 });
    expect(r).toEqual({ sent: 0, logged: queued.length, failed: 0 });
    expect(logged[0]).toHaveProperty('to');
    const left = await database.db
      .selectFrom('email_outbox')
      .select('id')
      .where('status', '=', 'queued')
      .execute();
    expect(left).toEqual([]);
    expect((await deliverQueuedEmails(database.db, { log: { info: () => {} } })).logged).toBe(0);
  });

  it('retries a failed SMTP send later', async () => {
    await withTenant(database.db, tenants['officer.ealing']!, (trx) =>
      submitReferral(trx, tenants['officer.ealing']!, {
        answers: answers({ childRef: 'EAL-EXP-2' }),
        now: NOW,
        today: TODAY,
      }),
    );
    const r = await deliverQueuedEmails(database.db, {
      smtpUrl: 'smtp://127.0.0.1:1',
      log: { info: () => {} },
      batch: 2,
    });
    expect(r.failed).toBe(2);
    const retry = await database.db
      .selectFrom('email_outbox')
      .select(['status', 'attempts', 'last_error'])
      .where('last_error', 'is not', null)
      .execute();
    expect(retry.map((x) => x.status)).toEqual(['queued', 'queued']);
  });
});

describe('outcome records', () => {
  it('are filled in for referrals that ended before the pathway (the demo’s), once', async () => {
    const ended = await database.db
      .selectFrom('referral')
      .select('id')
      .where('status', 'in', ['placed', 'withdrawn', 'closed'])
      .execute();
    await backfillOutcomes(database.db);
    const records = await database.db
      .selectFrom('referral_outcome')
      .select(['referral_id', 'outcome'])
      .execute();
    expect(new Set(records.map((r) => r.referral_id))).toEqual(new Set(ended.map((r) => r.id)));
    expect(await backfillOutcomes(database.db)).toBe(0);
  });
});
