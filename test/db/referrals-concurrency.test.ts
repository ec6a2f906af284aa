/**
 * Two LAs accepting offers for the same bed at the same moment: exactly one placement, the other
 * transaction rolls back cleanly (its referral still live, nothing half-written) and its officer
 * sees a clear message. Repeated many times: on PostgreSQL the two requests truly race on separate
 * connections; on PGlite (one transaction at a time) they interleave at statement boundaries.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BED_TAKEN_MESSAGE } from '../../src/app/referrals/accept-offer.ts';
import { expressInterest, makeOffer } from '../../src/app/referrals/respond-to-referral.ts';
import { submitReferral } from '../../src/app/referrals/submit-referral.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { type Tenant, withTenant } from '../../src/db/tenant.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';
import { testDbKind } from '../helpers/db.ts';
import { answers, TODAY } from './fixtures/referrals.ts';

const t = useTestApp();
const ROUNDS = testDbKind() === 'postgres' ? 30 : 6;
const tenants: Record<string, Tenant> = {};
const sessions: Record<string, Session> = {};
let home: { id: string; orgId: string };
let contractId: string;

async function tenantOf(local: string): Promise<Tenant> {
  const db = t().database.db;
  const u = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', `${local}@demo.example`)
    .executeTakeFirstOrThrow();
  return (await jobTenant(db, u.id))!;
}

/** A new vacant bed in Elmtree House, in its soft block. */
async function newBed(n: number): Promise<string> {
  const db = t().database.db;
  const bed = await db
    .insertInto('bed')
    .values({ org_id: home.orgId, home_id: home.id, label: `Race bed ${n}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('contract_bed')
    .values({
      contract_id: contractId,
      bed_id: bed.id,
      org_id: home.orgId,
      from_date: '2025-04-01',
      to_date: null,
    })
    .execute();
  return bed.id;
}

async function referAndOffer(local: string, childRef: string, bedId: string) {
  const la = tenants[local]!;
  const now = new Date().toISOString();
  const r = await withTenant(t().database.db, la, (trx) =>
    submitReferral(trx, la, { answers: answers({ childRef }), now, today: TODAY }),
  );
  const copy = r.routing.sent.find((s) => s.homeId === home.id)!;
  expect(copy, `${childRef} reached Elmtree House`).toBeDefined();
  const provider = tenants['manager.elmtree']!;
  await withTenant(t().database.db, provider, async (trx) => {
    await expressInterest(trx, provider, { recipientId: copy.recipientId, now });
    await makeOffer(trx, provider, {
      recipientId: copy.recipientId,
      bedId,
      startOn: '2026-11-27',
      now,
      today: TODAY,
    });
  });
  return { referralId: r.referralId, copy: copy.recipientId };
}

beforeAll(async () => {
  for (const who of ['officer.ealing', 'officer.hillingdon', 'manager.elmtree']) {
    tenants[who] = await tenantOf(who);
    sessions[who] = await signIn(t().app, who);
  }
  const db = t().database.db;
  const h = await db
    .selectFrom('home')
    .select(['id', 'org_id'])
    .where('name', '=', 'Elmtree House')
    .executeTakeFirstOrThrow();
  home = { id: h.id, orgId: h.org_id };
  contractId = (
    await db
      .selectFrom('contract_bed')
      .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
      .select('contract_bed.contract_id')
      .where('bed.home_id', '=', home.id)
      .executeTakeFirstOrThrow()
  ).contract_id;
});

describe('two LAs accept offers for one bed at the same moment', () => {
  it(`gives exactly one placement, ${ROUNDS} times over`, async () => {
    const db = t().database.db;
    for (let round = 0; round < ROUNDS; round++) {
      const bedId = await newBed(round);
      const a = await referAndOffer('officer.ealing', `EAL-RACE-${round}`, bedId);
      const b = await referAndOffer('officer.hillingdon', `HIL-RACE-${round}`, bedId);
      const [ra, rb] = await Promise.all([
        sessions['officer.ealing']!.post(`/referrals/${a.referralId}/recipients/${a.copy}/accept`, {}),
        sessions['officer.hillingdon']!.post(`/referrals/${b.referralId}/recipients/${b.copy}/accept`, {}),
      ]);
      const statuses = [ra.statusCode, rb.statusCode].sort();
      expect(statuses, `round ${round}`).toEqual([303, 409]);
      const loser = ra.statusCode === 409 ? ra : rb;
      expect(loser.body).toContain(BED_TAKEN_MESSAGE.slice(0, 60));

      const placements = await db
        .selectFrom('bed_interval')
        .select(['placing_org_id'])
        .where('bed_id', '=', bedId)
        .where('kind', '=', 'placement')
        .execute();
      expect(placements, `round ${round}`).toHaveLength(1);

      const [won, lost] = ra.statusCode === 303 ? [a, b] : [b, a];
      const winner = await db
        .selectFrom('referral')
        .select(['status', 'placement_id'])
        .where('id', '=', won.referralId)
        .executeTakeFirstOrThrow();
      expect(winner.status).toBe('placed');
      const loserRef = await db
        .selectFrom('referral')
        .select(['status', 'placement_id', 'live_offer_ids', 'outcome'])
        .where('id', '=', lost.referralId)
        .executeTakeFirstOrThrow();
      expect(loserRef).toEqual({
        status: 'searching',
        placement_id: null,
        live_offer_ids: [],
        outcome: null,
      });
      const loserCopy = await db
        .selectFrom('referral_recipient')
        .select(['status', 'superseded_by'])
        .where('id', '=', lost.copy)
        .executeTakeFirstOrThrow();
      expect(loserCopy).toEqual({ status: 'superseded', superseded_by: won.copy });
      const loserPlacements = await db
        .selectFrom('placement')
        .innerJoin('referral', 'referral.child_id', 'placement.child_id')
        .select('placement.id')
        .where('referral.id', '=', lost.referralId)
        .execute();
      expect(loserPlacements).toEqual([]);
    }
  });

  it('when the ledger refuses the bed (taken outside the pathway), the acceptance rolls back whole', async () => {
    const db = t().database.db;
    const bedId = await newBed(1000);
    const a = await referAndOffer('officer.ealing', 'EAL-RACE-LEDGER', bedId);
    // The provider marks the bed unavailable from the offered start: the ledger now refuses a placement.
    await db
      .insertInto('bed_interval')
      .values({
        org_id: home.orgId,
        bed_id: bedId,
        bed_seq: (await db.selectFrom('bed').select('seq').where('id', '=', bedId).executeTakeFirstOrThrow())
          .seq,
        kind: 'unavailable-provider',
        from_date: '2026-11-26',
        to_date: '2026-12-10',
        reason: 'Repairs',
      })
      .execute();
    const res = await sessions['officer.ealing']!.post(
      `/referrals/${a.referralId}/recipients/${a.copy}/accept`,
      {},
    );
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('This bed is no longer free from the offered start date');
    const copy = await db
      .selectFrom('referral_recipient')
      .select(['status'])
      .where('id', '=', a.copy)
      .executeTakeFirstOrThrow();
    const referral = await db
      .selectFrom('referral')
      .select(['status', 'placement_id'])
      .where('id', '=', a.referralId)
      .executeTakeFirstOrThrow();
    expect([copy.status, referral.status, referral.placement_id]).toEqual(['offered', 'offered', null]);
    const events = await db
      .selectFrom('referral_event')
      .select('type')
      .where('recipient_id', '=', a.copy)
      .execute();
    expect(events.map((e) => e.type)).not.toContain('offer-accepted');
  });
});
