/**
 * The pathway through the pages, end to end on one database: two LAs refer boys to the same
 * soft-block vacancy; the provider ranks and compares them, asks one LA a question, offers; that
 * LA answers and accepts (the placement is in the bed ledger); the other LA's copy for that bed is
 * superseded and it is told, its referral still live with other homes. Along the way: tenancy (a
 * provider sees only referrals routed to it, never `child`; an LA only its own), the audit of
 * every view, and the notifications.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { submitReferral } from '../../src/app/referrals/submit-referral.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { type Tenant, withTenant } from '../../src/db/tenant.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';
import { answers, TODAY } from './fixtures/referrals.ts';

const t = useTestApp();
const NOW = '2026-11-20T09:00:00.000Z';
const s: Record<string, Session> = {};
let ealingRef: { referralId: string; copy: string };
let hillingdonRef: { referralId: string; copy: string };
let elmtreeHouse: string;

async function tenantOf(local: string): Promise<Tenant> {
  const db = t().database.db;
  const u = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', `${local}@demo.example`)
    .executeTakeFirstOrThrow();
  return (await jobTenant(db, u.id))!;
}

async function refer(local: string, childRef: string) {
  const tenant = await tenantOf(local);
  const r = await withTenant(t().database.db, tenant, (trx) =>
    submitReferral(trx, tenant, { answers: answers({ childRef }), now: NOW, today: TODAY }),
  );
  const copy = r.routing.sent.find((x) => x.homeId === elmtreeHouse);
  expect(copy, `${local}'s referral reached Elmtree House`).toBeDefined();
  return { referralId: r.referralId, copy: copy!.recipientId };
}

async function auditCount(entityId: string, action = 'read') {
  const r = await t()
    .database.db.selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('entity_type', '=', 'referral')
    .where('entity_id', '=', entityId)
    .where('action', '=', action as 'read')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function recipient(id: string) {
  return t()
    .database.db.selectFrom('referral_recipient')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  for (const who of [
    'officer.ealing',
    'officer.hillingdon',
    'manager.elmtree',
    'manager.harbour',
    'analyst.hub',
    'commissioner.ealing',
  ]) {
    s[who] = await signIn(t().app, who);
  }
  elmtreeHouse = (
    await t()
      .database.db.selectFrom('home')
      .select('id')
      .where('name', '=', 'Elmtree House')
      .executeTakeFirstOrThrow()
  ).id;
  ealingRef = await refer('officer.ealing', 'EAL-PATH-1');
  hillingdonRef = await refer('officer.hillingdon', 'HIL-PATH-1');
});

describe('the provider’s inbox', () => {
  it('ranks both LAs’ referrals for the vacancy with reasons, and audits each view', async () => {
    const before = await auditCount(ealingRef.referralId);
    const inbox = await s['manager.elmtree']!.get('/inbox');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('Elmtree House');
    expect(inbox.body).toContain(`/inbox/${ealingRef.copy}`);
    expect(inbox.body).toContain(`/inbox/${hillingdonRef.copy}`);
    expect(inbox.body).toMatch(/\d+ \/ 100/);
    expect(inbox.body).not.toContain('EAL-PATH-1');
    expect(await auditCount(ealingRef.referralId)).toBe(before + 1);
  });

  it('compares them side by side, profile only before interest', async () => {
    const cmp = await s['manager.elmtree']!.get(
      `/inbox/compare?ids=${ealingRef.copy}&ids=${hillingdonRef.copy}`,
    );
    expect(cmp.statusCode).toBe(200);
    expect(cmp.body).toContain('Ealing for Elmtree House');
    expect(cmp.body).toContain('Hillingdon for Elmtree House');
    expect(cmp.body).toContain('Say you are interested to see them');
    expect(cmp.body).not.toContain('Near his school and his grandmother'); // papers only
    expect((await recipient(ealingRef.copy)).status).toBe('viewed');
  });

  it('never shows another provider’s copies, nor any child record', async () => {
    const harbour = s['manager.harbour']!;
    const other = await harbour.get(`/inbox/${ealingRef.copy}`);
    const missing = await harbour.get(`/inbox/${randomUUID()}`);
    expect(other.statusCode).toBe(404);
    expect(other.body.replace(/nonce="[^"]*"/g, '')).toBe(missing.body.replace(/nonce="[^"]*"/g, ''));
    const elmtree = await tenantOf('manager.elmtree');
    const rows = await withTenant(t().database.db, elmtree, async (trx) => ({
      children: await trx.selectFrom('child').select('id').execute(),
      referrals: await trx.selectFrom('referral').select(['id', 'profile']).execute(),
    }));
    expect(rows.children).toEqual([]);
    const routed = await t()
      .database.db.selectFrom('referral_recipient')
      .select('referral_id')
      .distinct()
      .where('provider_org_id', '=', elmtree.orgId)
      .execute();
    expect(rows.referrals.map((r) => r.id).sort()).toEqual(routed.map((r) => r.referral_id).sort());
    for (const r of rows.referrals)
      expect(JSON.stringify(r.profile)).not.toMatch(/childRef|EAL-PATH|HIL-PATH/);
  });
});

describe('question, offer, answer and acceptance', () => {
  it('releases the papers on interest, and a question waits for the LA’s answer', async () => {
    const m = s['manager.elmtree']!;
    const early = await m.post(`/inbox/${ealingRef.copy}/question`, { body: 'Does he have a bike?' });
    expect(early.statusCode).toBe(409); // interest first
    expect((await m.post(`/inbox/${ealingRef.copy}/interest`, {})).statusCode).toBe(303);
    const page = await m.get(`/inbox/${ealingRef.copy}`);
    expect(page.body).toContain('Near his school and his grandmother');
    expect(page.body).not.toContain('EAL-PATH-1');
    const empty = await m.post(`/inbox/${ealingRef.copy}/question`, { body: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#body"');
    const dated = await m.post(`/inbox/${ealingRef.copy}/question`, { body: 'Born on 3/4/2012?' });
    expect(dated.statusCode).toBe(400);
    expect(dated.body).toContain('Remove dates');
    expect(
      (
        await m.post(`/inbox/${ealingRef.copy}/question`, {
          body: 'How does he get on with younger children?',
        })
      ).statusCode,
    ).toBe(303);
    expect((await recipient(ealingRef.copy)).status).toBe('questions');
    const la = await s['officer.ealing']!.get(`/referrals/${ealingRef.referralId}`);
    expect(la.body).toContain('Questions to answer');
    expect(la.body).toContain('How does he get on with younger children?');
  });

  it('refuses an offer with an impossible date or a bed not in the home, naming the field', async () => {
    const m = s['manager.elmtree']!;
    const bad = await m.post(`/inbox/${ealingRef.copy}/offer`, {
      bedId: randomUUID(),
      'startOn-day': '30',
      'startOn-month': '2',
      'startOn-year': '2027',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#startOn"');
    const wrongBed = await m.post(`/inbox/${ealingRef.copy}/offer`, {
      bedId: randomUUID(),
      'startOn-day': '25',
      'startOn-month': '11',
      'startOn-year': '2026',
    });
    expect(wrongBed.statusCode).toBe(400);
    expect(wrongBed.body).toContain('href="#bedId"');
    expect((await recipient(ealingRef.copy)).offer_bed_id).toBeNull();
  });

  it('offers, the LA answers and accepts, and the placement is in the bed ledger', async () => {
    const m = s['manager.elmtree']!;
    const bed = await t()
      .database.db.selectFrom('bed')
      .select(['id', 'label'])
      .where('id', '=', (await recipient(ealingRef.copy)).vacancy_bed_id!)
      .executeTakeFirstOrThrow();
    const offer = await m.post(`/inbox/${ealingRef.copy}/offer`, {
      bedId: bed.id,
      'startOn-day': '25',
      'startOn-month': '11',
      'startOn-year': '2026',
      weeklyPrice: '',
    });
    expect(offer.statusCode, offer.body.slice(0, 3000)).toBe(303);
    const r = await recipient(ealingRef.copy);
    expect([r.status, r.offer_bed_id, r.offer_start_on, r.offer_weekly_pence]).toEqual([
      'offered',
      bed.id,
      '2026-11-25',
      430_000,
    ]);
    const referral = await t()
      .database.db.selectFrom('referral')
      .select(['status', 'live_offer_ids'])
      .where('id', '=', ealingRef.referralId)
      .executeTakeFirstOrThrow();
    expect(referral).toEqual({ status: 'offered', live_offer_ids: [ealingRef.copy] });

    const e = s['officer.ealing']!;
    const question = await t()
      .database.db.selectFrom('referral_message')
      .select('id')
      .where('recipient_id', '=', ealingRef.copy)
      .executeTakeFirstOrThrow();
    const noAnswer = await e.post(`/referrals/${ealingRef.referralId}/recipients/${ealingRef.copy}/answer`, {
      questionId: question.id,
      body: '',
    });
    expect(noAnswer.statusCode).toBe(400);
    expect(noAnswer.body).toContain(`href="#body-${question.id}"`);
    const answered = await e.post(`/referrals/${ealingRef.referralId}/recipients/${ealingRef.copy}/answer`, {
      questionId: question.id,
      body: 'Very well: he has two younger cousins he looks after.',
    });
    expect(answered.statusCode).toBe(303);
    expect((await recipient(ealingRef.copy)).open_question_ids).toEqual([]);

    const readOnly = await s['commissioner.ealing']!.post(
      `/referrals/${ealingRef.referralId}/recipients/${ealingRef.copy}/accept`,
      {},
    );
    expect(readOnly.statusCode).toBe(403);
    const accepted = await e.post(
      `/referrals/${ealingRef.referralId}/recipients/${ealingRef.copy}/accept`,
      {},
    );
    expect(accepted.statusCode, accepted.body.slice(0, 2000)).toBe(303);
    const placed = await t()
      .database.db.selectFrom('referral')
      .selectAll()
      .where('id', '=', ealingRef.referralId)
      .executeTakeFirstOrThrow();
    expect([placed.status, placed.outcome]).toEqual(['placed', 'placed-block']);
    const interval = await t()
      .database.db.selectFrom('bed_interval')
      .selectAll()
      .where('placement_id', '=', placed.placement_id!)
      .executeTakeFirstOrThrow();
    expect([interval.bed_id, interval.from_date, interval.to_date]).toEqual([bed.id, '2026-11-25', null]);
    const outcome = await t()
      .database.db.selectFrom('referral_outcome')
      .selectAll()
      .where('referral_id', '=', ealingRef.referralId)
      .executeTakeFirstOrThrow();
    expect([outcome.outcome, outcome.actual_placement_type]).toEqual(['placed-block', 'residential']);
  });

  it('supersedes the other LA’s copy for that bed and tells it; its referral is still live elsewhere', async () => {
    const h = await recipient(hillingdonRef.copy);
    expect([h.status, h.superseded_by]).toEqual(['superseded', ealingRef.copy]);
    const hill = await tenantOf('officer.hillingdon');
    const notes = await t()
      .database.db.selectFrom('notification')
      .select(['title', 'body'])
      .where('org_id', '=', hill.orgId)
      .where('kind', '=', 'vacancy-filled')
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.title).toBe('The vacancy at Elmtree House has been filled');
    const page = await s['officer.hillingdon']!.get(`/referrals/${hillingdonRef.referralId}`);
    expect(page.body).toContain('Superseded by another placement');
    expect(page.body).toContain('Searching');
    const live = await t()
      .database.db.selectFrom('referral_recipient')
      .select('id')
      .where('referral_id', '=', hillingdonRef.referralId)
      .where('status', '=', 'routed')
      .execute();
    expect(live.length).toBeGreaterThan(0);
    const list = await s['officer.hillingdon']!.get('/notifications');
    expect(list.body).toContain('The vacancy at Elmtree House has been filled');
    const emails = await t()
      .database.db.selectFrom('email_outbox')
      .select(['to_address', 'body'])
      .where('org_id', '=', hill.orgId)
      .execute();
    expect(emails.some((m) => m.to_address === 'officer.hillingdon@demo.example')).toBe(true);
    for (const m of emails) expect(m.body).not.toMatch(/HIL-PATH|EAL-PATH|pen portrait/i);
  });
});

describe('an LA sees only its own referrals and children', () => {
  it('answers another LA’s referral exactly like a missing one', async () => {
    const h = s['officer.hillingdon']!;
    const other = await h.get(`/referrals/${ealingRef.referralId}`);
    const missing = await h.get(`/referrals/${randomUUID()}`);
    expect(other.statusCode).toBe(404);
    expect(other.body.replace(/nonce="[^"]*"/g, '')).toBe(missing.body.replace(/nonce="[^"]*"/g, ''));
    const hill = await tenantOf('officer.hillingdon');
    const children = await withTenant(t().database.db, hill, (trx) =>
      trx.selectFrom('child').select(['org_id']).execute(),
    );
    expect(children.length).toBeGreaterThan(0);
    expect(new Set(children.map((c) => c.org_id))).toEqual(new Set([hill.orgId]));
  });
});

describe('sought vs secured', () => {
  it('shows the LA its own outcomes and the hub its region’s', async () => {
    const la = await s['officer.ealing']!.get('/outcomes');
    expect(la.statusCode).toBe(200);
    expect(la.body).toContain('Placed in a block bed');
    const hub = await s['analyst.hub']!.get('/outcomes');
    expect(hub.statusCode).toBe(200);
    expect(hub.body).toContain('Hillingdon');
    expect(hub.body).toContain('Ealing');
    expect((await s['manager.elmtree']!.get('/outcomes')).statusCode).toBe(403);
  });
});
