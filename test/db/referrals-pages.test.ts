/**
 * The LA's referral pages through HTTP: the question pages keep a draft between pages, refuse bad
 * input with a GOV.UK error summary naming the field and write nothing, and sending routes the
 * referral; the tracking page shows where each copy stands and why other homes were not sent it.
 */
import { describe, expect, it } from 'vitest';
import { postedKeys, REFERRAL_PAGES } from '../../src/app/referrals/answers.ts';
import { signIn, useTestApp } from '../helpers/app.ts';
import { answers } from './fixtures/referrals.ts';

const t = useTestApp();

function pageForm(slug: string, all: Record<string, string | string[]>) {
  const page = REFERRAL_PAGES.find((p) => p.slug === slug)!;
  const out: Record<string, string | string[]> = {};
  for (const k of postedKeys(page)) if (all[k] !== undefined) out[k] = all[k]!;
  return out;
}

async function count(table: 'referral' | 'child' | 'referral_draft') {
  const r = await t()
    .database.db.selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function draftAnswers(id: string) {
  return (
    await t()
      .database.db.selectFrom('referral_draft')
      .select('answers')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).answers as Record<string, unknown>;
}

describe('making a referral with the question pages', () => {
  it('walks every page, keeps the draft, shows the answers and sends', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const start = await s.post('/referrals/new', {});
    expect(start.statusCode).toBe(303);
    const first = start.headers.location as string;
    const draftId = /drafts\/([^/]+)\//.exec(first)![1]!;
    const all = answers({ childRef: 'EAL-PAGES-1' });
    for (const p of REFERRAL_PAGES) {
      const get = await s.get(`/referrals/drafts/${draftId}/${p.slug}`);
      expect(get.statusCode, p.slug).toBe(200);
      const res = await s.post(`/referrals/drafts/${draftId}/${p.slug}`, pageForm(p.slug, all));
      expect(res.statusCode, `${p.slug}: ${res.body.slice(0, 3000)}`).toBe(303);
    }
    const check = await s.get(`/referrals/drafts/${draftId}/check`);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('EAL-PAGES-1');
    expect(check.body).toContain('June 2012');
    expect(check.body).toContain('Send referral');
    const sent = await s.post(`/referrals/drafts/${draftId}/check`, {});
    expect(sent.statusCode, sent.body.slice(0, 2000)).toBe(303);
    const track = await s.get(sent.headers.location as string);
    expect(track.statusCode).toBe(200);
    expect(track.body).toContain('Elmtree House');
    expect(track.body).toContain('Homes it was sent to');
    expect(
      await t()
        .database.db.selectFrom('referral_draft')
        .select('id')
        .where('id', '=', draftId)
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('refuses a page with a missing required answer, an impossible date or an unknown code, naming the field, and writes nothing', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const start = await s.post('/referrals/new', {});
    const draftId = /drafts\/([^/]+)\//.exec(start.headers.location as string)![1]!;
    const before = await draftAnswers(draftId);
    const refs = await count('referral');
    const children = await count('child');

    const missing = await s.post(
      `/referrals/drafts/${draftId}/child`,
      pageForm('child', answers({ childRef: '' })),
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('There is a problem');
    expect(missing.body).toContain('href="#childRef"');
    expect(missing.body).toContain('Enter the child reference');

    const impossible = await s.post(
      `/referrals/drafts/${draftId}/when`,
      pageForm(
        'when',
        answers({ 'latestStart-day': '31', 'latestStart-month': '2', 'latestStart-year': '2027' }),
      ),
    );
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('href="#latestStart"');
    expect(impossible.body).toContain('Latest start date must be a real date');

    const unknown = await s.post(
      `/referrals/drafts/${draftId}/child`,
      pageForm('child', answers({ sex: 'other', primaryNeed: 'nonsense' })),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('href="#sex"');
    expect(unknown.body).toContain('href="#primaryNeed"');
    expect(unknown.body).toContain('is not one of the allowed answers');

    const fullPostcode = await s.post(
      `/referrals/drafts/${draftId}/location`,
      pageForm('location', answers({ familyPostcodeSector: 'W5 3AA' })),
    );
    expect(fullPostcode.statusCode).toBe(400);
    expect(fullPostcode.body).toContain('Enter only the postcode sector');

    expect(await draftAnswers(draftId)).toEqual(before);
    expect(await count('referral')).toBe(refs);
    expect(await count('child')).toBe(children);
  });
});

describe('a referral recorded without being sent (the demo’s waiting children)', () => {
  it('is sent to the block homes that fit at its stage, once', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const db = t().database.db;
    const waiting = await db
      .selectFrom('referral')
      .innerJoin('organisation', 'organisation.id', 'referral.org_id')
      .select('referral.id')
      .where('organisation.la_code', '=', '307')
      .where('referral.status', '=', 'searching')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('referral_recipient as r')
              .select('r.id')
              .whereRef('r.referral_id', '=', 'referral.id'),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    const page = await s.get(`/referrals/${waiting.id}`);
    expect(page.body).toContain('It has not been sent to any home yet.');
    expect((await s.post(`/referrals/${waiting.id}/send`, {})).statusCode).toBe(303);
    const sent = await db
      .selectFrom('referral_recipient')
      .select('home_id')
      .where('referral_id', '=', waiting.id)
      .execute();
    expect(sent.length).toBeGreaterThan(0);
    expect((await s.post(`/referrals/${waiting.id}/send`, {})).statusCode).toBe(303);
    const again = await db
      .selectFrom('referral_recipient')
      .select('home_id')
      .where('referral_id', '=', waiting.id)
      .execute();
    expect(again.length).toBe(sent.length);
  });
});
