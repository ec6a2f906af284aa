/**
 * Deciding a contract's extension options (the "+1"s of 3+1+1): only the lead's commissioners may;
 * options are decided in order and once; the term, its end date and everything charged after it
 * follow; every decision is audited; two people deciding at once cannot both succeed.
 * The demo's two soft blocks are led by the hub: three years from 2025 plus two one-year options.
 */
import { describe, expect, it } from 'vitest';
import { replaceExtensions } from '../../src/db/queries/contracts.ts';
import { withSystem } from '../../src/db/tenant.ts';
import { signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();

async function contract(reference: string) {
  return t()
    .database.db.selectFrom('contract')
    .select(['id', 'end_date', 'terms'])
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}
const endOf = async (reference: string) => {
  const d = (await contract(reference)).end_date as unknown;
  return d instanceof Date ? d.toISOString().slice(0, 10) : String(d);
};

describe('deciding an extension', () => {
  it('is offered to the lead only; other roles and parties are refused', async () => {
    const { id } = await contract('WL-SB-001');
    const hub = await signIn(t().app, 'analyst.hub');
    const page = await hub.get(`/contracts/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Decide extension 1');

    const party = await signIn(t().app, 'commissioner.ealing');
    const seen = await party.get(`/contracts/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('Decide extension');
    expect((await party.get(`/contracts/${id}/extension`)).statusCode).toBe(403);
    const refused = await party.api('POST', `/api/v1/contracts/${id}/extensions`, {
      extension: 1,
      exercise: true,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('which leads the contract');

    const provider = await signIn(t().app, 'manager.elmtree');
    expect((await provider.get(`/contracts/${id}/extension`)).statusCode).toBe(403);
    const officer = await signIn(t().app, 'officer.ealing');
    expect(
      (await officer.post(`/contracts/${id}/extension`, { extension: '1', decision: 'exercise' })).statusCode,
    ).toBe(403);
    expect(await endOf('WL-SB-001')).toBe('2028-04-01');
  });

  it('asks for a choice, then runs the term on when exercised, and audits it', async () => {
    const { id } = await contract('WL-SB-001');
    const hub = await signIn(t().app, 'analyst.hub');
    const form = await hub.get(`/contracts/${id}/extension`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Decide extension 1 (1 year)');
    expect(form.body).toContain('The contract runs to 31 March 2029');

    const empty = await hub.post(`/contracts/${id}/extension`, { extension: '1' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('Select whether to exercise the extension');
    expect(await endOf('WL-SB-001')).toBe('2028-04-01');

    const done = await hub.post(`/contracts/${id}/extension`, { extension: '1', decision: 'exercise' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/contracts/${id}`);
    expect(await endOf('WL-SB-001')).toBe('2029-04-01');
    const flashed = done.cookies.find((c) => c.name === 'sufficiency_flash');
    const after = await hub.get(`/contracts/${id}`, {
      cookie: `${hub.cookie}; sufficiency_flash=${flashed?.value}`,
    });
    expect(after.body).toContain('Extension 1 exercised: WL-SB-001 now runs to 31 March 2029');
    expect(after.body).toContain('Decide extension 2');
    expect(after.body).toContain('1: 1 year (exercised)');

    const audit = await t()
      .database.db.selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('entity_type', '=', 'contract')
      .where('entity_id', '=', id)
      .execute();
    expect(audit.map((a) => a.detail)).toContainEqual({
      extension: 1,
      exercised: true,
      months: 12,
      was: '2028-04-01',
      endDate: '2029-04-01',
    });

    // The same form sent again (a second tab) is refused, naming why, and changes nothing.
    const again = await hub.post(`/contracts/${id}/extension`, { extension: '1', decision: 'decline' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Extension 1 has already been decided');
    expect(await endOf('WL-SB-001')).toBe('2029-04-01');
  });

  it('over the API: not taken keeps the end and closes the run; refusals are named', async () => {
    const { id } = await contract('WL-SB-001');
    const hub = await signIn(t().app, 'analyst.hub');
    const outOfRange = await hub.api('POST', `/api/v1/contracts/${id}/extensions`, {
      extension: 3,
      exercise: true,
    });
    expect(outOfRange.statusCode).toBe(409);
    expect(outOfRange.json().error.message).toBe('This contract has 2 extension options, not 3');

    const declined = await hub.api('POST', `/api/v1/contracts/${id}/extensions`, {
      extension: 2,
      exercise: false,
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toEqual({
      reference: 'WL-SB-001',
      extension: 2,
      exercised: false,
      months: 12,
      was: '2029-04-01',
      endDate: '2029-04-01',
    });
    const page = await hub.get(`/contracts/${id}`);
    expect(page.body).not.toContain('Decide extension');
    const nothing = await hub.get(`/contracts/${id}/extension`);
    expect(nothing.body).toContain('No extension to decide');

    const bad = await hub.api('POST', `/api/v1/contracts/${id}/extensions`, {
      extension: 'one',
      exercise: 'yes',
    });
    expect(bad.statusCode).toBe(400);
    const missing = await hub.api(
      'POST',
      '/api/v1/contracts/00000000-0000-4000-8000-000000000000/extensions',
      {
        extension: 1,
        exercise: true,
      },
    );
    expect(missing.statusCode).toBe(404);
  });

  it('lets only one of two people deciding at once succeed', async () => {
    const { id } = await contract('WL-SB-002');
    const hub = await signIn(t().app, 'analyst.hub');
    const [a, b] = await Promise.all([
      hub.api('POST', `/api/v1/contracts/${id}/extensions`, { extension: 1, exercise: true }),
      hub.api('POST', `/api/v1/contracts/${id}/extensions`, { extension: 1, exercise: false }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = (a.statusCode === 200 ? a : b).json() as { exercised: boolean; endDate: string };
    expect(await endOf('WL-SB-002')).toBe(winner.endDate);
    const stored = (await contract('WL-SB-002')).terms as { term: { extensions: { exercised?: boolean }[] } };
    expect(stored.term.extensions[0]?.exercised).toBe(winner.exercised);
    const decisions = await t()
      .database.db.selectFrom('audit_event')
      .select('detail')
      .where('entity_type', '=', 'contract')
      .where('entity_id', '=', id)
      .execute();
    expect(decisions).toHaveLength(1);
  });

  it('changes nothing when the options read are no longer the stored ones (the race the use case loses)', async () => {
    const c = await contract('WL-SB-002');
    const lead = (
      await t()
        .database.db.selectFrom('contract')
        .select('org_id')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow()
    ).org_id;
    // Options as another request read them before this one's change (never what is stored now).
    const stale = [{ months: 12, exercised: false }, { months: 12 }];
    const changed = await withSystem(t().database.db, (trx) =>
      replaceExtensions(trx, {
        contractId: c.id,
        leadOrgId: lead,
        was: stale,
        now: [{ months: 12, exercised: true }, { months: 12 }],
        endDate: '2029-07-01',
      }),
    );
    expect(changed).toBe(false);
    expect((await contract('WL-SB-002')).terms).toEqual(c.terms);
  });
});
