/**
 * Browser journeys: the real app on a random local port (over a fresh demo database), driven by
 * Debian's Chromium through playwright-core. Pages keep their Content-Security-Policy; axe-core is
 * evaluated through the DevTools protocol, which CSP does not block. Any console error (a CSP
 * violation, a failed script) fails the journey.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { DEMO_PASSWORD, demoEmail } from '../../src/db/seed/demo-region.ts';
import { buildApp } from '../../src/server/app.ts';
import type { Config } from '../../src/server/config.ts';
import { testConfig } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Journey {
  baseUrl: string;
  app: FastifyInstance;
  database: Database;
  browser: Browser;
  /** A fresh browser context (cookies) per person. */
  newPage(): Promise<Page>;
  consoleErrors: string[];
}

export function useBrowser(opts: { config?: Partial<Config>; runJobs?: boolean } = {}): () => Journey {
  let j: Journey | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const database = await testDatabase({ demo: true });
    const app = await buildApp({ db: database.db, config: testConfig(opts.config) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    if (opts.runJobs) app.jobs.start();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const consoleErrors: string[] = [];
    j = {
      baseUrl: `http://127.0.0.1:${port}`,
      app,
      database,
      browser,
      consoleErrors,
      async newPage() {
        const context = await browser.newContext({
          baseURL: `http://127.0.0.1:${port}`,
          acceptDownloads: true,
        });
        contexts.push(context);
        const page = await context.newPage();
        page.on('console', (msg) => {
          // A page's own 4xx status is logged as "Failed to load resource"; sub-resources are checked below.
          if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
            consoleErrors.push(`${page.url()}: ${msg.text()}`);
          }
        });
        page.on('response', (res) => {
          if (res.status() >= 400 && res.request().resourceType() !== 'document') {
            consoleErrors.push(
              `${page.url()}: ${res.request().resourceType()} ${res.url()} answered ${res.status()}`,
            );
          }
        });
        page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
        return page;
      },
    };
  });
  afterEach(() => {
    if (!j) return;
    const errors = j.consoleErrors.splice(0);
    expect(errors, 'browser console errors').toEqual([]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await j?.browser.close();
    await j?.app.jobs.stop();
    await j?.app.close();
    await j?.database.close();
  });
  return () => {
    if (!j) throw new Error('browser not ready');
    return j;
  };
}

export async function signInAs(page: Page, local: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(local.includes('@') ? local : demoEmail(local));
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(
    (url) => !url.pathname.startsWith('/sign-in') || url.pathname === '/sign-in/two-factor',
  );
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
}

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the page; fails on serious or critical violations. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const hasAxe = await page.evaluate('typeof window.axe !== "undefined"');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })`,
  )) as AxeResult;
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  expect(bad, `accessibility violations on ${label}`).toEqual([]);
}
