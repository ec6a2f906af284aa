/**
 * Server-rendered pages: Nunjucks with the govuk-frontend macros. Autoescaping is on; templates
 * live in src/server/views. Filters format money, dates and codes the same way everywhere.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatLongDate, isLocalDate } from '../../domain/shared/dates.ts';
import { formatPence } from '../../domain/shared/money.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const VIEWS_DIR = join(here, '..', 'views');
const require = createRequire(import.meta.url);
export const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

// Formatters are built once: `toLocaleString` with options builds a new one on every call, which
// took several milliseconds a page on tables of figures (docs/reliability.md "Load").
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();
function numberFormat(dp: number): Intl.NumberFormat {
  let f = NUMBER_FORMATS.get(dp);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: dp, maximumFractionDigits: dp });
    NUMBER_FORMATS.set(dp, f);
  }
  return f;
}

export function createViews(opts: { watch?: boolean } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST], { watch: opts.watch ?? false, noCache: false }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('pence', (p: unknown, whole?: boolean) =>
    typeof p === 'number' || (typeof p === 'string' && p !== '')
      ? formatPence(Number(p), { wholePounds: Boolean(whole) })
      : '',
  );
  env.addFilter('longDate', (d: unknown) => {
    if (d instanceof Date) return formatLongDate(d.toISOString().slice(0, 10));
    return typeof d === 'string' && isLocalDate(d) ? formatLongDate(d) : (d ?? '');
  });
  env.addFilter('dateTime', (d: unknown) => (d instanceof Date ? DATE_TIME.format(d) : (d ?? '')));
  env.addFilter('percent', (x: unknown, dp = 0) =>
    typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(Number(dp))}%` : '–',
  );
  env.addFilter('number', (x: unknown, dp = 0) =>
    typeof x === 'number' && Number.isFinite(x) ? numberFormat(Number(dp)).format(x) : '–',
  );
  env.addFilter('label', (code: unknown, list: Record<string, unknown> | undefined) => {
    if (typeof code !== 'string') return '';
    const v = list?.[code];
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'label' in v) return String((v as { label: unknown }).label);
    return code;
  });
  env.addFilter('json', (v: unknown) => new nunjucks.runtime.SafeString(safeJson(v)));
  return env;
}

/** JSON for an inline data island (<script type="application/json">): cannot close the tag. */
export function safeJson(v: unknown): string {
  return JSON.stringify(v ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
