/**
 * Regional intelligence in the browser: a hub analyst opens the price benchmark (in full and as
 * published), the gap analysis, generates and publishes the market position statement, runs a
 * tender from a bids file to the evaluation, exports it and closes it (the files are checked). An LA
 * commissioner and a provider read what they may. axe-core on every page, in every state (empty,
 * full, error).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/users/create-user.ts';
import { expectAccessible, signInAs, useBrowser } from './harness.ts';

const j = useBrowser();
const BIDS = new URL('../../docs/examples/tenders/bids.csv', import.meta.url).pathname;

async function download(page: Page, link: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), link()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
  return { name: file.suggestedFilename(), wb };
}

describe('regional intelligence', () => {
  it('a hub analyst opens the benchmark and the gap analysis, and exports each', async () => {
    const page = await j().newPage();
    await signInAs(page, 'analyst.hub');
    await page.getByRole('link', { name: 'Prices and gaps' }).first().click();
    await page.getByRole('heading', { name: 'Prices paid' }).waitFor();
    await page.getByText('You are seeing the region’s figures in full').waitFor();
    await expectAccessible(page, 'prices in full');
    const prices = await download(page, () =>
      page.getByRole('link', { name: 'Download these tables (xlsx)' }).click(),
    );
    expect(prices.name).toBe('prices-in-full-to-2026-10-01.xlsx');
    expect(prices.wb.worksheets.map((w) => w.name)).toEqual([
      'Prices',
      'By route',
      'On and off framework',
      'By notice given',
      'Cost split',
      'By quarter',
      'By year',
      'Providers',
    ]);
    // The first table's region total on the page is the workbook's.
    const total = await page.locator('#table-prices tbody tr').last().locator('td').nth(1).innerText();
    const sheet = prices.wb.worksheets[0]!;
    let last = 0;
    sheet.eachRow((row) => {
      if (typeof row.getCell(3).value === 'number') last = row.getCell(3).value as number;
    });
    expect(String(last)).toBe(total.replace(/,/g, ''));

    await page.getByRole('link', { name: 'see them as published' }).click();
    await page.getByText('You are seeing the figures as published').waitFor();
    await expectAccessible(page, 'prices as published');
    const published = await download(page, () =>
      page.getByRole('link', { name: 'Download these tables (xlsx)' }).click(),
    );
    expect(published.name).toBe('prices-as-published-to-2026-10-01.xlsx');

    await page.getByRole('link', { name: 'Sufficiency gaps' }).click();
    await page.getByRole('heading', { name: 'Sufficiency gaps', level: 1 }).waitFor();
    await expectAccessible(page, 'gaps');
    const gaps = await download(page, () =>
      page.getByRole('link', { name: 'Download these tables (xlsx)' }).click(),
    );
    expect(gaps.name).toBe('sufficiency-gaps-in-full-to-2026-10-01.xlsx');
    expect(gaps.wb.worksheets.map((w) => w.name)).toEqual([
      'By local authority',
      'By need segment',
      'By area',
      'By type sought',
    ]);
    const byLa: string[] = [];
    gaps.wb.worksheets[0]!.eachRow((row) => {
      if (typeof row.getCell(2).value === 'number') byLa.push(String(row.getCell(1).value));
    });
    expect(byLa.at(-1)).toBe('The region');
  });

  it('a hub analyst generates, prints and publishes the market position statement; LAs and providers read it', async () => {
    const provider = await j().newPage();
    await signInAs(provider, 'manager.elmtree');
    await provider.getByRole('link', { name: 'Market position' }).first().click();
    await provider.getByText('No statement has been published yet.').waitFor();
    await expectAccessible(provider, 'market position list, empty');

    const page = await j().newPage();
    await signInAs(page, 'analyst.hub');
    await page.goto('/regional/market-position');
    await expectAccessible(page, 'market position list, hub, empty');
    await page.getByRole('button', { name: 'Generate a statement from today’s data' }).click();
    await page
      .getByRole('heading', { name: 'London: market position statement for children’s placements' })
      .waitFor();
    await page.getByText('These figures are a simple projection, not a demand forecast').first().waitFor();
    await page.getByRole('button', { name: 'Print this statement' }).waitFor();
    await expectAccessible(page, 'market position statement, draft');
    const pack = await download(page, () =>
      page.getByRole('button', { name: 'Download the data pack (xlsx)' }).click(),
    );
    expect(pack.name).toBe('market-position-statement-2026-11-20-data-pack.xlsx');
    expect(pack.wb.worksheets.map((w) => w.name)).toEqual([
      'forecast',
      'needs',
      'distance',
      'prices',
      'price-trend',
      'route-mix',
      'routes',
    ]);
    // Printing hides the service's header and the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Publish this statement' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Publish this statement' }).click();
    await page.getByText('Statement published').waitFor();
    await expectAccessible(page, 'market position statement, published');

    await provider.reload();
    await provider
      .getByRole('link', { name: 'London: market position statement for children’s placements' })
      .click();
    await provider.getByRole('heading', { name: 'What we pay' }).waitFor();
    expect(await provider.getByRole('button', { name: 'Publish this statement' }).count()).toBe(0);
    await expectAccessible(provider, 'market position statement, provider');

    const la = await j().newPage();
    await signInAs(la, 'commissioner.ealing');
    await la.getByRole('link', { name: 'Market position' }).first().click();
    await la
      .getByRole('link', { name: 'London: market position statement for children’s placements' })
      .click();
    await la.getByRole('heading', { name: 'How we buy' }).waitFor();
    await expectAccessible(la, 'market position statement, LA');
  });

  it('a hub analyst runs a tender from the bids file to the evaluation, and exports it', async () => {
    const page = await j().newPage();
    await signInAs(page, 'analyst.hub');
    await page.getByRole('link', { name: 'Tenders' }).first().click();
    await page.getByText('There are no tenders yet.').waitFor();
    await expectAccessible(page, 'tenders, empty');
    await page.getByRole('button', { name: 'Start a tender' }).click();
    await expectAccessible(page, 'start a tender');
    await page.getByLabel('Reference').fill('WL-T-2026-01');
    await page.getByLabel('Name').fill('West London residential block beds');
    await page.getByLabel('Lots').fill('1: Residential beds\n2: Solo and complex');
    await page.getByLabel('Quality criteria').fill('Safeguarding, 40, 5\nOutcomes, 30, 5');
    await page.getByLabel('Ealing').check();
    await page.getByRole('button', { name: 'Start the tender' }).click();
    await page.getByText('The weights must add up to 100 (they add up to 70)').first().waitFor();
    await expectAccessible(page, 'start a tender, with an error');
    await page.getByLabel('Quality criteria').fill('Safeguarding, 40, 5\nOutcomes, 30, 5\nStaffing, 30, 5');
    await page.getByRole('button', { name: 'Start the tender' }).click();
    await page.getByText('Tender WL-T-2026-01 started').waitFor();
    await expectAccessible(page, 'tender, no bids');

    const tenderUrl = page.url();
    await page.goto(`${tenderUrl}/evaluation`);
    await page.getByText('The bids have not been scored yet.').waitFor();
    await expectAccessible(page, 'evaluation, not scored yet');
    await page.goto(tenderUrl);
    await page.getByRole('button', { name: 'Score the bids' }).click();
    await page.getByText('There are no bids to score yet').first().waitFor();
    await expectAccessible(page, 'tender, scored with no bids');

    await page.getByRole('button', { name: 'Change the rules' }).click();
    await expectAccessible(page, 'tender rules');
    await page.getByLabel('Price weight (%)').fill('75');
    await page.getByLabel('Quality weight (%)').fill('30');
    await page.getByRole('button', { name: 'Save the rules' }).click();
    await page.getByText('Price and quality weights must add up to 100').first().waitFor();
    await expectAccessible(page, 'tender rules, with an error');
    await page.getByLabel('Price weight (%)').fill('70');
    await page.getByRole('button', { name: 'Save the rules' }).click();
    await page.getByText('No rules changed').waitFor();

    await page.getByRole('button', { name: 'Upload bids' }).click();
    await expectAccessible(page, 'upload bids');
    await page.getByLabel('Bids file').setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'lot,bid_ref,provider,home,beds,weekly_price,"quality: Safeguarding (weight 40, max 5)","quality: Outcomes (weight 30, max 5)","quality: Staffing (weight 30, max 5)"\n1,B1,Acorn Care,Oak House,three,4200,4,4,3\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByText('Row 2, column “beds”').first().waitFor();
    await expectAccessible(page, 'upload bids, refused');
    await page.getByLabel('Bids file').setInputFiles(BIDS);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByText('6 bids added').waitFor();
    await expectAccessible(page, 'tender with bids');

    await page.getByRole('button', { name: 'Enter a bid' }).click();
    await expectAccessible(page, 'enter a bid');
    await page.getByRole('button', { name: 'Save the bid' }).click();
    await page.getByText('Enter the bid’s reference').first().waitFor();
    await expectAccessible(page, 'enter a bid, with errors');
    await page.getByRole('link', { name: 'Back to the tender' }).click();

    await page.getByRole('button', { name: 'Score the bids' }).click();
    await page.getByRole('heading', { name: 'Evaluation' }).waitFor();
    await page.getByText('Lot 1. 18 beds from 4 providers').waitFor();
    await page.getByText('Above a price weight of 63.64%, B1 ranks first instead of B3.').first().waitFor();
    await expectAccessible(page, 'evaluation');
    const ev = await download(page, () =>
      page.getByRole('button', { name: 'Download the evaluation (xlsx)' }).click(),
    );
    expect(ev.name).toBe('tender-WL-T-2026-01-evaluation.xlsx');
    const totals: Record<string, number> = {};
    ev.wb.getWorksheet('Scores and ranking')!.eachRow((row) => {
      if (typeof row.getCell(10).value === 'number')
        totals[`${row.getCell(1).value}/${row.getCell(3).value}`] = row.getCell(10).value as number;
    });
    expect(totals).toEqual({
      '1/B2': 88,
      '1/B1': 87.2,
      '1/B3': 84.6,
      '1/B4': 74.47,
      '2/N2': 88,
      '2/N1': 86.82,
    });

    const la = await j().newPage();
    await signInAs(la, 'commissioner.ealing');
    await la.goto('/tenders');
    await la.getByRole('link', { name: 'WL-T-2026-01' }).click();
    expect(await la.getByRole('button', { name: 'Score the bids' }).count()).toBe(0);
    await expectAccessible(la, 'tender, read by a participating LA');
    await la.goto('/tenders/00000000-0000-4000-8000-000000000000');
    await la.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expectAccessible(la, 'tender, not found');

    // The hub closes it: a confirmation shows the award going on record; then nothing can change.
    await page.getByRole('link', { name: 'Back to the tender' }).click();
    await page.getByRole('button', { name: 'Close the tender' }).click();
    await page.getByRole('heading', { name: 'Close the tender' }).waitFor();
    await page.getByText('Lot 1: 18 beds from').waitFor();
    await expectAccessible(page, 'close a tender');
    await page.getByRole('button', { name: 'Close the tender' }).click();
    await page.getByText('Tender WL-T-2026-01 closed').waitFor();
    await page.getByText('This tender is closed').waitFor();
    for (const action of ['Score the bids', 'Upload bids', 'Change the rules', 'Close the tender'])
      expect(await page.getByRole('button', { name: action }).count(), action).toBe(0);
    await expectAccessible(page, 'tender, closed');
    await la.goto(tenderUrl);
    await la.getByText('This tender is closed').waitFor();
  });

  it('an LA commissioner sees its own figures and the region’s suppressed; others are refused; an empty region shows empty states', async () => {
    const la = await j().newPage();
    await signInAs(la, 'commissioner.ealing');
    await la.getByRole('link', { name: 'Prices and gaps' }).first().click();
    await la.getByText('Your own authority’s figures are shown in full').waitFor();
    expect(await la.locator('.app-rg-hidden').count()).toBeGreaterThan(0);
    await expectAccessible(la, 'prices, LA');
    await la.goto('/regional/gaps');
    await expectAccessible(la, 'gaps, LA');

    const officer = await j().newPage();
    await signInAs(officer, 'officer.ealing');
    await officer.goto('/regional/prices');
    await officer.getByRole('heading', { name: 'You cannot use this page' }).waitFor();
    await expectAccessible(officer, 'prices, refused');

    // A hub in a region with no data on the platform.
    const db = j().database.db;
    const org = await db
      .insertInto('organisation')
      .values({
        kind: 'hub',
        name: 'North East Hub',
        region_code: 'E12000001',
        la_code: null,
        ons_code: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createUser(db, {
      email: 'analyst@north-east.example',
      displayName: 'North East analyst',
      role: 'hub-analyst',
      password: 'a long enough demo password',
      orgId: org.id,
    });
    const empty = await j().newPage();
    await signInAs(empty, 'analyst@north-east.example', 'a long enough demo password');
    await empty.goto('/regional/prices');
    await empty.getByRole('heading', { name: 'No placements yet' }).waitFor();
    await expectAccessible(empty, 'prices, empty');
    await empty.goto('/regional/gaps');
    await empty.getByRole('heading', { name: 'No referrals yet' }).waitFor();
    await expectAccessible(empty, 'gaps, empty');
    await empty.goto('/tenders');
    await empty.getByText('There are no tenders yet.').waitFor();
  });
});
