/**
 * Directory journeys in Chromium: a placement officer enters a child's needs, the family's and the
 * school's postcodes, draws an area on the map, gets a ranked list and a map, exports the
 * shortlist (the spreadsheet is checked) and refers the child to two homes. A provider keeps its
 * homes' profiles; a hub analyst imports an Ofsted list. axe-core runs on every directory page,
 * with results, with none, and with errors.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateOfstedList, listToCsv } from '../fixtures/ofsted/generate-list.ts';
import { expectAccessible, signInAs, useBrowser } from './harness.ts';

const j = useBrowser({ runJobs: true });

async function ealingReferral() {
  const db = j().database.db;
  const ealing = await db
    .selectFrom('organisation')
    .select('id')
    .where('la_code', '=', '307')
    .executeTakeFirstOrThrow();
  return db
    .selectFrom('referral')
    .select(['id', 'reference'])
    .where('org_id', '=', ealing.id)
    .where('status', '=', 'searching')
    .executeTakeFirstOrThrow();
}

async function resultNames(page: Page): Promise<string[]> {
  return page.locator('.directory-result h3 a').allInnerTexts();
}

describe('finding a home', () => {
  it('a placement officer searches by needs, places and a drawn area, exports the shortlist and refers to two homes', async () => {
    const referral = await ealingReferral();
    const page = await j().newPage();
    await signInAs(page, 'officer.ealing');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Find a home' }).click();
    await page.getByRole('heading', { name: 'Find a home', level: 1 }).waitFor();
    await expectAccessible(page, 'search form');

    // The child's needs, and the places that matter.
    await page.getByLabel('Start from a live referral (optional)').selectOption(referral.id);
    await page.getByLabel('Age in years').fill('15');
    await page.getByRole('group', { name: 'Sex' }).getByLabel('Male', { exact: true }).check();
    await page.getByLabel('Primary need').selectOption('ebd');
    await page.getByLabel('Risk to child: criminal exploitation').check();
    await page.getByLabel('Family home: postcode sector').fill('W5 3');
    await page.getByLabel('School: postcode sector').fill('UB6 8');
    await page.getByLabel('Every place within a distance').check();
    await page.getByLabel('Distance for every place (miles, straight line)').fill('12');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: /homes? match/ }).waitFor();
    const before = await resultNames(page);
    expect(before.length).toBeGreaterThanOrEqual(2);
    await page.locator('.directory-map.leaflet-container').waitFor();
    await expectAccessible(page, 'search results');

    // Draw an area around the middle of the map: click four corners, then finish.
    await page.getByRole('button', { name: 'Draw an area' }).click();
    await page.locator('.directory-map').scrollIntoViewIfNeeded();
    const box = (await page.locator('.directory-map').boundingBox())!;
    for (const [fx, fy] of [
      [0.2, 0.2],
      [0.85, 0.2],
      [0.85, 0.85],
      [0.2, 0.85],
    ] as const) {
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    }
    await page.getByRole('button', { name: 'Finish area' }).click();
    const area = JSON.parse(await page.locator('#area').inputValue());
    expect(area.type).toBe('Polygon');
    expect(area.coordinates[0]).toHaveLength(5);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('area'));
    await page.getByText('An area drawn on the map limits the search').waitFor();
    const names = await resultNames(page);
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names.every((n) => before.includes(n))).toBe(true);
    // Ranked, with reasons and estimated travel times; the map draws the numbered homes.
    const first = page.locator('.directory-result').first();
    expect(await first.locator('.directory-reasons tbody tr').count()).toBe(6);
    expect(await first.innerText()).toMatch(
      /Family home: [\d.]+ miles \(straight line\), about \d+ min by road \(estimate\)/,
    );
    expect(await page.locator('.directory-map .leaflet-tooltip', { hasText: 'Family home' }).count()).toBe(1);
    await expectAccessible(page, 'results in a drawn area');

    // Tick two homes and export them.
    await page.locator('.directory-result').nth(0).getByRole('checkbox').check();
    await page.locator('.directory-result').nth(1).getByRole('checkbox').check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export shortlist (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('shortlist-2026-11-20.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.getWorksheet('Shortlist')!.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    const header = rows.findIndex((r) => r[0] === 'Rank');
    expect(rows.slice(header + 1).map((r) => r[1])).toEqual(names.slice(0, 2));
    expect(rows[header]).toContain('Travel time (estimate)');

    // Refer the child to the two ticked homes.
    await page.getByLabel('Referral to send').selectOption(referral.id);
    await page.getByRole('button', { name: 'Refer to selected homes' }).click();
    await page.getByRole('heading', { name: `Send referral ${referral.reference} to 2 homes` }).waitFor();
    await expectAccessible(page, 'refer: check the homes');
    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.getByText(`Referral ${referral.reference} sent to 2 homes`).waitFor();
    const sent = await j()
      .database.db.selectFrom('referral_recipient')
      .innerJoin('home', 'home.id', 'referral_recipient.home_id')
      .select('home.name')
      .where('referral_recipient.referral_id', '=', referral.id)
      .where('referral_recipient.stage', '=', 'targeted')
      .execute();
    expect(sent.map((s) => s.name).sort()).toEqual(names.slice(0, 2).sort());
    await expectAccessible(page, 'after referring');
  });

  it('says clearly when nothing matches, and what is wrong with a bad search', async () => {
    const page = await j().newPage();
    await signInAs(page, 'commissioner.ealing');
    await page.goto('/directory/search?familyPostcode=M1+1&rule=within&withinMiles=0.5&search=1');
    await page.getByText('No homes match.').waitFor();
    await expectAccessible(page, 'no results');
    await page.goto('/directory/search?familyPostcode=ZZ99&age=old&search=1');
    await page.getByText('There is a problem').waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await page.getByRole('link', { name: /ZZ99 is not a postcode area in England/ }).waitFor();
    await expectAccessible(page, 'search errors');
  });

  it('a home’s page, with a local quality note, passes axe for LA and provider alike', async () => {
    const home = await j()
      .database.db.selectFrom('home')
      .select('id')
      .where('name', '=', 'Harbour View')
      .executeTakeFirstOrThrow();
    const page = await j().newPage();
    await signInAs(page, 'analyst.hub');
    await page.goto(`/directory/homes/${home.id}`);
    await page.getByRole('heading', { name: 'Harbour View', level: 1 }).waitFor();
    await expectAccessible(page, 'home page (hub)');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Enter the note').first().waitFor();
    await expectAccessible(page, 'home page note error');
    await page.getByLabel('Add a note').fill('Quick to respond; strong on missing episodes.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Note added').waitFor();
    await expectAccessible(page, 'home page with a note');

    const provider = await j().newPage();
    await signInAs(provider, 'manager.harbour');
    await provider.goto(`/directory/homes/${home.id}`);
    expect(await provider.getByText('Quick to respond').count()).toBe(0);
    await expectAccessible(provider, 'home page (owner)');
  });
});

describe('keeping a home’s profile', () => {
  it('a provider confirms availability, edits the profile, prices and memberships', async () => {
    const page = await j().newPage();
    await signInAs(page, 'manager.elmtree');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your homes' }).click();
    await page.getByRole('heading', { name: 'Your homes' }).waitFor();
    await expectAccessible(page, 'your homes');

    await page.getByRole('link', { name: 'Confirm availability of Cedar Lodge' }).click();
    await page.getByLabel('How many beds are free to offer now?').fill('many');
    await page.getByRole('button', { name: 'Confirm availability' }).click();
    await page.getByText('There is a problem').waitFor();
    await expectAccessible(page, 'availability error');
    await page.getByLabel('How many beds are free to offer now?').fill('1');
    await page.getByRole('button', { name: 'Confirm availability' }).click();
    await page.getByText('Availability confirmed').waitFor();

    await page.getByRole('link', { name: 'Profile of Cedar Lodge' }).click();
    await page.getByRole('heading', { name: 'Who the home can care for' }).waitFor();
    await expectAccessible(page, 'profile form');
    await page
      .getByRole('group', { name: 'Needs the home cares for well' })
      .getByLabel('Risk to child: going missing')
      .check();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved').waitFor();
    await expectAccessible(page, 'home page after saving');

    await page.getByRole('link', { name: 'Prices' }).click();
    await expectAccessible(page, 'prices form');
    await page.locator('#weekly1').fill('4,650');
    await page.locator('#from1').fill('1/4/2026');
    await page.getByRole('button', { name: 'Save prices' }).click();
    await page.getByText('Prices saved').waitFor();

    await page.getByRole('link', { name: 'Blocks and frameworks' }).click();
    await expectAccessible(page, 'memberships form');
    await page.locator('#kind1').selectOption('dps');
    await page.locator('#name1').fill('North London DPS');
    await page.locator('#las1').fill('Nowhere-on-Sea');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('There is a problem').waitFor();
    await expectAccessible(page, 'memberships error');
    await page.locator('#las1').fill('Barnet, Enfield');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Blocks and frameworks saved').waitFor();
    await page.getByText('Dynamic purchasing system: North London DPS (for Barnet, Enfield)').waitFor();
  });
});

describe('Ofsted import', () => {
  it('a hub analyst uploads a list, follows the job and reads the changes; a bad file is refused', async () => {
    const page = await j().newPage();
    await signInAs(page, 'analyst.hub');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Ofsted import' }).click();
    await page.getByRole('heading', { name: 'Import an Ofsted provider list' }).waitFor();
    await expectAccessible(page, 'import form');
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByText('There is a problem').waitFor();
    await expectAccessible(page, 'import form error');

    await page.getByLabel('Provider list').setInputFiles({
      name: 'providers.csv',
      mimeType: 'text/csv',
      buffer: listToCsv(generateOfstedList('la-list', 60, 31)),
    });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/jobs\//);
    await page.getByRole('link', { name: 'See the result' }).click({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Provider list imported' }).waitFor();
    await page.getByRole('table', { name: /New registration \(60\)/ }).waitFor();
    await expectAccessible(page, 'import result');

    await page.goto('/directory/ofsted');
    await page
      .getByLabel('Provider list')
      .setInputFiles(new URL('../fixtures/ofsted/bad-postcodes.csv', import.meta.url).pathname);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/jobs\//);
    await page.getByRole('link', { name: 'See the result' }).click({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'The file was not imported' }).waitFor();
    expect(await page.locator('#problems tbody tr').count()).toBeGreaterThan(2);
    await expectAccessible(page, 'import refused');
  });
});
