/**
 * The referral pathway in a browser, end to end: two LAs refer boys to one soft-block vacancy with
 * the GOV.UK question pages; the provider compares them, asks one LA a question and offers; that
 * LA answers and accepts; the bed board shows the placement; the other LA sees the vacancy is gone
 * and its referral still live with other homes. axe-core on every page the pathway adds, in its
 * empty, full and error states.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInAs, useBrowser } from './harness.ts';

const j = useBrowser();

type Answers = Record<string, string | string[]>;
const BOY: Answers = {
  'bornIn-month': '6',
  'bornIn-year': '2012',
  sex: 'male',
  primaryNeed: 'ebd',
  neededBy: 'gt-5-days',
  'latestStart-day': '4',
  'latestStart-month': '12',
  'latestStart-year': '2026',
  siblingCount: '0',
  familyPostcodeSector: 'W5 3',
  keepSchool: 'no',
  isPreferredLocationLocal: 'yes',
  communicationNeeds: 'no',
  communicationRequirements: ['none'],
  culturalNeeds: 'not-required',
  homeAdaptationRequired: 'no',
  livingCompanions: 'no-preference',
  pets: 'yes-can',
  risks: ['missing'],
  residentialSuitability: 'preferred',
  fosterSuitability: 'suitable-not-preferred',
  supportedAccommodationSuitability: 'unsuitable',
  additionalSupport: ['na'],
  deprivationOfLiberty: 'no',
  penPortrait: 'Loves football and drawing; settles with calm, consistent adults.',
};

/** Answers whatever fields of `a` the current question page has, then continues. */
async function answerPage(page: Page, a: Answers) {
  for (const [name, value] of Object.entries(a)) {
    const inputs = page.locator(`[name="${name}"]`);
    const n = await inputs.count();
    if (n === 0) continue;
    const type = await inputs.first().getAttribute('type');
    if (type === 'radio') await page.locator(`input[name="${name}"][value="${value}"]`).check();
    else if (type === 'checkbox')
      for (const v of [value].flat()) await page.locator(`input[name="${name}"][value="${v}"]`).check();
    else if ((await inputs.first().evaluate((e) => e.tagName)) === 'SELECT')
      await inputs.first().selectOption(String(value));
    else await inputs.first().fill(String(value));
  }
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** Makes and sends a referral through every question page; returns the referral's page URL. */
async function refer(page: Page, childRef: string, check: (label: string) => Promise<void> = async () => {}) {
  await page.goto('/referrals');
  await check('referrals list');
  await page.getByRole('button', { name: 'Make a referral' }).click();
  await check('start page');
  await page.getByRole('button', { name: 'Start' }).click();
  for (let step = 1; step <= 9; step++) {
    await page.getByText(`step ${step} of 9`).waitFor();
    await check(`question page ${step}`);
    await answerPage(page, { childRef, ...BOY });
  }
  await page.getByRole('heading', { name: 'Check your answers before sending the referral' }).waitFor();
  await check('check answers');
  await page.getByRole('button', { name: 'Send referral' }).click();
  await page.getByText(/^Referral [A-Z]{3}-R\d+ sent$/).waitFor();
  await check('referral page after sending');
  return page.url();
}

describe('the referral pathway', () => {
  it('two LAs refer, the provider compares, asks, offers; one LA answers and accepts; the other sees the vacancy gone', async () => {
    const db = j().database.db;

    // Ealing refers through the question pages, meeting an error on the way.
    const ealing = await j().newPage();
    await signInAs(ealing, 'officer.ealing');
    await ealing.goto('/referrals/new');
    await ealing.getByRole('button', { name: 'Start' }).click();
    await ealing.getByRole('button', { name: 'Save and continue' }).click();
    await ealing.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await ealing.title()).toMatch(/^Error: /);
    expect(await ealing.getByRole('link', { name: 'Enter the child reference' }).count()).toBe(1);
    await expectAccessible(ealing, 'question page with errors');
    const ealingUrl = await refer(ealing, 'EAL-BROWSER-1', (label) =>
      expectAccessible(ealing, `Ealing ${label}`),
    );
    expect(await ealing.getByRole('cell', { name: /Elmtree House/ }).count()).toBeGreaterThan(0);

    // Hillingdon refers a boy too; both reach the same soft-block vacancy at Elmtree House.
    const hillingdon = await j().newPage();
    await signInAs(hillingdon, 'officer.hillingdon');
    const hillingdonUrl = await refer(hillingdon, 'HIL-BROWSER-1');

    // The provider sees both, ranked with reasons, and compares them.
    const elmtree = await j().newPage();
    await signInAs(elmtree, 'manager.elmtree');
    await elmtree.goto('/inbox');
    await elmtree.getByRole('heading', { name: 'Elmtree House' }).waitFor();
    await expectAccessible(elmtree, 'inbox');
    const section = elmtree.locator('table', {
      has: elmtree.getByText('Referrals for Elmtree House, best match first'),
    });
    await section.getByRole('link', { name: /^Ealing: 14, male/ }).waitFor();
    await section.getByRole('link', { name: /^Hillingdon: 14, male/ }).waitFor();
    const boxes = section.locator('input[name="ids"]');
    expect(await boxes.count()).toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await elmtree.getByRole('button', { name: 'Compare selected referrals' }).click();
    await elmtree.getByRole('heading', { name: 'Compare referrals' }).waitFor();
    expect(await elmtree.getByRole('columnheader', { name: /Ealing for Elmtree House/ }).count()).toBe(1);
    expect(await elmtree.getByRole('columnheader', { name: /Hillingdon for Elmtree House/ }).count()).toBe(1);
    await expectAccessible(elmtree, 'compare');

    // It opens Ealing's referral, says it is interested, asks a question and offers the bed.
    await elmtree.getByRole('link', { name: /Ealing for Elmtree House/ }).click();
    await elmtree.getByRole('heading', { name: 'Referral for Elmtree House' }).waitFor();
    await expectAccessible(elmtree, 'referral (profile)');
    expect(await elmtree.getByText('EAL-BROWSER-1').count()).toBe(0);
    await elmtree.getByRole('button', { name: 'We are interested: show the fuller papers' }).click();
    await elmtree.getByRole('heading', { name: 'Fuller papers' }).waitFor();
    await elmtree.getByRole('button', { name: 'Send question' }).click();
    await elmtree.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(elmtree, 'referral with a question error');
    await elmtree.getByLabel('Ask Ealing a question').fill('How does he get on with younger children?');
    await elmtree.getByRole('button', { name: 'Send question' }).click();
    await elmtree.getByText('Question sent').waitFor();
    await elmtree.locator('input[name="startOn-day"]').fill('31');
    await elmtree.locator('input[name="startOn-month"]').fill('2');
    await elmtree.locator('input[name="startOn-year"]').fill('2027');
    await elmtree.getByRole('button', { name: 'Make the offer' }).click();
    await elmtree.getByRole('link', { name: 'Enter a real start date' }).waitFor();
    await expectAccessible(elmtree, 'offer with an impossible date');
    await elmtree.locator('input[name="startOn-day"]').fill('25');
    await elmtree.locator('input[name="startOn-month"]').fill('11');
    await elmtree.locator('input[name="startOn-year"]').fill('2026');
    await elmtree.getByRole('button', { name: 'Make the offer' }).click();
    await elmtree.getByRole('heading', { name: 'Offer made' }).waitFor();
    await expectAccessible(elmtree, 'referral with an offer');

    // Ealing is told, answers the question and accepts.
    await ealing.goto('/notifications');
    await ealing.getByRole('link', { name: /Offer from Elmtree Care Ltd/ }).waitFor();
    await expectAccessible(ealing, 'notifications');
    await ealing.goto(ealingUrl);
    await ealing.getByRole('heading', { name: 'Questions to answer' }).waitFor();
    await ealing.getByRole('button', { name: 'Send answer' }).click();
    await ealing.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(ealing, 'referral with an answer error');
    await ealing
      .getByLabel('Your answer to Elmtree House')
      .fill('Very well: he looks after two younger cousins.');
    await ealing.getByRole('button', { name: 'Send answer' }).click();
    await ealing.getByText('Answer sent').waitFor();
    await ealing.getByRole('button', { name: 'Accept the offer from Elmtree House' }).click();
    await ealing.getByText('Offer accepted: Elmtree House').waitFor();
    await ealing.getByText('Placed', { exact: true }).first().waitFor();
    await expectAccessible(ealing, 'placed referral');

    // The bed board shows the placement.
    const contract = await db
      .selectFrom('contract')
      .innerJoin('contract_bed', 'contract_bed.contract_id', 'contract.id')
      .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
      .innerJoin('home', 'home.id', 'bed.home_id')
      .select(['contract.id'])
      .where('home.name', '=', 'Elmtree House')
      .executeTakeFirstOrThrow();
    await elmtree.goto(`/contracts/${contract.id}/beds`);
    await elmtree.getByRole('heading', { name: 'Every interval' }).waitFor();
    const occupiedFromOffer = elmtree
      .locator('tr', { hasText: '25 November 2026' })
      .filter({ hasText: 'Occupied' });
    expect(await occupiedFromOffer.count()).toBeGreaterThan(0);
    expect(await occupiedFromOffer.first().innerText()).toContain('Ealing');

    // Hillingdon sees the vacancy gone, and its referral still live with other homes.
    await hillingdon.goto('/notifications');
    await hillingdon.getByRole('link', { name: 'The vacancy at Elmtree House has been filled' }).waitFor();
    await hillingdon.goto(hillingdonUrl);
    const elmtreeRow = hillingdon.locator('tr', { hasText: 'Elmtree House' }).first();
    expect(await elmtreeRow.innerText()).toContain('Superseded by another placement');
    expect(await hillingdon.getByText('Searching', { exact: true }).count()).toBeGreaterThan(0);
    expect(await hillingdon.locator('tr', { hasText: 'Sent, not yet opened' }).count()).toBeGreaterThan(0);
    await expectAccessible(hillingdon, 'referral after the vacancy was filled');
  });

  it('the other pages pass axe in their empty and error states', async () => {
    const la = await j().newPage();
    await signInAs(la, 'officer.brent');
    for (const path of [
      '/referrals',
      '/referrals?show=ended',
      '/referrals/import',
      '/outcomes',
      '/notifications',
    ]) {
      await la.goto(path);
      await expectAccessible(la, `Brent ${path}`);
    }
    // Withdrawing and closing one of Brent's live referrals, with a refused close first.
    await la.goto('/referrals');
    await la
      .locator('a[href^="/referrals/"]', { hasText: /^BRE-R\d+$/ })
      .first()
      .click();
    const referralUrl = la.url();
    await la.goto(`${referralUrl}/withdraw`);
    await expectAccessible(la, 'withdraw');
    await la.goto(`${referralUrl}/close`);
    await expectAccessible(la, 'close');
    await la.locator('input[name="outcome"][value="placed-spot"]').check();
    await la.getByRole('button', { name: 'Close the referral' }).click();
    await la.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(la, 'close with errors');
    await la.locator('input[name="placementType"][value="residential"]').check();
    await la.locator('input[name="startOn-day"]').fill('18');
    await la.locator('input[name="startOn-month"]').fill('11');
    await la.locator('input[name="startOn-year"]').fill('2026');
    await la.getByRole('button', { name: 'Close the referral' }).click();
    await la.getByRole('heading', { name: 'Referral closed' }).waitFor();
    await la.goto('/outcomes');
    await la.getByRole('img', { name: 'How referrals ended' }).waitFor();
    await expectAccessible(la, 'outcomes with a chart');

    // An import refused, every problem listed.
    await la.goto('/referrals/import');
    await la.locator('input[type="file"]').setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('child_ID,when_placement_is_needed_by\nBRE-1,Tomorrow\n'),
    });
    await la.getByRole('button', { name: 'Upload and import' }).click();
    // The file is stored and imported by a job: its progress page, then the result.
    await la.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    const jobId = la.url().split('/').pop()!;
    while (await j().app.jobs.runOnce()) {}
    await la.goto(`/referrals/import/${jobId}`);
    await la.getByRole('heading', { name: 'The file was not imported' }).waitFor();
    await la.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(la, 'import with errors');

    // A provider with nothing waiting, and the hub's regional view.
    const harbour = await j().newPage();
    await signInAs(harbour, 'manager.harbour');
    await harbour.goto('/inbox');
    await expectAccessible(harbour, 'Harbour inbox');
    const hub = await j().newPage();
    await signInAs(hub, 'analyst.hub');
    await hub.goto('/outcomes');
    await hub
      .getByRole('cell', { name: 'Brent' })
      .or(hub.getByRole('rowheader', { name: 'Brent' }))
      .first()
      .waitFor();
    await expectAccessible(hub, 'hub outcomes');
  });
});
