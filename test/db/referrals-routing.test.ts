/**
 * Routing a referral in the database: submit sends to free beds in the LA's soft blocks where the
 * home's registration fits, and records which homes were not sent and why; a targeted send to
 * homes picked in the directory follows the same rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendToHomes } from '../../src/app/referrals/send-to-homes.ts';
import { submitReferral } from '../../src/app/referrals/submit-referral.ts';
import type { Database } from '../../src/db/connect.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { type Tenant, withTenant } from '../../src/db/tenant.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
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
  for (const who of ['officer.ealing', 'officer.hillingdon', 'manager.elmtree'])
    tenants[who] = await tenantOf(who);
});
afterAll(() => database.close());

describe('routing on submit', () => {
  it('does not send a child a home’s registration or statement of purpose rules out, and says why', async () => {
    const ealing = tenants['officer.ealing']!;
    // Fire-setting: Elmtree House’s statement of purpose excludes it.
    const fire = await withTenant(database.db, ealing, (trx) =>
      submitReferral(trx, ealing, {
        answers: answers({ childRef: 'EAL-FIRE-1', risks: ['others-fire'] }),
        now: NOW,
        today: TODAY,
      }),
    );
    expect(fire.routing.sent.map((x) => x.homeName)).not.toContain('Elmtree House');
    const elmtree = fire.routing.refused.find((r) => r.homeName === 'Elmtree House')!;
    expect(elmtree.reasons).toContain(
      "Elmtree House's statement of purpose excludes: risk to others: fire-setting.",
    );
    // Mental disorders: no block home is registered for it.
    const mh = await withTenant(database.db, ealing, (trx) =>
      submitReferral(trx, ealing, {
        answers: answers({ childRef: 'EAL-MH-1', primaryNeed: 'mental-disorders' }),
        now: NOW,
        today: TODAY,
      }),
    );
    const cedar = mh.routing.refused.find((r) => r.homeName === 'Cedar Lodge')!;
    expect(cedar.reasons).toContain(
      "Cedar Lodge is not registered for mental disorders, the child's primary need.",
    );
    const sentTo = (referralId: string) =>
      database.db
        .selectFrom('referral_recipient')
        .innerJoin('home', 'home.id', 'referral_recipient.home_id')
        .select('home.name')
        .where('referral_id', '=', referralId)
        .execute()
        .then((rows) => rows.map((r) => r.name));
    expect(await sentTo(mh.referralId)).not.toContain('Cedar Lodge');
    expect(await sentTo(fire.referralId)).not.toContain('Elmtree House');
    // The LA is told, on the referral itself (its routing record).
    const routing = await database.db
      .selectFrom('referral_event')
      .select('detail')
      .where('referral_id', '=', fire.referralId)
      .where('type', '=', 'routing')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(routing.detail)).toContain('statement of purpose excludes');
  });

  it('sends a boy to the block homes that fit and tells the LA why the others were not sent', async () => {
    const ealing = tenants['officer.ealing']!;
    const result = await withTenant(database.db, ealing, (trx) =>
      submitReferral(trx, ealing, { answers: answers({ childRef: 'EAL-ROUTE-1' }), now: NOW, today: TODAY }),
    );
    expect(result.routing.stage).toBe('block');
    const sentNames = result.routing.sent.map((s) => s.homeName);
    expect(sentNames).toContain('Elmtree House');
    expect(sentNames).toContain('Cedar Lodge');
    // Rowan Cottage is registered for girls only.
    const rowan = result.routing.refused.find((r) => r.homeName === 'Rowan Cottage');
    if (rowan) expect(rowan.reasons.join(' ')).toMatch(/registered for girls; this child is a boy/);
    const events = await database.db
      .selectFrom('referral_event')
      .select(['type', 'detail'])
      .where('referral_id', '=', result.referralId)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toContain('submitted');
    expect(events.filter((e) => e.type === 'routed')).toHaveLength(result.routing.sent.length);
  });

  it('a targeted send refuses homes the child does not fit, naming the rule, and homes already sent', async () => {
    const ealing = tenants['officer.ealing']!;
    const homes = await database.db.selectFrom('home').select(['id', 'name']).execute();
    const id = (name: string) => homes.find((h) => h.name === name)!.id;
    const submitted = await withTenant(database.db, ealing, (trx) =>
      submitReferral(trx, ealing, { answers: answers({ childRef: 'EAL-ROUTE-2' }), now: NOW, today: TODAY }),
    );
    const first = submitted.routing.sent[0]!;
    const r = await withTenant(database.db, ealing, (trx) =>
      sendToHomes(trx, ealing, {
        referralId: submitted.referralId,
        homeIds: [id('Sunrise House'), id('Oakwood'), first.homeId],
        now: NOW,
        today: TODAY,
      }),
    );
    expect(r.sent.map((s) => s.homeName)).toEqual(['Oakwood']);
    const sunrise = r.refused.find((x) => x.homeName === 'Sunrise House')!;
    expect(sunrise.reasons[0]).toMatch(/registered for girls/);
    expect(r.refused.find((x) => x.homeId === first.homeId)!.reasons[0]).toMatch(/already been sent/);
    const stage = await database.db
      .selectFrom('referral_recipient')
      .select('stage')
      .where('referral_id', '=', submitted.referralId)
      .where('home_id', '=', id('Oakwood'))
      .executeTakeFirstOrThrow();
    expect(stage.stage).toBe('targeted');
  });

  it('another LA cannot send an Ealing referral anywhere: it is not found', async () => {
    const ealing = tenants['officer.ealing']!;
    const hillingdon = tenants['officer.hillingdon']!;
    const submitted = await withTenant(database.db, ealing, (trx) =>
      submitReferral(trx, ealing, { answers: answers({ childRef: 'EAL-ROUTE-3' }), now: NOW, today: TODAY }),
    );
    const home = await database.db
      .selectFrom('home')
      .select('id')
      .where('name', '=', 'Oakwood')
      .executeTakeFirstOrThrow();
    const err = await withTenant(database.db, hillingdon, (trx) =>
      sendToHomes(trx, hillingdon, {
        referralId: submitted.referralId,
        homeIds: [home.id],
        now: NOW,
        today: TODAY,
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('not-found');
  });
});
