/**
 * "Refer to selected homes": a search started from a live referral uses its rules; the ticked
 * homes are checked against it, then the referral is sent through the referral pathway
 * (sendToHomes, stage "targeted"). Reads of the referral are audited.
 */
import { describe, expect, it } from 'vitest';
import { signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('refer to selected homes', () => {
  it('searches for a live referral, checks the ticked homes and sends it to them', async () => {
    const db = t().database.db;
    const ealing = await db
      .selectFrom('organisation')
      .select('id')
      .where('la_code', '=', '307')
      .executeTakeFirstOrThrow();
    const referral = await db
      .selectFrom('referral')
      .select(['id', 'reference'])
      .where('org_id', '=', ealing.id)
      .where('status', '=', 'searching')
      .executeTakeFirstOrThrow();
    const s = await signIn(t().app, 'officer.ealing');

    // Starting from the referral fills in the child's needs and uses the referral's rules.
    const page = await s.get(`/directory/search?referralId=${referral.id}&search=1`);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain(
      `Each home is checked against the rules of referral ${referral.reference}`,
    );
    expect(page.body).toMatch(/id="age" name="age" type="text" value="15"/);
    const api = (await s.api('GET', `/api/v1/directory/search?referralId=${referral.id}`)).json() as {
      forReferral: { reference: string };
      results: { homeId: string; name: string; sexes: string[] }[];
    };
    expect(api.forReferral.reference).toBe(referral.reference);
    expect(api.results.length).toBeGreaterThanOrEqual(2);
    expect(api.results.every((r) => r.sexes.includes('male'))).toBe(true);
    const two = api.results.slice(0, 2);
    const q = `referralId=${referral.id}&search=1`;

    const none = await s.post('/directory/refer', { q, referralId: referral.id });
    expect(none.statusCode).toBe(400);
    expect(text(none.body)).toContain('Select the homes to send the referral to');

    const confirm = await s.post('/directory/refer', {
      q,
      referralId: referral.id,
      homeId: two.map((h) => h.homeId),
    });
    expect(confirm.statusCode).toBe(200);
    expect(text(confirm.body)).toContain(`Send referral ${referral.reference} to 2 homes`);
    for (const h of two) expect(text(confirm.body)).toContain(h.name);
    expect(
      await db
        .selectFrom('referral_recipient')
        .select('id')
        .where('referral_id', '=', referral.id)
        .where('stage', '=', 'targeted')
        .execute(),
    ).toEqual([]);

    const sent = await s.post('/directory/refer/send', {
      q,
      referralId: referral.id,
      homeId: two.map((h) => h.homeId),
    });
    expect(sent.statusCode).toBe(303);
    const recipients = await db
      .selectFrom('referral_recipient')
      .select(['home_id', 'stage'])
      .where('referral_id', '=', referral.id)
      .where(
        'home_id',
        'in',
        two.map((h) => h.homeId),
      )
      .execute();
    expect(recipients.map((r) => r.home_id).sort()).toEqual(two.map((h) => h.homeId).sort());
    expect(new Set(recipients.map((r) => r.stage))).toEqual(new Set(['targeted']));
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'referral')
      .where('entity_id', '=', referral.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['read', 'update']));
  });

  it('refuses another LA’s referral and roles that do not refer', async () => {
    const db = t().database.db;
    const brent = await db
      .selectFrom('organisation')
      .select('id')
      .where('la_code', '=', '304')
      .executeTakeFirstOrThrow();
    const theirs = await db
      .selectFrom('referral')
      .select('id')
      .where('org_id', '=', brent.id)
      .where('status', '=', 'searching')
      .executeTakeFirstOrThrow();
    const home = await db
      .selectFrom('home')
      .select('id')
      .where('name', '=', 'Elmtree House')
      .executeTakeFirstOrThrow();
    const s = await signIn(t().app, 'officer.ealing');
    const res = await s.post('/directory/refer', { q: 'search=1', referralId: theirs.id, homeId: home.id });
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('Choose one of your live referrals');
    expect(
      (await s.post('/directory/refer/send', { q: '', referralId: theirs.id, homeId: home.id })).statusCode,
    ).toBe(404);
    expect((await s.api('GET', `/api/v1/directory/search?referralId=${theirs.id}`)).statusCode).toBe(400);
    const commissioner = await signIn(t().app, 'commissioner.ealing');
    expect(
      (await commissioner.post('/directory/refer', { q: '', referralId: theirs.id, homeId: home.id }))
        .statusCode,
    ).toBe(403);
    expect(
      await db
        .selectFrom('referral_recipient')
        .select('id')
        .where('referral_id', '=', theirs.id)
        .where('stage', '=', 'targeted')
        .execute(),
    ).toEqual([]);
  });
});
