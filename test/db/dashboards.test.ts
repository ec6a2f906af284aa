import { describe, expect, it } from 'vitest';
import { signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();

describe('dashboards', () => {
  it('link every figure to a page that exists, for every role', async () => {
    for (const who of [
      'officer.ealing',
      'commissioner.ealing',
      'analyst.hub',
      'manager.elmtree',
      'admin.ealing',
    ]) {
      const s = await signIn(t().app, who);
      const home = await s.get('/');
      expect(home.statusCode, who).toBe(200);
      const links = [...home.body.matchAll(/class="govuk-link app-stat__link" href="([^"]+)"/g)].map((m) =>
        m[1]!.replace(/&amp;/g, '&'),
      );
      for (const link of links) expect([link, (await s.get(link)).statusCode]).toEqual([link, 200]);
    }
  });

  it('counts a referral with an offer as still waiting', async () => {
    const s = await signIn(t().app, 'officer.barnet');
    const before = Number(
      /(\d+)\s*<\/span>\s*<span class="app-stat__label">children waiting/.exec((await s.get('/')).body)?.[1],
    );
    const barnet = await t()
      .database.db.selectFrom('organisation')
      .select('id')
      .where('la_code', '=', '302')
      .executeTakeFirstOrThrow();
    await t()
      .database.db.updateTable('referral')
      .set({ status: 'offered' })
      .where('org_id', '=', barnet.id)
      .where('status', '=', 'searching')
      .execute();
    const after = Number(
      /(\d+)\s*<\/span>\s*<span class="app-stat__label">children waiting/.exec((await s.get('/')).body)?.[1],
    );
    expect(before).toBeGreaterThan(0);
    expect(after).toBe(before);
  });
});
