import { describe, expect, it } from 'vitest';
import { cookieValue, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();

async function postSignIn(email: string, password: string, next = '') {
  const { app } = t();
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  const pre = cookieValue(form, 'sufficiency_csrf');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  return app.inject({
    method: 'POST',
    url: `/sign-in${next}`,
    headers: { cookie: `sufficiency_csrf=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
}

describe('signing in', () => {
  it('signs a demo placement officer in to their own dashboard, and audits it', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const home = await s.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Ealing: placements');
    const audit = await t()
      .database.db.selectFrom('audit_event')
      .select(['action', 'entity_type'])
      .where('action', '=', 'sign-in')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('names the missing fields in an error summary and signs nobody in', async () => {
    const res = await postSignIn('', '');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Enter your email address');
    expect(res.body).toContain('Enter your password');
    expect(res.cookies.some((c) => c.name === 'sufficiency_session')).toBe(false);
  });

  it('gives the same message for a wrong password and an unknown account', async () => {
    const wrong = await postSignIn('officer.brent@demo.example', 'not-the-password');
    const unknown = await postSignIn('nobody@demo.example', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('Enter a correct email address and password');
    expect(unknown.body).toContain('Enter a correct email address and password');
  });

  it('locks an account with backoff after five failures, even against the right password', async () => {
    for (let i = 0; i < 5; i++)
      expect((await postSignIn('officer.harrow@demo.example', `wrong-${i}`)).statusCode).toBe(401);
    const locked = await postSignIn('officer.harrow@demo.example', 'sufficiency-demo');
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Too many failed attempts. Try again in 1 minute');
    // Another account is unaffected.
    expect((await postSignIn('officer.hounslow@demo.example', 'sufficiency-demo')).statusCode).toBe(303);
  });

  it('never redirects off-site after sign-in', async () => {
    const res = await postSignIn('officer.barnet@demo.example', 'sufficiency-demo', '?next=//evil.example/x');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });
});

describe('sessions and CSRF', () => {
  it('refuses a state-changing request without the CSRF token', async () => {
    const s = await signIn(t().app, 'admin.ealing');
    const res = await t().app.inject({
      method: 'POST',
      url: '/admin/users/new',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=x%40y.org&displayName=X&role=admin&password=long-enough-password',
    });
    expect(res.statusCode).toBe(403);
    const api = await t().app.inject({ method: 'POST', url: '/sign-out', headers: { cookie: s.cookie } });
    expect(api.statusCode).toBe(403);
  });

  it('ends the session on sign-out, so the cookie no longer works', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    expect((await s.get('/api/v1/me')).statusCode).toBe(200);
    expect((await s.post('/sign-out', {})).statusCode).toBe(303);
    expect((await s.get('/api/v1/me')).statusCode).toBe(401);
    expect((await s.get('/')).headers.location).toBe('/sign-in?next=%2F');
  });

  it('answers the API without a session with 401 and a JSON error', async () => {
    const res = await t().app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first' } });
  });

  it('sends security headers with a per-request script nonce', async () => {
    const a = await t().app.inject({ method: 'GET', url: '/sign-in' });
    const b = await t().app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(a.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toBe(String(b.headers['content-security-policy']));
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(a.headers['cache-control']).toBe('no-store');
  });
});

describe('administration', () => {
  it('lets an admin add a user to their own organisation, naming bad fields and writing nothing', async () => {
    const s = await signIn(t().app, 'admin.ealing');
    const bad = await s.post('/admin/users/new', {
      email: 'not-an-email',
      displayName: '',
      role: 'hub-analyst',
      password: 'short',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address like name@example.org');
    expect(bad.body).toContain('Enter the person’s name');
    expect(bad.body).toContain('Password must be at least 12 characters');
    expect(bad.body).toContain('cannot have the role hub-analyst');
    const ok = await s.post('/admin/users/new', {
      email: 'New.Officer@ealing.example',
      displayName: 'New Officer',
      role: 'placement-officer',
      password: 'a-long-enough-password',
    });
    expect(ok.statusCode).toBe(303);
    const fresh = await signIn(t().app, 'new.officer@ealing.example', 'a-long-enough-password');
    expect((await fresh.get('/')).body).toContain('Ealing: placements');
  });

  it('keeps the admin pages from other roles', async () => {
    const s = await signIn(t().app, 'officer.brent');
    expect((await s.get('/admin/users')).statusCode).toBe(403);
  });
});

describe('disabling accounts', () => {
  it('ends a disabled person’s sessions at once, and lets them back in when enabled', async () => {
    const admin = await signIn(t().app, 'admin.ealing');
    const officer = await signIn(t().app, 'commissioner.ealing');
    const id = (await officer.get('/api/v1/me')).json().user.id as string;
    expect((await admin.post(`/admin/users/${id}/disable`, {})).statusCode).toBe(303);
    expect((await officer.get('/api/v1/me')).statusCode).toBe(401);
    await expect(signIn(t().app, 'commissioner.ealing')).rejects.toThrow(/failed: 401/);
    expect((await admin.post(`/admin/users/${id}/enable`, {})).statusCode).toBe(303);
    expect((await (await signIn(t().app, 'commissioner.ealing')).get('/api/v1/me')).statusCode).toBe(200);
  });
});
