/**
 * Exports neutralise formula injection, checked with a real spreadsheet engine (LibreOffice
 * headless, Debian's libreoffice-calc-nogui; the test is skipped with a message when `soffice` is
 * missing). Formula-looking text (= + - @, a leading tab or CR, HYPERLINK, a DDE payload), each
 * carrying a marker, is written into records every export includes (organisation, home, contract
 * and user names, tender bids), each export is downloaded over HTTP, and LibreOffice opens it:
 * XLSX straight to CSV (every sheet); CSV to XLSX with formula evaluation switched on, then to CSV.
 * Every marked cell must come back as the literal text that was stored (an apostrophe in front is
 * the neutralisation, and stays text), never an evaluated value: an evaluated cell loses its
 * marker or changes its text. A control file without neutralisation shows the engine does
 * evaluate (=1+1 becomes 2), so the test can fail. The export routes are enumerated from the
 * router: a new export is reported until it is added here.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { uploadFile } from '../corpus/db.ts';
import { signIn, useTestApp } from '../helpers/app.ts';

const SOFFICE = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
if (!SOFFICE) {
  console.log(
    'formula-injection: skipped, no soffice (apt-get install libreoffice-calc-nogui); the nightly tier installs it',
  );
}

const t = useTestApp();

/** Each payload carries a marker that survives only if the cell stays text. */
const PAYLOADS = [
  '=1+1+0*LEN("SFYX01")',
  '+1+1+0*LEN("SFYX02")',
  '-1+1+0*LEN("SFYX03")',
  '@SUM(1,1)+0*LEN("SFYX04")',
  '\t=1+1+0*LEN("SFYX05")',
  '\r=1+1+0*LEN("SFYX06")',
  '=HYPERLINK("http://example.invalid/SFYX07","SFYX07 click here")',
  '=cmd|\' /C calc\'!A0&"SFYX08"',
];
const MARKER = /SFYX\d\d/;
const DANGEROUS = /^[=+\-@\t\r]/;
const norm = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();

interface Export {
  name: string;
  /** The routes (method and pattern) this export covers. */
  routes: string[];
  format: 'xlsx' | 'csv';
  fetch: () => Promise<Buffer>;
  /** Set when the export holds no text anyone typed (only numbers and fixed labels): nothing to inject. */
  noUserText?: true;
}

/** Cells holding a marker, normalised, as a sorted list (a multiset). */
function markedCells(cells: string[]): string[] {
  return cells
    .filter((c) => MARKER.test(c))
    .map(norm)
    .sort();
}

async function xlsxCells(bytes: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (typeof v === 'string') out.push(v);
        else if (v && typeof v === 'object' && 'formula' in v) out.push(`FORMULA:${v.formula}`);
        else if (v && typeof v === 'object' && 'richText' in v)
          out.push(v.richText.map((r) => r.text).join(''));
      }),
    );
  }
  return out;
}

function csvCells(text: string): string[] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.flat();
}

/** Runs LibreOffice once over many files (a private profile, so runs never collide). */
function soffice(args: string[], cwd: string) {
  execFileSync(SOFFICE!, [`-env:UserInstallation=file://${join(cwd, 'profile')}`, '--headless', ...args], {
    cwd,
    timeout: 120_000,
    stdio: 'pipe',
  });
}

const CSV_IMPORT_EVALUATING = 'CSV:44,34,76,1,,0,false,true,false,false,false,-1,true';
const CSV_EXPORT_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/** Opens every file in LibreOffice: CSV → XLSX (formulas evaluated) → CSV, XLSX → CSV; the cells of each. */
function throughLibreOffice(
  files: { id: string; format: 'xlsx' | 'csv'; bytes: Buffer }[],
): Map<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sfy-formula-'));
  try {
    for (const f of files) writeFileSync(join(dir, `${f.id}.${f.format}`), f.bytes);
    const csvs = files.filter((f) => f.format === 'csv');
    if (csvs.length > 0) {
      mkdirSync(join(dir, 'fromcsv'));
      soffice(
        [
          `--infilter=${CSV_IMPORT_EVALUATING}`,
          '--convert-to',
          'xlsx',
          '--outdir',
          'fromcsv',
          ...csvs.map((f) => `${f.id}.csv`),
        ],
        dir,
      );
    }
    const xlsxPaths = files.map((f) => (f.format === 'csv' ? `fromcsv/${f.id}.xlsx` : `${f.id}.xlsx`));
    soffice(['--convert-to', CSV_EXPORT_ALL_SHEETS, '--outdir', 'out', ...xlsxPaths], dir);
    const outputs = readdirSync(join(dir, 'out'));
    return new Map(
      files.map((f) => {
        const mine = outputs.filter((o) => o === `${f.id}.csv` || o.startsWith(`${f.id}-`));
        return [f.id, mine.flatMap((o) => csvCells(readFileSync(join(dir, 'out', o), 'utf8')))];
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Literal: the stored payload, with or without the neutralising apostrophe in front. */
function literal(cell: string): boolean {
  const c = norm(cell).replace(/^'/, '');
  return PAYLOADS.some((p) => norm(p) === c);
}

describe.skipIf(!SOFFICE)('exports neutralise formula injection, opened in LibreOffice', () => {
  let exports: Export[] = [];
  const TODO: Record<string, string> = {};

  beforeAll(async () => {
    const db = t().database.db;
    const app = t().app;
    // Formula-looking text in the names every export carries.
    const set = async (table: string, column: string) =>
      sql`update ${sql.table(table)} set ${sql.ref(column)} = (array[${sql.join(PAYLOADS)}])[1 + (abs(hashtext(id::text)) % ${PAYLOADS.length})]`.execute(
        db,
      );
    await set('organisation', 'name');
    await set('home', 'name');
    await set('contract', 'name');
    await set('app_user', 'display_name');
    // The Placements Data Standard export carries the referral's "other support" text.
    await sql`update referral set requirements = jsonb_set(jsonb_set(requirements::jsonb, '{additionalSupport}', '["other"]'::jsonb), '{additionalSupportOther}', to_jsonb((array[${sql.join(PAYLOADS)}])[1 + (abs(hashtext(id::text)) % ${PAYLOADS.length})]))`.execute(
      db,
    );

    const commissioner = await signIn(app, 'commissioner.ealing');
    const officer = await signIn(app, 'officer.ealing');
    const hub = await signIn(app, 'analyst.hub');
    const body = async (res: { statusCode: number; rawPayload: Buffer; body: string }, what: string) => {
      expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(200);
      return res.rawPayload;
    };
    const sb1 = (
      await db
        .selectFrom('contract')
        .select('id')
        .where('reference', '=', 'WL-SB-001')
        .executeTakeFirstOrThrow()
    ).id;

    // A tender whose bids carry the payloads that a bids file may hold (= is refused at import).
    const tender = await hub.post('/tenders/new', {
      reference: 'FORMULA-1',
      name: 'Formula tender',
      lots: '1: Residential beds',
      criteria: 'Safeguarding, 40, 5\nOutcomes, 30, 5\nStaffing, 30, 5',
    });
    const tenderId = tender.headers.location!.split('/').at(-1)!;
    const bidRows = PAYLOADS.filter((p) => !p.startsWith('=') && !/^[\t\r]/.test(p)).map((p, i) => [
      `1`,
      `B${i}`,
      p,
      `${p} home`,
      '',
      '3',
      String(4000 + i),
      '4',
      '4',
      '3',
    ]);
    const bids = Papa.unparse({
      fields: [
        'lot',
        'bid_ref',
        'provider',
        'home',
        'urn',
        'beds',
        'weekly_price',
        'quality: Safeguarding (weight 40, max 5)',
        'quality: Outcomes (weight 30, max 5)',
        'quality: Staffing (weight 30, max 5)',
      ],
      data: bidRows,
    });
    const up = await uploadFile(app, hub, `/tenders/${tenderId}/bids/upload`, {
      name: 'bids.csv',
      bytes: Buffer.from(bids),
    });
    expect(up.statusCode, up.body.slice(0, 400)).toBe(303);
    expect((await hub.post(`/tenders/${tenderId}/score`, {})).statusCode).toBe(303);

    // Background work the remaining exports need, run to completion here (jobs are off in tests).
    const drainJobs = async () => {
      for (let i = 0; i < 20 && (await app.jobs.runOnce()); i++);
    };

    // A business case whose authorities and name carry the payloads.
    const scenario = JSON.parse(
      readFileSync(
        join(
          import.meta.dirname,
          '..',
          '..',
          'docs',
          'examples',
          'simulation',
          'west-london-soft-block.json',
        ),
        'utf8',
      ),
    ) as { name: string; las: { name: string }[]; simulation: { runs: number } };
    scenario.name = PAYLOADS[0]!;
    scenario.las.forEach((la, i) => {
      la.name = PAYLOADS[i % PAYLOADS.length]!;
    });
    scenario.simulation.runs = 50;
    const saved = await commissioner.api('POST', '/api/v1/scenarios', scenario);
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(201);
    const run = await commissioner.api('POST', `/api/v1/scenarios/${saved.json().id}/runs`, { runs: 50 });
    expect(run.statusCode, run.body.slice(0, 300)).toBe(202);
    const runId = run.json().runId as string;

    // A forecast and a backtest of Ealing (whose name carries a payload), from the demo returns.
    expect((await commissioner.post('/forecasting/demo-returns', {})).statusCode).toBe(303);
    await drainJobs();
    const forecast = await commissioner.api('POST', '/api/v1/forecasts', {
      simulations: 100,
      horizonMonths: 6,
    });
    expect(forecast.statusCode, forecast.body.slice(0, 300)).toBe(202);
    const forecastId = forecast.json().forecastId as string;
    const backtest = await commissioner.api('POST', '/api/v1/backtests', {
      cutoffs: ['2023-03-31'],
      horizonMonths: 6,
      simulations: 100,
    });
    expect(backtest.statusCode, backtest.body.slice(0, 300)).toBe(202);
    const backtestId = backtest.json().backtestId as string;
    await drainJobs();

    const mps = await hub.post('/regional/market-position', {});
    expect(mps.statusCode).toBe(303);
    const statementId = mps.headers.location!.split('/').at(-1)!;

    exports = [
      {
        name: 'contract statements (xlsx)',
        routes: ['GET /contracts/:contractId/statements.xlsx'],
        format: 'xlsx',
        fetch: async () =>
          body(await commissioner.get(`/contracts/${sb1}/statements.xlsx?month=2026-09`), 'statements.xlsx'),
      },
      {
        name: 'contract statements (csv)',
        routes: ['GET /contracts/:contractId/statements.csv'],
        format: 'csv',
        fetch: async () =>
          body(await commissioner.get(`/contracts/${sb1}/statements.csv?month=2026-09`), 'statements.csv'),
      },
      {
        name: 'Placements Data Standard export (xlsx)',
        routes: ['GET /referrals/export'],
        format: 'xlsx',
        fetch: async () => body(await officer.get('/referrals/export?format=xlsx&officers=yes'), 'PDS xlsx'),
      },
      {
        name: 'Placements Data Standard export (csv)',
        routes: ['GET /referrals/export'],
        format: 'csv',
        fetch: async () => body(await officer.get('/referrals/export?format=csv&officers=yes'), 'PDS csv'),
      },
      {
        name: 'Placements Data Standard export (API, csv)',
        routes: ['GET /api/v1/referrals/export'],
        format: 'csv',
        fetch: async () =>
          body(await officer.api('GET', '/api/v1/referrals/export?format=csv&officers=yes'), 'PDS API'),
      },
      {
        name: 'directory shortlist (xlsx)',
        routes: ['POST /directory/search/export'],
        format: 'xlsx',
        fetch: async () =>
          body(await officer.post('/directory/search/export', { q: '', format: 'xlsx' }), 'shortlist'),
      },
      {
        name: 'directory shortlist (csv)',
        routes: ['POST /directory/search/export'],
        format: 'csv',
        fetch: async () =>
          body(await officer.post('/directory/search/export', { q: '', format: 'csv' }), 'shortlist'),
      },
      {
        name: 'tender results',
        routes: ['GET /tenders/:tenderId/evaluation.xlsx'],
        format: 'xlsx',
        fetch: async () => body(await hub.get(`/tenders/${tenderId}/evaluation.xlsx`), 'tender results'),
      },
      {
        name: 'price benchmark',
        routes: ['GET /regional/prices/export.xlsx'],
        format: 'xlsx',
        fetch: async () => body(await hub.get('/regional/prices/export.xlsx'), 'prices'),
      },
      {
        name: 'sufficiency gaps',
        routes: ['GET /regional/gaps/export.xlsx'],
        format: 'xlsx',
        fetch: async () => body(await hub.get('/regional/gaps/export.xlsx'), 'gaps'),
      },
      {
        name: 'business-case pack',
        routes: ['GET /business-cases/runs/:runId/pack.xlsx'],
        format: 'xlsx',
        fetch: async () => body(await commissioner.get(`/business-cases/runs/${runId}/pack.xlsx`), 'pack'),
      },
      {
        name: 'business-case pack (API)',
        routes: ['GET /api/v1/simulation-runs/:runId/pack.xlsx'],
        format: 'xlsx',
        fetch: async () =>
          body(await commissioner.api('GET', `/api/v1/simulation-runs/${runId}/pack.xlsx`), 'pack API'),
      },
      {
        name: 'forecast export',
        routes: ['GET /forecasting/forecasts/:forecastId/export.xlsx'],
        format: 'xlsx',
        fetch: async () =>
          body(await commissioner.get(`/forecasting/forecasts/${forecastId}/export.xlsx`), 'forecast'),
      },
      {
        name: 'forecast export (API)',
        routes: ['GET /api/v1/forecasts/:forecastId/export.xlsx'],
        format: 'xlsx',
        fetch: async () =>
          body(await commissioner.api('GET', `/api/v1/forecasts/${forecastId}/export.xlsx`), 'forecast API'),
      },
      {
        name: 'backtest export',
        noUserText: true,
        routes: ['GET /forecasting/backtests/:backtestId/export.xlsx'],
        format: 'xlsx',
        fetch: async () =>
          body(await commissioner.get(`/forecasting/backtests/${backtestId}/export.xlsx`), 'backtest'),
      },
      {
        name: 'backtest export (API)',
        noUserText: true,
        routes: ['GET /api/v1/backtests/:backtestId/export.xlsx'],
        format: 'xlsx',
        fetch: async () =>
          body(await commissioner.api('GET', `/api/v1/backtests/${backtestId}/export.xlsx`), 'backtest API'),
      },
      {
        name: 'market position statement data pack',
        routes: ['GET /regional/market-position/:statementId/data-pack.xlsx'],
        format: 'xlsx',
        fetch: async () =>
          body(await hub.get(`/regional/market-position/${statementId}/data-pack.xlsx`), 'MPS'),
      },
    ];
  }, 120_000);

  it('covers every spreadsheet export the router serves', () => {
    const spreadsheetRoutes = t()
      .app.routeList.filter((r) => ['GET', 'POST'].includes(r.method))
      .filter((r) => /\.(xlsx|csv)$|\/export(\.|$)|\/pack\./.test(r.url))
      .map((r) => `${r.method} ${r.url}`);
    const covered = new Set([...exports.flatMap((e) => e.routes), ...Object.keys(TODO)]);
    expect(
      spreadsheetRoutes.filter((r) => !covered.has(r)),
      `add the new export to this test: ${spreadsheetRoutes.filter((r) => !covered.has(r)).join(', ')}`,
    ).toEqual([]);
    for (const [route, why] of Object.entries(TODO)) {
      if (spreadsheetRoutes.includes(route))
        console.log(`formula-injection: not yet covered: ${route} (${why})`);
    }
  });

  it('the engine evaluates formulas that are not neutralised (the control)', () => {
    const control = Buffer.from(
      `name\r\n"=1+1+0*LEN(""SFYX01"")"\r\n"=HYPERLINK(""http://example.invalid/SFYX07"",""SFYX07 click here"")"\r\n`,
    );
    const cells = throughLibreOffice([{ id: 'control', format: 'csv', bytes: control }]).get('control')!;
    expect(cells).toContain('2');
    expect(cells).toContain('SFYX07 click here');
    expect(markedCells(cells).filter(literal)).toEqual([]);
  });

  it('every marked cell of every export comes back as literal text', async () => {
    const files: { id: string; format: 'xlsx' | 'csv'; bytes: Buffer; name: string }[] = [];
    for (const [i, e] of exports.entries())
      files.push({ id: `e${i}`, format: e.format, bytes: await e.fetch(), name: e.name });
    const converted = throughLibreOffice(files);
    const found: Record<string, number> = {};
    for (const f of files) {
      const original = markedCells(
        f.format === 'xlsx' ? await xlsxCells(f.bytes) : csvCells(f.bytes.toString('utf8')),
      );
      found[f.name] = original.length;
      expect(
        original.filter((c) => c.startsWith('FORMULA:')),
        `${f.name} writes formula cells`,
      ).toEqual([]);
      // Every cell that starts like a formula is written neutralised (an apostrophe in front).
      const raw = (
        f.format === 'xlsx' ? await xlsxCells(f.bytes) : csvCells(f.bytes.toString('utf8'))
      ).filter((c) => MARKER.test(c));
      expect(
        raw.filter((c) => DANGEROUS.test(c)),
        `${f.name} has cells a spreadsheet would run`,
      ).toEqual([]);
      const after = markedCells(converted.get(f.id)!);
      // Same cells, each still its literal text: an evaluated one would lose its marker or change.
      expect(after, f.name).toEqual(original);
    }
    console.log(`formula-injection: marked cells per export: ${JSON.stringify(found)}`);
    // Each export carried some payloads (else the check proves nothing about it).
    for (const e of exports) {
      if (e.noUserText) expect(found[e.name], `${e.name} was marked as holding no user text`).toBe(0);
      else expect(found[e.name], `${e.name} holds no payload`).toBeGreaterThan(0);
    }
  }, 180_000);
});
