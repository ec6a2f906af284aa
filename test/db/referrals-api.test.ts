/**
 * The pathway over the JSON API: the same use cases as the pages, bodies checked by zod and then by
 * the domain's rules, every error naming its field and nothing written; the provider sees the
 * profile, then the papers, never the child's reference; acceptance writes the bed ledger.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const s: Record<string, Session> = {};

function body(over: Record<string, unknown> = {}) {
  return {
    childRef: 'EAL-API-1',
    bornIn: '2012-06',
    sex: 'male',
    primaryNeed: 'ebd',
    risks: ['missing'],
    neededBy: 'gt-5-days',
    latestStart: '2026-12-04',
    siblingCount: 0,
    isPreferredLocationLocal: true,
    familyPostcodeSector: 'W5 3',
    keepSchool: false,
    communicationNeeds: 'no',
    communicationRequirements: ['none'],
    homeAdaptationRequired: false,
    culturalNeeds: 'not-required',
    livingCompanions: 'no-preference',
    pets: 'yes-can',
    additionalSupport: ['na'],
    deprivationOfLiberty: false,
    fosterSuitability: 'suitable-not-preferred',
    residentialSuitability: 'preferred',
    supportedAccommodationSuitability: 'unsuitable',
    penPortrait: 'Loves football; settles with calm adults.',
    riskOther: 'Stays out late with older boys',
    ...over,
  };
}

async function counts() {
  const db = t().database.db;
  const n = async (table: 'referral' | 'child' | 'referral_recipient') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return [await n('referral'), await n('child'), await n('referral_recipient')];
}

beforeAll(async () => {
  for (const who of [
    'officer.ealing',
    'officer.brent',
    'manager.elmtree',
    'manager.harbour',
    'analyst.hub',
  ]) {
    s[who] = await signIn(t().app, who);
  }
});

describe('the referral API', () => {
  it('refuses bad bodies naming each field, and writes nothing', async () => {
    const e = s['officer.ealing']!;
    const before = await counts();
    const unknown = await e.api(
      'POST',
      '/api/v1/referrals',
      body({ sex: 'other', risks: ['flying'], siblingCount: 'two' }),
    );
    expect(unknown.statusCode).toBe(400);
    const fields = (unknown.json() as { error: { fields: Array<{ field: string }> } }).error.fields.map(
      (f) => f.field,
    );
    expect(fields).toEqual(expect.arrayContaining(['sex', 'risks.0', 'siblingCount']));
    const missing = await e.api('POST', '/api/v1/referrals', {
      ...body(),
      penPortrait: undefined,
      neededBy: undefined,
    });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toMatch(/penPortrait/);
    const impossible = await e.api(
      'POST',
      '/api/v1/referrals',
      body({ latestStart: '2027-02-30', bornIn: '2030-01' }),
    );
    expect(impossible.statusCode).toBe(400);
    const ruleFields = (impossible.json() as { error: { fields: Array<{ field: string; message: string }> } })
      .error.fields;
    expect(ruleFields.map((f) => f.field)).toEqual(['bornIn', 'latestStart']);
    expect(ruleFields[1]!.message).toBe('Latest start date must be a real date');
    const rules = await e.api(
      'POST',
      '/api/v1/referrals',
      body({ keepSchool: true, penPortrait: 'Born on 3 June 2012' }),
    );
    expect(rules.statusCode).toBe(400);
    expect(
      (rules.json() as { error: { fields: Array<{ field: string }> } }).error.fields.map((f) => f.field),
    ).toEqual(['schoolPostcodeSector', 'penPortrait']);
    expect(await counts()).toEqual(before);
  });

  it('sends a referral, and the provider responds, asks, offers; the LA answers and accepts', async () => {
    const e = s['officer.ealing']!;
    const made = await e.api('POST', '/api/v1/referrals', body());
    expect(made.statusCode, made.body).toBe(201);
    const { referralId, routing } = made.json() as {
      referralId: string;
      routing: {
        stage: string;
        sent: Array<{ recipientId: string; homeName: string }>;
        refused: Array<{ homeName: string; reasons: string[] }>;
      };
    };
    expect(routing.stage).toBe('block');
    const copy = routing.sent.find((x) => x.homeName === 'Elmtree House')!.recipientId;

    const other = await s['officer.brent']!.api('GET', `/api/v1/referrals/${referralId}`);
    const missing = await s['officer.brent']!.api('GET', `/api/v1/referrals/${randomUUID()}`);
    expect([other.statusCode, other.body]).toEqual([missing.statusCode, missing.body]);
    const harbour = await s['manager.harbour']!.api('POST', `/api/v1/inbox/${copy}/interest`);
    expect(harbour.statusCode).toBe(404);

    const m = s['manager.elmtree']!;
    const inbox = (await m.api('GET', '/api/v1/inbox')).json() as {
      homes: Array<{
        homeName: string;
        ranked: Array<{ item: { recipientId: string }; score: number; reasons: unknown[] }>;
      }>;
    };
    const ranked = inbox.homes
      .find((h) => h.homeName === 'Elmtree House')!
      .ranked.find((r) => r.item.recipientId === copy)!;
    expect(ranked.reasons).toHaveLength(7);
    const profile = (await m.api('GET', `/api/v1/inbox/${copy}`)).json() as {
      sharing: string;
      referral: Record<string, unknown>;
      status: string;
    };
    expect(profile.sharing).toBe('profile');
    expect(profile.status).toBe('viewed');
    expect(profile.referral).not.toHaveProperty('childRef');
    expect(profile.referral).not.toHaveProperty('riskOther');
    expect(JSON.stringify(profile)).not.toContain('EAL-API-1');

    expect((await m.api('POST', `/api/v1/inbox/${copy}/interest`)).json()).toEqual({ status: 'interested' });
    const papers = (await m.api('GET', `/api/v1/inbox/${copy}`)).json() as {
      sharing: string;
      referral: Record<string, unknown>;
      freeBeds: Array<{ id: string }>;
    };
    expect(papers.sharing).toBe('papers');
    expect(papers.referral.riskOther).toBe('Stays out late with older boys');
    expect(papers.referral).not.toHaveProperty('childRef');

    const q = await m.api('POST', `/api/v1/inbox/${copy}/questions`, { body: 'Any allergies?' });
    expect(q.statusCode).toBe(201);
    const { questionId } = q.json() as { questionId: string };
    const badOffer = await m.api('POST', `/api/v1/inbox/${copy}/offer`, {
      bedId: papers.freeBeds[0]!.id,
      startOn: '2026-11-01',
    });
    expect(badOffer.statusCode).toBe(400);
    expect((badOffer.json() as { error: { fields: Array<{ field: string }> } }).error.fields[0]!.field).toBe(
      'startOn',
    );
    const offer = await m.api('POST', `/api/v1/inbox/${copy}/offer`, {
      bedId: papers.freeBeds[0]!.id,
      startOn: '2026-11-24',
      weeklyPricePence: 445_000,
    });
    expect(offer.statusCode, offer.body).toBe(200);

    expect(
      (
        await e.api('POST', `/api/v1/referrals/${referralId}/recipients/${copy}/answers`, {
          questionId,
          body: '',
        })
      ).statusCode,
    ).toBe(400);
    const answered = await e.api('POST', `/api/v1/referrals/${referralId}/recipients/${copy}/answers`, {
      questionId,
      body: 'None known.',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    const detail = (await e.api('GET', `/api/v1/referrals/${referralId}`)).json() as {
      status: string;
      recipients: Array<{ id: string; offer: { open: boolean; weeklyPricePence: number } | null }>;
      timeline: Array<{ type: string }>;
    };
    expect(detail.status).toBe('offered');
    expect(detail.recipients.find((r) => r.id === copy)!.offer).toMatchObject({
      open: true,
      weeklyPricePence: 445_000,
    });
    expect(detail.timeline.map((x) => x.type)).toEqual(
      expect.arrayContaining(['submitted', 'routed', 'question-asked', 'offer-made', 'question-answered']),
    );

    const accepted = await e.api('POST', `/api/v1/referrals/${referralId}/recipients/${copy}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const { placementId } = accepted.json() as { placementId: string };
    const row = await t()
      .database.db.selectFrom('placement')
      .select(['core_weekly_pence', 'route'])
      .where('id', '=', placementId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ core_weekly_pence: 445_000, route: 'block' });
    const again = await e.api('POST', `/api/v1/referrals/${referralId}/recipients/${copy}/accept`);
    expect(again.statusCode).toBe(409);

    const notes = (await m.api('GET', '/api/v1/notifications?unread=true')).json() as {
      unread: number;
      notifications: Array<{ id: string; title: string }>;
    };
    expect(notes.notifications.some((n) => n.title === 'Your offer for Elmtree House was accepted')).toBe(
      true,
    );
    expect((await m.api('POST', `/api/v1/notifications/${notes.notifications[0]!.id}/read`)).json()).toEqual({
      read: 1,
    });
    expect(
      (await s['officer.ealing']!.api('POST', `/api/v1/notifications/${notes.notifications[0]!.id}/read`))
        .statusCode,
    ).toBe(404);

    const outcomes = (await s['analyst.hub']!.api('GET', '/api/v1/referrals/outcomes')).json() as {
      perLa: Array<{ laName: string }>;
      overall: { referrals: number };
    };
    expect(outcomes.overall.referrals).toBeGreaterThan(0);
    expect(outcomes.perLa.map((r) => r.laName)).toContain('Ealing');
  });

  it('withdraws with the providers told, and closing needs where the child went', async () => {
    const e = s['officer.ealing']!;
    const made = (await e.api('POST', '/api/v1/referrals', body({ childRef: 'EAL-API-2' }))).json() as {
      referralId: string;
    };
    const bad = await e.api('POST', `/api/v1/referrals/${made.referralId}/close`, { outcome: 'placed-spot' });
    expect(bad.statusCode).toBe(400);
    expect(
      (bad.json() as { error: { fields: Array<{ field: string }> } }).error.fields.map((f) => f.field),
    ).toEqual(['placementType', 'startOn']);
    const ok = await e.api('POST', `/api/v1/referrals/${made.referralId}/withdraw`, { note: 'Family found' });
    expect(ok.json()).toEqual({ status: 'withdrawn' });
    const copies = await t()
      .database.db.selectFrom('referral_recipient')
      .select('status')
      .where('referral_id', '=', made.referralId)
      .execute();
    expect(new Set(copies.map((c) => c.status))).toEqual(new Set(['withdrawn']));
  });
});
