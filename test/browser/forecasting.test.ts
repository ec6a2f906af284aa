/**
 * Forecasting in Chromium: a commissioner adds three years of the synthetic LA's SSDA903 returns
 * (2021-22 to 2023-24, a year at a time), watches the import job finish and reads what was
 * imported; a bad file is refused with its row and column named; she runs a forecast, reads the
 * fan chart and its table, changes a scenario lever and compares it with the baseline, downloads
 * the xlsx (its sheets checked), runs a backtest, and shares the forecast with the hub, whose
 * analyst then reads it. axe-core runs on every page and state: empty, full and with errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { importSsda903 } from '../../src/importers/ssda903/import-files.ts';
import { expectAccessible, signInAs, useBrowser } from './harness.ts';

const j = useBrowser({ runJobs: true });
const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'ssda903', 'la-small');
const YEARS = ['2022', '2023', '2024'];
const BAD = join(import.meta.dirname, '..', 'fixtures', 'ssda903', 'bad-code', '2023');

async function waitForJob(page: Page): Promise<void> {
  await page.waitForURL(/\/jobs\//);
  await page.locator('#job-result').waitFor({ timeout: 90_000 });
}

const number = (s: string) => Number(s.replace(/−/g, '-').replace(/[^\d.-]/g, ''));

describe('forecasting', () => {
  it('a commissioner imports returns, forecasts, compares a scenario, downloads it and backtests', async () => {
    const hub = await j().newPage();
    await signInAs(hub, 'analyst.hub');
    await hub.goto('/forecasting');
    await hub.locator('#no-shared').waitFor();
    await expectAccessible(hub, 'hub forecasts, none shared');

    const page = await j().newPage();
    await signInAs(page, 'commissioner.ealing');
    await page.getByRole('link', { name: 'Forecasts' }).first().click();
    await page.getByRole('heading', { name: 'Forecasts', exact: true }).waitFor();
    await page.locator('#no-datasets').waitFor();
    await expectAccessible(page, 'forecasts, empty');
    await page.goto('/forecasting/forecasts/new');
    await page.locator('#no-datasets').waitFor();
    await expectAccessible(page, 'run a forecast, no returns');
    await page.goto('/forecasting/backtests/new');
    await page.locator('#no-datasets').waitFor();
    await expectAccessible(page, 'run a backtest, no returns');

    // A dataset: a name is needed.
    await page.goto('/forecasting');
    await page.getByRole('button', { name: 'Add SSDA903 returns' }).click();
    await page.getByRole('heading', { name: 'Add your SSDA903 returns' }).waitFor();
    await expectAccessible(page, 'add returns');
    await page.getByLabel('Name these returns').fill('');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('There is a problem').waitFor();
    await expectAccessible(page, 'add returns, with errors');
    await page.getByLabel('Name these returns').fill('Synthetic returns 2021-22 to 2023-24');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Synthetic returns 2021-22 to 2023-24' }).waitFor();
    await page.locator('#no-files').waitFor();
    await expectAccessible(page, 'a dataset, no files');

    // No file chosen: refused, naming the field.
    await page.getByRole('button', { name: 'Add files' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#files"]').count()).toBe(1);
    await expectAccessible(page, 'a dataset, adding no file');

    // A year at a time: the header, episodes and UASC files of each year.
    for (const year of YEARS) {
      await page.getByLabel('Collection year').fill(year);
      await page
        .locator('#files')
        .setInputFiles(['header.csv', 'episodes.csv', 'uasc.csv'].map((f) => join(SAMPLE, year, f)));
      await page.getByRole('button', { name: 'Add files' }).click();
      await page.getByText('3 files added').waitFor();
    }
    expect(await page.locator('#draft-files tbody tr').count()).toBe(9);
    await expectAccessible(page, 'a dataset with files');

    // Import, watching the job.
    await page.getByRole('button', { name: 'Import these returns' }).click();
    await waitForJob(page);
    await expectAccessible(page, 'import job, finished');
    await page.locator('#job-result').click();
    await page.locator('#import-summary').waitFor();
    await expectAccessible(page, 'imported returns');
    const engine = await importSsda903(
      YEARS.flatMap((y) => ['header.csv', 'episodes.csv', 'uasc.csv'].map((f) => join(SAMPLE, y, f))),
    );
    expect(number(await page.locator('#summary-children').innerText())).toBe(engine.dataset.children.count);
    expect(number(await page.locator('#summary-episodes').innerText())).toBe(engine.dataset.episodes.count);
    expect(await page.locator('#summary-years').innerText()).toBe('3');
    expect(await page.locator('#warning-kinds').innerText()).toContain(
      'codes used outside their collection years',
    );
    const datasetUrl = page.url();

    // A bad file is refused, row and column named, and nothing imported.
    await page.goto('/forecasting/datasets/new');
    await page.getByLabel('Name these returns').fill('A bad extract');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Collection year').fill('2023');
    await page.locator('#files').setInputFiles([join(BAD, 'header.csv'), join(BAD, 'episodes.csv')]);
    await page.getByRole('button', { name: 'Add files' }).click();
    await page.getByText('2 files added').waitFor();
    await page.getByRole('button', { name: 'Import these returns' }).click();
    await waitForJob(page);
    await page.locator('#job-result').click();
    await page.locator('#refused').waitFor();
    expect(await page.locator('#problems tbody tr').first().innerText()).toMatch(
      /2023\/episodes\.csv\s+3\s+PLACE\s+"X9" is not a PLACE code/,
    );
    await expectAccessible(page, 'a refused import');

    // A forecast: the form, a bad value refused, then run.
    await page.goto(datasetUrl);
    await page.getByRole('button', { name: 'Forecast from these returns' }).click();
    await page.getByRole('heading', { name: 'Run a forecast' }).waitFor();
    await expectAccessible(page, 'run a forecast');
    await page.getByLabel('1 year (12 months)').check();
    await page.getByText('Runs, seed and name').click();
    await page.getByLabel('Simulation runs').fill('5');
    await page.getByRole('button', { name: 'Run the forecast' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#simulations"]').count()).toBe(1);
    await expectAccessible(page, 'run a forecast, with errors');
    await page.getByLabel('Simulation runs').fill('200');
    await page.getByRole('button', { name: 'Run the forecast' }).click();
    await waitForJob(page);
    await page.locator('#job-result').click();

    // The fan chart and its table.
    await page.locator('#fan-total').waitFor();
    await expectAccessible(page, 'forecast results');
    expect(await page.locator('#fan-total svg[role="img"]').count()).toBe(1);
    expect(await page.locator('#fan-total svg polygon').count()).toBe(2); // 95% and 80% bands
    const rows = page.locator('#fan-total-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(12);
    const last = (await rows.last().locator('td').allInnerTexts()).map((x) => x.trim());
    expect(Math.round(number(last[1]!))).toBe(number(await page.locator('#expected-total').innerText()));
    expect(last[2]).toMatch(/^[\d,]+ to [\d,]+$/);
    expect(await page.locator('section.app-fc-fan').count()).toBe(8);
    expect(await page.locator('#spend-table tbody tr').count()).toBeGreaterThan(0);
    await page.locator('#no-scenarios').waitFor();
    const forecastUrl = page.url();

    // A scenario: a bad lever is refused, then fewer entries beside the baseline.
    await page.getByLabel('Change in children entering care').fill('-900');
    await page.getByRole('button', { name: 'Run with this scenario' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#entryChange"]').count()).toBe(1);
    await expectAccessible(page, 'forecast results, with a bad lever');
    await page.getByLabel('Scenario name').fill('Fewer entries');
    await page.getByLabel('Change in children entering care').fill('-25');
    await page.getByRole('button', { name: 'Run with this scenario' }).click();
    await waitForJob(page);
    await page.locator('#job-result').click();
    await page.locator('#scenario-0').waitFor();
    await expectAccessible(page, 'forecast results with a scenario');
    const total = (await page.locator('#scenario-0-table tbody tr').last().locator('td').allInnerTexts()).map(
      number,
    );
    expect(total[1]!).toBeLessThan(total[0]!); // fewer children in care than the baseline
    expect(total[2]!).toBeLessThan(0);
    expect(await page.locator('#scenario-0-spend tbody tr').count()).toBeGreaterThan(0);

    // The xlsx.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#export-link').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^forecast-Ealing-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as never);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(
      expect.arrayContaining(['Children by category', 'Spend by year', 'Scenario children', 'Code mapping']),
    );
    const sheet = wb.getWorksheet('Scenario children')!;
    expect(JSON.stringify(sheet.getSheetValues())).toContain('Fewer entries');

    // A backtest: no cut-off is refused; then one.
    await page.goto('/forecasting/backtests/new');
    await page.getByRole('heading', { name: 'Run a backtest' }).waitFor();
    await expectAccessible(page, 'run a backtest');
    for (const box of await page.locator('input[name="cutoffs"]').all()) await box.uncheck();
    await page.getByRole('button', { name: 'Run the backtest' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#cutoffs"]').count()).toBe(1);
    await expectAccessible(page, 'run a backtest, with errors');
    await page.getByLabel('31 March 2023').check();
    await page.getByText('Runs and seed').click();
    await page.getByLabel('Simulation runs per cut-off').fill('100');
    await page.getByRole('button', { name: 'Run the backtest' }).click();
    await waitForJob(page);
    await page.locator('#job-result').click();
    await page.locator('#by-category').waitFor();
    await expectAccessible(page, 'backtest results');
    expect(await page.locator('#by-category tbody tr').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#overall-mape').innerText()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator('#backtest-chart-title').count()).toBe(1);

    // Share the forecast with the hub; its analyst reads it and the region's sum.
    await page.goto(forecastUrl);
    await page.getByRole('button', { name: 'Share with the hub' }).click();
    await page.getByText('Shared with the hub').first().waitFor();
    await expectAccessible(page, 'forecast, shared');
    await hub.goto('/forecasting');
    await hub.locator('#shared-list').waitFor();
    await expectAccessible(hub, 'hub forecasts, one shared');
    await hub.locator('#shared-list a').first().click();
    await hub.locator('#fan-total').waitFor();
    expect(await hub.locator('#try-scenario').count()).toBe(0);
    await expectAccessible(hub, 'a shared forecast, read by the hub');
  });
});
