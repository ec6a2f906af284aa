import { describe, expect, it } from 'vitest';
import { expectAccessible, signInAs, useBrowser } from './harness.ts';

const j = useBrowser({ config: { requireTotpFor: ['admin', 'hub-analyst'], seedDemo: true } });

describe('two-factor authentication in the browser', () => {
  it('a hub analyst sets it up at first sign-in, then signs in with a code (demo accounts show theirs)', async () => {
    const page = await j().newPage();
    await signInAs(page, 'analyst.hub');
    await page.waitForURL('**/account/two-factor');
    await page.getByText('Your role must use two-factor authentication').waitFor();
    await expectAccessible(page, 'two-factor set-up');

    // A wrong code is refused with an error summary naming the field.
    await page.getByLabel('Code', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByText('There is a problem').waitFor();
    await expectAccessible(page, 'two-factor set-up error');

    await page
      .getByLabel('Code', { exact: true })
      .fill((await page.locator('#demo-code').innerText()).trim());
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByText('Two-factor authentication is on').waitFor();

    // Sign out and back in: the code step comes after the password.
    await page.goto('/account');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signInAs(page, 'analyst.hub');
    await page.waitForURL('**/sign-in/two-factor**');
    await expectAccessible(page, 'code step');
    await page
      .getByLabel('Code', { exact: true })
      .fill((await page.locator('#demo-code').innerText()).trim());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'West London Children’s Commissioning Hub' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });
});
