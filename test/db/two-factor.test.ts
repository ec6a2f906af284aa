import { describe, expect, it } from 'vitest';
import { stepAt, totpCode } from '../../src/app/auth/totp.ts';
import { cookieValue, useTestApp } from '../helpers/app.ts';

const t = useTestApp({ config: { requireTotpFor: ['admin', 'hub-analyst'], seedDemo: false } });

async function passwordStep(email: string) {
  const { app } = t();
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  const pre = cookieValue(form, 'sufficiency_csrf');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `sufficiency_csrf=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, email, password: 'sufficiency-demo' }).toString(),
  });
  return { res, cookie: `sufficiency_session=${cookieValue(res, 'sufficiency_session')}` };
}

async function post(cookie: string, url: string, form: Record<string, string>, from: string) {
  const page = await t().app.inject({ method: 'GET', url: from, headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return t().app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
  });
}

async function secretOf(email: string): Promise<string> {
  const u = await t()
    .database.db.selectFrom('app_user')
    .select('totp_secret')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return u.totp_secret!;
}

describe('two-factor authentication', () => {
  it('makes a hub analyst set it up before anything else, and then asks for a fresh code at every sign-in', async () => {
    const email = 'analyst.hub@demo.example';
    const first = await passwordStep(email);
    expect(first.res.headers.location).toBe('/');
    const home = await t().app.inject({ method: 'GET', url: '/', headers: { cookie: first.cookie } });
    expect(home.headers.location).toBe('/account/two-factor');
    const api = await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: first.cookie } });
    expect(api.json().error.code).toBe('second-factor-required');

    const setup = await t().app.inject({
      method: 'GET',
      url: '/account/two-factor',
      headers: { cookie: first.cookie },
    });
    expect(setup.body).toContain('Your role must use two-factor authentication');
    const secret = await secretOf(email);
    expect(setup.body).toContain(`data-secret="${secret}"`);
    const wrong = await post(
      first.cookie,
      '/account/two-factor/enable',
      { code: '000000' },
      '/account/two-factor',
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Enter the 6-digit code');
    const step = stepAt(Date.now());
    const ok = await post(
      first.cookie,
      '/account/two-factor/enable',
      { code: totpCode(secret, step) },
      '/account/two-factor',
    );
    expect(ok.statusCode).toBe(303);
    expect(
      (await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: first.cookie } }))
        .statusCode,
    ).toBe(200);

    // Next sign-in: the password alone is not enough.
    const second = await passwordStep(email);
    expect(second.res.headers.location).toBe('/sign-in/two-factor?next=%2F');
    expect(
      (await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: second.cookie } }))
        .statusCode,
    ).toBe(401);
    const replay = await post(
      second.cookie,
      '/sign-in/two-factor',
      { code: totpCode(secret, step) },
      '/sign-in/two-factor',
    );
    expect(replay.statusCode).toBe(400); // that code was used to set it up
    const fresh = await post(
      second.cookie,
      '/sign-in/two-factor',
      { code: totpCode(secret, step + 1) },
      '/sign-in/two-factor',
    );
    expect(fresh.statusCode).toBe(303);
    expect(
      (await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: second.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('is optional for a placement officer, who can turn it on and off with a code', async () => {
    const email = 'officer.barnet@demo.example';
    const s = await passwordStep(email);
    expect(
      (await t().app.inject({ method: 'GET', url: '/', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
    const setup = await t().app.inject({
      method: 'GET',
      url: '/account/two-factor',
      headers: { cookie: s.cookie },
    });
    expect(setup.body).not.toContain('Your role must use');
    const secret = await secretOf(email);
    const step = stepAt(Date.now());
    expect(
      (
        await post(
          s.cookie,
          '/account/two-factor/enable',
          { code: totpCode(secret, step) },
          '/account/two-factor',
        )
      ).statusCode,
    ).toBe(303);
    const off = await post(
      s.cookie,
      '/account/two-factor/disable',
      { code: totpCode(secret, step + 1) },
      '/account/two-factor',
    );
    expect(off.statusCode).toBe(303);
    const after = await t()
      .database.db.selectFrom('app_user')
      .select(['totp_secret', 'totp_enabled_at'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ totp_secret: null, totp_enabled_at: null });
  });
});
