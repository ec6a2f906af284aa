import { describe, expect, it } from 'vitest';
import { expectAccessible, signInAs, useBrowser } from './harness.ts';

const j = useBrowser();

describe('signing in and the dashboards', () => {
  it('a placement officer signs in and sees their LA’s dashboard', async () => {
    const page = await j().newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in to Sufficiency' })).toBeTruthy();
    await expectAccessible(page, 'sign-in');
    await signInAs(page, 'officer.ealing');
    await page.getByRole('heading', { name: 'Ealing: placements' }).waitFor();
    expect(await page.getByText('Placement officer, Ealing').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'placement officer dashboard');
  });

  it('a provider manager signs in and sees their homes', async () => {
    const page = await j().newPage();
    await signInAs(page, 'manager.elmtree');
    await page.getByRole('heading', { name: 'Elmtree Care Ltd' }).waitFor();
    const homes = await page.locator('.app-stat', { hasText: 'homes' }).first().innerText();
    expect(homes).toMatch(/^3\s+homes/);
    await expectAccessible(page, 'provider dashboard');
  });

  it('shows a clear error summary for a wrong password, accessibly', async () => {
    const page = await j().newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('officer.ealing@demo.example');
    await page.getByLabel('Password', { exact: true }).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'sign-in error');
  });

  it('every role’s dashboard, the account page and the admin pages pass axe', async () => {
    for (const who of ['commissioner.ealing', 'analyst.hub', 'admin.ealing']) {
      const page = await j().newPage();
      await signInAs(page, who);
      await expectAccessible(page, `${who} dashboard`);
      for (const path of ['/account', '/accessibility', '/privacy', '/api/docs', '/no-such-page']) {
        await page.goto(path);
        await expectAccessible(page, `${who} ${path}`);
      }
      if (who === 'admin.ealing') {
        for (const path of ['/admin/users', '/admin/users/new', '/admin/audit']) {
          await page.goto(path);
          await expectAccessible(page, path);
        }
        await page
          .getByRole('button', { name: 'Add user' })
          .isVisible()
          .catch(() => false);
      }
      await page.context().close();
    }
  });
});
