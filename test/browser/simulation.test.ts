/**
 * Business cases in Chromium: a commissioner starts a business case prefilled from the demo data
 * (WL-SB-001's terms, the region's referrals and spot rates), runs it, watches the job finish,
 * reads the results and the sizing sweep, changes the appraisal weights, downloads the
 * business-case pack (its sheets checked) and the printable page, and compares the contract with
 * the business case. The hub shares a business case; an authority reads it. axe-core runs on every
 * page and state: empty, full and with errors.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInAs, useBrowser } from './harness.ts';

const j = useBrowser({ runJobs: true });

/** The API as the signed-in page (its cookies), with the CSRF token. */
async function api(page: Page, method: 'GET' | 'POST', url: string, body?: unknown) {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { csrfToken: string };
  const res = await page.request.fetch(url, {
    method,
    headers: { 'x-csrf-token': me.csrfToken, accept: 'application/json' },
    ...(body === undefined ? {} : { data: body }),
  });
  return { status: res.status(), json: (await res.json()) as Record<string, unknown> };
}

async function waitForJob(page: Page): Promise<void> {
  await page.waitForURL(/\/jobs\//);
  await page.locator('#job-result').waitFor({ timeout: 90_000 });
}

describe('business cases', () => {
  it('a commissioner builds, runs and reads a business case, and downloads the pack', async () => {
    const page = await j().newPage();
    await signInAs(page, 'commissioner.ealing');
    await page.getByRole('link', { name: 'Business cases' }).first().click();
    await page.getByRole('heading', { name: 'Business cases', exact: true }).waitFor();
    expect(await page.locator('#no-business-cases').count()).toBe(1);
    await expectAccessible(page, 'business cases, empty');

    // Start: nothing chosen is refused, naming the fields.
    await page.getByRole('button', { name: 'Start a business case' }).click();
    await page.getByRole('heading', { name: 'Start a business case' }).waitFor();
    await expectAccessible(page, 'start a business case');
    await page.getByLabel('Authorities taking part').first().isVisible();
    await page
      .locator('#la')
      .uncheck()
      .catch(() => {});
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#name"]').count()).toBe(1);
    expect(await page.locator('.govuk-error-summary a[href="#segment"]').count()).toBe(1);
    await expectAccessible(page, 'start a business case, with errors');

    await page.getByLabel('Name').fill('West London EBD block: re-let');
    await page.getByLabel('Emotional and behavioural, standard').check();
    await page.getByLabel('Emotional and behavioural, with exploitation or missing risk').check();
    await page.getByLabel('WL-SB-001: West London').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the figures' }).waitFor();
    await expectAccessible(page, 'check the figures (prefilled)');

    // Prefilled from the contract and the spot-rate table, saying so.
    expect(await page.locator('[name="block.beds"]').inputValue()).toBe('12');
    expect(await page.locator('[name="block.weeklyPounds"]').inputValue()).toBe('4300');
    expect(Number(await page.locator('[name="spot.weeklyPounds"]').inputValue())).toBeGreaterThan(5750);
    await page.getByText('WL-SB-001’s starting weekly price.').waitFor();
    await page.getByText(/spot-rate table: emotional and behavioural, standard £5,750/).waitFor();
    expect(await page.locator('[name="las[0].share"]').inputValue()).toMatch(/^14\.28/);
    // Authorities with no referrals on the platform are left for the commissioner to estimate.
    for (let i = 0; i < 7; i++) {
      const rate = page.locator(`[name="las[${i}].referralsPerYear"]`);
      if ((await rate.inputValue()) === '') await rate.fill('3');
    }

    // A bad figure is refused with its field named; nothing is saved.
    await page.locator('[name="simulation.runs"]').fill('400');
    await page.locator('[name="simulation.sweep.maxBeds"]').fill('16');
    await page.locator('[name="spot.weeklyPounds"]').fill('');
    await page.locator('[name="las[6].share"]').fill('5');
    await page.getByRole('button', { name: 'Save the business case' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#spot-weeklyPounds"]').count()).toBe(1);
    await page.locator('.govuk-error-summary a[href="#las-6-share"]').waitFor();
    await expectAccessible(page, 'check the figures, with errors');
    await page.locator('[name="spot.weeklyPounds"]').fill('6000');
    await page.locator('[name="las[6].share"]').fill('1/7');
    await page.getByRole('button', { name: 'Save the business case' }).click();

    // The business case, not run yet; run it and watch the job finish.
    await page.getByRole('heading', { name: 'West London EBD block: re-let' }).waitFor();
    expect(await page.locator('#no-runs').count()).toBe(1);
    await expectAccessible(page, 'a business case, not run');
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    await waitForJob(page);
    await page.locator('#job-result').click();

    // The results.
    await page.getByRole('heading', { name: 'Results', exact: true }).waitFor();
    await expectAccessible(page, 'results');
    expect(await page.locator('#probability-saves').innerText()).toMatch(/^\d+%$/);
    expect(await page.locator('#cost-table').innerText()).toContain('Saving against spot only');
    await page.getByRole('heading', { name: 'Sizing sweep: how many beds?' }).waitFor();
    expect(await page.locator('#sizing-table tbody tr').count()).toBe(17);
    expect(await page.locator('#best-sizes').innerText()).toMatch(/\d+ beds has the lowest mean cost/);
    await page.getByRole('heading', { name: 'Pooling: sharing the beds' }).waitFor();
    expect(await page.locator('#pooling-table tbody tr').count()).toBe(2);
    const ranks = async () =>
      (await page.locator('#appraisal-table tbody th').allInnerTexts()).map((x) => x.trim());
    const before = await ranks();
    expect(before).toHaveLength(3);

    // Weights: a bad one is refused, naming it; then cost alone decides.
    await page.getByLabel('Viability: mean cost over the term').fill('lots');
    await page.getByRole('button', { name: 'Score again with these weights' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#weight-cost"]').count()).toBe(1);
    await expectAccessible(page, 'results, with a bad weight');
    await page.getByLabel('Desirability: children placed locally').fill('0');
    await page.getByLabel('Viability: mean cost over the term').fill('100');
    await page.getByLabel('Risk: spread of the cost (p95 − p5)').fill('0');
    await page.getByRole('button', { name: 'Score again with these weights' }).click();
    await page.getByText('These are your weights, not the business case’s own.').waitFor();
    await expectAccessible(page, 'results, re-weighted');
    const costRanked = await ranks();
    expect([...costRanked].sort()).toEqual([...before].sort());
    expect(await page.locator('#appraisal-table thead').innerText()).toContain('weight 100%');

    // The business-case pack, with the user's weights.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download-pack').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^business-case-West-London-EBD-block-re-let-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Assumptions',
      'Summary',
      'Costs',
      'Occupancy and children',
      'By LA',
      'Monthly occupancy',
      'Sizing sweep',
      'Pooling',
      'Pooling (Erlang)',
      'Options appraisal',
      'Appraisal reasoning',
      'Options modelled',
    ]);
    const options = wb.getWorksheet('Options appraisal')!;
    const preamble = options.getRow(4).getCell(1).text;
    expect(preamble).toContain('Viability: mean cost over the term 100%');
    expect(wb.getWorksheet('Sizing sweep')!.rowCount).toBeGreaterThan(17);

    // The printable page.
    await page.getByRole('link', { name: 'Printable business case' }).click();
    await page.getByRole('heading', { name: 'West London EBD block: re-let' }).waitFor();
    await page.getByRole('button', { name: 'Print this page' }).waitFor();
    await expectAccessible(page, 'printable business case');

    // Monitoring the live contract it is linked to, and changing the figures.
    await page.goBack();
    await page.getByRole('link', { name: 'West London EBD block: re-let', exact: true }).click();
    await page.getByRole('heading', { name: 'West London EBD block: re-let' }).waitFor();
    await expectAccessible(page, 'a business case, run');
    await page.getByRole('link', { name: 'Compare the contract with this business case' }).click();
    await page.getByRole('heading', { name: 'The contract against its business case' }).waitFor();
    expect(await page.locator('#monitoring-table tbody tr').count()).toBeGreaterThan(12);
    await expectAccessible(page, 'monitoring');
    await page.goBack();
    await page.getByRole('button', { name: 'Change the figures' }).click();
    await page.getByRole('heading', { name: /^Change / }).waitFor();
    await expectAccessible(page, 'change the figures');

    await page.goto('/business-cases');
    await expectAccessible(page, 'business cases, listed');
  });

  it('the hub shares a business case with an authority taking part, which reads it', async () => {
    const hub = await j().newPage();
    await signInAs(hub, 'analyst.hub');
    const file = {
      name: 'Hub: two-bed block for Ealing',
      startDate: '2027-04-01',
      termMonths: 24,
      las: [{ code: '307', name: 'Ealing', referralsPerYear: 6, share: 1 }],
      stayLength: { kind: 'exponential', meanDays: 240 },
      matching: { probability: 0.7, days: 14 },
      block: { beds: 2, weeklyPounds: 4800 },
      spot: { weeklyPounds: 6000, outOfAreaProbability: 0.6 },
      simulation: { runs: 200, seed: 4 },
    };
    const created = await api(hub, 'POST', '/api/v1/scenarios', file);
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    await hub.goto(`/business-cases/${id}`);
    await hub.getByRole('heading', { name: file.name }).waitFor();
    // Not linked to a contract: monitoring says so.
    await hub.goto(`/business-cases/${id}/monitoring`);
    await hub.locator('#monitoring-missing').waitFor();
    await expectAccessible(hub, 'monitoring, not linked');
    await hub.goto(`/business-cases/${id}`);
    await hub.getByLabel('Ealing').check();
    await hub.getByRole('button', { name: 'Save sharing' }).click();
    await hub.getByText('Shared with 1 authority').waitFor();
    await hub.getByRole('button', { name: 'Run the simulation' }).click();
    await waitForJob(hub);
    await hub.locator('#job-result').click();
    await hub.getByRole('heading', { name: 'Results', exact: true }).waitFor();
    const resultUrl = hub.url();

    const la = await j().newPage();
    await signInAs(la, 'commissioner.ealing');
    await la.goto('/business-cases');
    await la.getByRole('link', { name: file.name, exact: true }).click();
    await la.getByRole('button', { name: 'Make a copy' }).waitFor();
    expect(await la.getByRole('button', { name: 'Run the simulation' }).count()).toBe(0);
    await expectAccessible(la, 'a shared business case');
    await la.goto(resultUrl);
    await la.getByRole('heading', { name: 'Results', exact: true }).waitFor();
    await la.goto(`/business-cases/${id}/edit`);
    await la.getByRole('heading', { name: 'There is a problem' }).waitFor();

    // A long run cancelled from its job page stops, and stores nothing.
    await hub.goto(`/business-cases/${id}`);
    await hub.getByLabel('Runs').fill('20000');
    await hub.getByRole('button', { name: 'Run the simulation' }).click();
    await hub.waitForURL(/\/jobs\//);
    await hub.getByRole('button', { name: 'Cancel' }).click();
    await hub.getByText('Cancelled').first().waitFor();
    const runs = (await api(hub, 'GET', `/api/v1/scenarios/${id}`)).json.runs as Array<{
      id: string;
      status: string;
    }>;
    expect(runs[0]!.status).toBe('cancelled');
    await hub.goto(`/business-cases/runs/${runs[0]!.id}`);
    await hub.getByRole('heading', { name: 'The simulation has not finished' }).waitFor();
    await hub.getByText('was cancelled').waitFor();
    await expectAccessible(hub, 'a cancelled run');
    const run = (await api(hub, 'GET', `/api/v1/simulation-runs/${runs[0]!.id}`)).json;
    expect(run.result).toBeNull();
  });
});
