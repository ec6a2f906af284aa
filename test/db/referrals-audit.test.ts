/**
 * Every view of a child's referral is audited, in the same transaction, by whoever looks: the
 * referring LA (lists, the referral, the API, drafts, exports) and the provider (inbox, the copy,
 * the comparison, the API).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { submitReferral } from '../../src/app/referrals/submit-referral.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { type Tenant, withTenant } from '../../src/db/tenant.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';
import { answers, TODAY } from './fixtures/referrals.ts';

const t = useTestApp();
const s: Record<string, Session> = {};
let referralId: string;
let copies: string[];
let ealing: Tenant;
let elmtree: Tenant;

async function tenantOf(local: string): Promise<Tenant> {
  const db = t().database.db;
  const u = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', `${local}@demo.example`)
    .executeTakeFirstOrThrow();
  return (await jobTenant(db, u.id))!;
}

async function reads(orgId: string, entityId: string, entityType = 'referral') {
  const r = await t()
    .database.db.selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('action', 'in', ['read', 'export'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

beforeAll(async () => {
  for (const who of ['officer.ealing', 'commissioner.ealing', 'manager.elmtree'])
    s[who] = await signIn(t().app, who);
  ealing = await tenantOf('officer.ealing');
  elmtree = await tenantOf('manager.elmtree');
  const r = await withTenant(t().database.db, ealing, (trx) =>
    submitReferral(trx, ealing, {
      answers: answers({ childRef: 'EAL-AUDIT-1' }),
      now: '2026-11-20T09:00:00Z',
      today: TODAY,
    }),
  );
  referralId = r.referralId;
  copies = r.routing.sent.filter((x) => x.providerOrgId === elmtree.orgId).map((x) => x.recipientId);
  expect(copies.length).toBeGreaterThanOrEqual(2);
});

describe('audit of every view', () => {
  const cases: Array<
    [
      string,
      () => string,
      () => string,
      'officer.ealing' | 'commissioner.ealing' | 'manager.elmtree',
      'page' | 'api',
    ]
  > = [
    ['the LA’s list', () => '/referrals', () => ealing.orgId, 'officer.ealing', 'page'],
    [
      'the LA’s referral page',
      () => `/referrals/${referralId}`,
      () => ealing.orgId,
      'commissioner.ealing',
      'page',
    ],
    ['the LA’s API list', () => '/api/v1/referrals', () => ealing.orgId, 'officer.ealing', 'api'],
    [
      'the LA’s API referral',
      () => `/api/v1/referrals/${referralId}`,
      () => ealing.orgId,
      'officer.ealing',
      'api',
    ],
    ['the LA’s export', () => '/referrals/export?format=csv', () => ealing.orgId, 'officer.ealing', 'page'],
    ['the provider’s inbox', () => '/inbox', () => elmtree.orgId, 'manager.elmtree', 'page'],
    ['the provider’s copy', () => `/inbox/${copies[0]}`, () => elmtree.orgId, 'manager.elmtree', 'page'],
    [
      'the provider’s comparison',
      () => `/inbox/compare?ids=${copies[0]}&ids=${copies[1]}`,
      () => elmtree.orgId,
      'manager.elmtree',
      'page',
    ],
    ['the provider’s API inbox', () => '/api/v1/inbox', () => elmtree.orgId, 'manager.elmtree', 'api'],
    [
      'the provider’s API copy',
      () => `/api/v1/inbox/${copies[1]}`,
      () => elmtree.orgId,
      'manager.elmtree',
      'api',
    ],
  ];
  for (const [what, url, org, who, kind] of cases) {
    it(`records ${what}`, async () => {
      const before = await reads(org(), referralId);
      const res = kind === 'api' ? await s[who]!.api('GET', url()) : await s[who]!.get(url());
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(await reads(org(), referralId)).toBeGreaterThan(before);
    });
  }

  it('records reads of a draft', async () => {
    const start = await s['officer.ealing']!.post('/referrals/new', {});
    const draftId = /drafts\/([^/]+)\//.exec(start.headers.location as string)![1]!;
    const before = await reads(ealing.orgId, draftId, 'referral-draft');
    await s['officer.ealing']!.get(`/referrals/drafts/${draftId}/child`);
    await s['officer.ealing']!.get(`/referrals/drafts/${draftId}/check`);
    expect(await reads(ealing.orgId, draftId, 'referral-draft')).toBe(before + 2);
  });
});
