/**
 * Contract journeys in Chromium: a commissioner reads a contract's KPIs and downloads a statement
 * (and the spreadsheet says what the page says); a provider marks a bed unavailable with a reason
 * and sees the effect on the next month's statement; the hub, which leads the demo blocks, decides
 * an extension and the term runs on. axe-core runs on every contract page, in its full, empty and
 * error states.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { vacantContractBeds } from '../../src/db/queries/ledger.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { expectAccessible, signInAs, useBrowser } from './harness.ts';

const j = useBrowser();

async function openContract(page: Page, reference: string) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Contracts' }).click();
  await page.getByRole('heading', { name: 'Contracts', level: 1 }).waitFor();
  await page.getByRole('link', { name: reference }).click();
  await page.getByRole('heading', { name: 'Terms', exact: true }).waitFor();
}

async function chooseMonth(page: Page, month: string) {
  await page.getByLabel('Month').selectOption(month);
  await page.getByRole('button', { name: 'Show this month' }).click();
  await page.waitForURL((u) => u.searchParams.get('month') === month);
}

/** Bed-days in a state from the statement page's "Bed-days this month" table. */
async function bedDays(page: Page, state: string): Promise<number> {
  const row = page
    .locator('table', { hasText: 'Bed-days this month by state' })
    .locator('tr', { hasText: state });
  return Number((await row.locator('td').first().innerText()).replace(/,/g, ''));
}

describe('contracts', () => {
  it('a commissioner reads a contract’s KPIs and downloads a statement that matches the page', async () => {
    const page = await j().newPage();
    await signInAs(page, 'commissioner.ealing');
    await openContract(page, 'WL-SB-001');
    expect(await page.getByText('Participating authorities and their shares').count()).toBe(1);
    await expectAccessible(page, 'contract terms');

    await page.getByRole('link', { name: 'KPIs' }).click();
    await page.getByRole('heading', { name: 'KPIs', level: 1 }).waitFor();
    const occupancy = await page
      .locator('.app-figure', { hasText: 'occupancy of paid bed-days' })
      .innerText();
    expect(occupancy).toMatch(/^\d+\.\d%/);
    expect(await page.getByRole('img', { name: 'Occupancy by month' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'By authority' }).getByRole('row').count()).toBe(8);
    await expectAccessible(page, 'KPIs');

    // A narrower period, then a bad one (the error state).
    await page.getByLabel('First day').fill('2026-01-01');
    await page.getByLabel('Last day').fill('2026-06-30');
    await page.getByRole('button', { name: 'Show these days' }).click();
    await page.getByText('From 1 January 2026 to 30 June 2026').first().waitFor();
    await page.getByLabel('Last day').fill('2025-01-01');
    await page.getByRole('button', { name: 'Show these days' }).click();
    await page.getByText('There is a problem').waitFor();
    await expectAccessible(page, 'KPIs with an error');

    await page.getByRole('link', { name: 'Statements' }).click();
    await chooseMonth(page, '2026-10');
    const caption = await page.locator('caption', { hasText: 'What Ealing owes' }).innerText();
    const pageTotal = Number(/£([\d,]+\.\d\d)/.exec(caption)![1]!.replace(/,/g, ''));
    expect(await page.getByText('What Brent owes').count()).toBe(0);
    await expectAccessible(page, 'statement');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download your statement as a spreadsheet (xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('WL-SB-001-statement-2026-10-la.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'LA statement lines']);
    const summary: Array<[string, unknown]> = [];
    wb.getWorksheet('Summary')!.eachRow((row) => {
      if (typeof row.getCell(7).value === 'number')
        summary.push([String(row.getCell(5).value), row.getCell(7).value]);
    });
    expect(summary).toEqual([['Ealing', pageTotal]]);
    let sum = 0;
    const las = new Set<string>();
    const lines = wb.getWorksheet('LA statement lines')!;
    lines.eachRow((row) => {
      const amount = row.getCell(13).value;
      if (typeof amount === 'number') {
        sum += Math.round(amount * 100);
        las.add(String(row.getCell(3).value));
      }
    });
    expect([...las]).toEqual(['Ealing']);
    expect(sum / 100).toBe(pageTotal);

    // A month before the contract: the empty state.
    await page.goto(`${page.url().split('?')[0]}?month=2024-01`);
    await page.getByText('The contract is not in force in January 2024').waitFor();
    await expectAccessible(page, 'statement of a month before the contract');
  });

  it('a provider marks a bed unavailable with a reason and sees the effect on the next statement', async () => {
    const page = await j().newPage();
    await signInAs(page, 'manager.elmtree');
    await openContract(page, 'WL-SB-001');
    const contractUrl = page.url();
    await page.getByRole('link', { name: 'Statements' }).click();
    await chooseMonth(page, '2026-12');
    const before = await bedDays(page, 'Unavailable (agreed with LAs, paid as void)');
    await expectAccessible(page, 'provider statement');

    const db = j().database.db;
    const manager = await db
      .selectFrom('app_user')
      .innerJoin('organisation', 'organisation.id', 'app_user.org_id')
      .select(['app_user.id as userId', 'organisation.id as orgId', 'organisation.region_code as regionCode'])
      .where('email', '=', 'manager.elmtree@demo.example')
      .executeTakeFirstOrThrow();
    const vacant = await withTenant(
      db,
      { ...manager, orgKind: 'provider', role: 'provider-manager' },
      (trx) => vacantContractBeds(trx, '2026-11-20'),
    );
    const bed = vacant[0]!;

    await page.getByRole('link', { name: 'Bed board' }).click();
    await page.getByRole('heading', { name: 'Bed board', level: 1 }).waitFor();
    await expectAccessible(page, 'provider bed board');
    await page.locator(`a[href="/beds/${bed.bedId}/unavailable"]`).click();
    await page.getByRole('heading', { name: `Mark ${bed.bedLabel} unavailable` }).waitFor();
    await expectAccessible(page, 'mark unavailable');

    // Without a reason: refused, with the field named.
    await page.getByLabel('Agreed with the authorities, for example the impact on current residents').check();
    const from = page.getByRole('group', { name: 'First day it cannot be used' });
    await from.getByLabel('Day').fill('5');
    await from.getByLabel('Month').fill('12');
    await from.getByLabel('Year').fill('2026');
    const to = page.getByRole('group', { name: 'First day it can be used again (optional)' });
    await to.getByLabel('Day').fill('15');
    await to.getByLabel('Month').fill('12');
    await to.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Mark unavailable' }).click();
    await page.getByRole('link', { name: /Give the reason/ }).waitFor();
    await expectAccessible(page, 'mark unavailable with an error');

    await page
      .getByLabel('Reason')
      .fill('Impact on current residents: a new admission would unsettle the group');
    await page.getByRole('button', { name: 'Mark unavailable' }).click();
    await page.getByText(`${bed.bedLabel} in ${bed.homeName} is marked unavailable`).waitFor();
    expect(await page.getByText('Impact on current residents: a new admission').count()).toBeGreaterThan(0);

    await page.goto(`${contractUrl}/statements?month=2026-12`);
    expect(await bedDays(page, 'Unavailable (agreed with LAs, paid as void)')).toBe(before + 10);
    const pool = page
      .locator('table', { hasText: 'Shared charges' })
      .locator('tr', { hasText: 'Share of agreed unavailability' });
    expect(await pool.locator('td').first().innerText()).toBe(String(before + 10));

    // Ending it early, from the bed board.
    await page.goto(`${contractUrl}/beds?from=2026-12-01&to=2026-12-31`);
    await page
      .getByRole('link', { name: `End this unavailability of ${bed.homeName}, ${bed.bedLabel}` })
      .click();
    await expectAccessible(page, 'end unavailability');
    const again = page.getByRole('group', { name: 'First day the bed can be used again' });
    await again.getByLabel('Day').fill('4');
    await page.getByRole('button', { name: 'End the unavailability' }).click();
    await page.getByText('There is a problem').waitFor();
    await expectAccessible(page, 'end unavailability with an error');
    await again.getByLabel('Day').fill('10');
    await page.getByRole('button', { name: 'End the unavailability' }).click();
    await page.getByText('can be used again from 2026-12-10').waitFor();
    await page.goto(`${contractUrl}/statements?month=2026-12`);
    expect(await bedDays(page, 'Unavailable (agreed with LAs, paid as void)')).toBe(before + 5);
  });

  it('the lead decides the next extension, and the contract runs on', async () => {
    const page = await j().newPage();
    await signInAs(page, 'analyst.hub');
    await openContract(page, 'WL-SB-002');
    const terms = page.locator('.govuk-summary-list');
    expect(await terms.innerText()).toContain('1: 1 year (not yet decided)');
    await page.getByRole('button', { name: 'Decide extension 1 of WL-SB-002' }).click();
    await page.getByRole('group', { name: 'Decide extension 1 (1 year)' }).waitFor();
    await expectAccessible(page, 'decide an extension');

    // Sent without a choice: the error names the question, and nothing is decided.
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'decide an extension with an error');
    await page.getByRole('link', { name: 'Select whether to exercise the extension' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('decision');

    await page.getByLabel('Exercise it').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('Extension 1 exercised: WL-SB-002 now runs to 30 June 2029').waitFor();
    expect(await terms.innerText()).toContain('1: 1 year (exercised); 2: 1 year (not yet decided)');
    expect(await page.getByRole('button', { name: 'Decide extension 2 of WL-SB-002' }).count()).toBe(1);
    // The coming decisions follow the new end.
    expect(await page.getByRole('table', { name: 'Coming decisions' }).innerText()).toContain('1 July 2029');
  });

  it('every other contract page passes axe, in its empty and error states', async () => {
    const empty = await j().newPage();
    await signInAs(empty, 'manager.brightpath');
    await empty.goto('/contracts');
    await empty.getByText('There are no contracts for Brightpath Homes yet').waitFor();
    await expectAccessible(empty, 'empty contract list');

    const hub = await j().newPage();
    await signInAs(hub, 'analyst.hub');
    await openContract(hub, 'WL-SB-002');
    for (const section of ['KPIs', 'Bed board', 'Statements']) {
      await hub.getByRole('link', { name: section, exact: true }).click();
      await hub.waitForLoadState();
      await expectAccessible(hub, `hub ${section}`);
    }
    await hub.goto(
      `${hub
        .url()
        .split('?')[0]!
        .replace(/\/statements$/, '/beds')}?from=2026-13-01`,
    );
    await expectAccessible(hub, 'bed board with an error');

    await hub.goto('/spot-rates');
    await expectAccessible(hub, 'spot rates');
    await hub.getByRole('button', { name: 'Add rate' }).click();
    await hub.getByText('There is a problem').waitFor();
    await expectAccessible(hub, 'spot rates with errors');

    await hub.goto('/contracts/new');
    await expectAccessible(hub, 'create a contract: provider');
    await hub.getByRole('button', { name: 'Continue' }).click();
    await hub.getByRole('link', { name: 'Choose the provider' }).waitFor();
    await expectAccessible(hub, 'create a contract: provider error');
    await hub.getByLabel('Meadowview Care Group').check();
    await hub.getByRole('button', { name: 'Continue' }).click();
    await hub.getByRole('heading', { name: 'Create a contract' }).waitFor();
    await expectAccessible(hub, 'create a contract form');
    await hub.getByLabel('Soft (collaborative) block: several authorities share beds and voids').check();
    await hub.getByLabel('Reference').fill('WL-SB-009');
    await hub.getByLabel('Harrow').fill('60%');
    await hub.getByLabel('Barnet').fill('30%');
    await hub.getByRole('button', { name: 'Create contract' }).click();
    await hub.getByText('The shares add up to 90%').first().waitFor();
    await expectAccessible(hub, 'create a contract with errors');

    const officer = await j().newPage();
    await signInAs(officer, 'officer.ealing');
    await officer.goto('/contracts');
    await officer.getByRole('link', { name: 'Your authority’s placements' }).click();
    await officer.getByRole('heading', { name: 'Ealing: placements' }).waitFor();
    await expectAccessible(officer, 'placements');
    await officer
      .getByRole('link', { name: /^End this placement/ })
      .first()
      .click();
    await officer.getByRole('heading', { name: 'End this placement' }).waitFor();
    await expectAccessible(officer, 'end a placement');
    await officer.getByRole('button', { name: 'End the placement' }).click();
    await officer.getByText('There is a problem').waitFor();
    await expectAccessible(officer, 'end a placement with an error');
    await officer.getByLabel('Planned: a move agreed in the care plan').check();
    await officer.getByRole('button', { name: 'End the placement' }).click();
    await officer.getByText(/^Placement .+ ended$/).waitFor();
    await expectAccessible(officer, 'placements after an ending');
  });
});
