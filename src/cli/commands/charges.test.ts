import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractStatement } from '../../domain/contracts/statements.ts';
import { runCli } from '../main.ts';
import { runCharges } from './charges.ts';

const examples = fileURLToPath(new URL('../../../docs/examples/charges/', import.meta.url));
const contract = join(examples, 'contract.json');
const events = join(examples, 'events.csv');
const april = { contract, events, from: '2026-04-01', to: '2026-04-30' };

afterEach(() => vi.restoreAllMocks());

describe('sufficiency charges on the documented examples', () => {
  it('writes April 2026 as JSON, reconciled, with the hand-checked Ealing total', async () => {
    const out = JSON.parse((await runCharges(april)) as string) as {
      period: unknown;
      statements: ContractStatement[];
    };
    expect(out.period).toEqual({ from: '2026-04-01', to: '2026-05-01', lastDay: '2026-04-30' });
    const [s] = out.statements;
    expect(out.statements).toHaveLength(1);
    expect(s!.las.find((l) => l.la === 'ealing')!.total).toBe(2_536_770);
    expect(s!.reconciliation).toEqual({ laTotal: 12_297_198, providerTotal: 12_297_198, difference: 0 });
  });

  it('adds KPIs on request, with the spot rates from the contract file', async () => {
    const out = JSON.parse((await runCharges({ ...april, kpis: true })) as string) as {
      kpis: { savings: number };
    };
    expect(out.kpis.savings).toBe(7_830_000 - 12_134_126);
  });

  it('writes CSV lines in pounds that add up to the provider total', async () => {
    const csv = (await runCharges({ ...april, format: 'csv' })) as string;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Month,Contract,LA,Line,Description,Placement,Bed,Extra,Days,Weekly rates,Share,Pool,Amount',
    );
    const pence = lines.slice(1).reduce((a, l) => a + Math.round(Number(l.split(',').at(-1)) * 100), 0);
    expect(pence).toBe(12_297_198);
  });

  it('writes an xlsx workbook whose summary shows a zero difference each month', async () => {
    const bytes = (await runCharges({ ...april, from: '2026-03-15', format: 'xlsx' })) as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'LA statement lines', 'Provider pools']);
    const differences: unknown[] = [];
    wb.getWorksheet('Summary')!.eachRow((row) => {
      if (row.getCell(6).value === 'Difference') differences.push(row.getCell(7).value);
    });
    expect(differences).toEqual([0, 0]); // part of March, and April
  });
});

describe('sufficiency charges through the command line', () => {
  it('writes the output file and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charges-'));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await runCli([
      'charges',
      '--contract',
      contract,
      '--events',
      events,
      '--from',
      '01/04/2026',
      '--to',
      '30/04/2026',
      '--out',
      join(dir, 'april.json'),
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'april.json'), 'utf8')).statements).toHaveLength(1);
  });

  it('refuses bad input with the row and column, exits 2 and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charges-'));
    const bad = join(dir, 'events.csv');
    writeFileSync(
      bad,
      `${readFileSync(events, 'utf8')}placement,P14,cedar-1,barnet,2026-01-05,,,ebd-standard,3,,,,\n`,
    );
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
    const out = join(dir, 'out.json');
    const code = await runCli([
      'charges',
      '--contract',
      contract,
      '--events',
      bad,
      '--from',
      '2026-04-01',
      '--to',
      '2026-04-30',
      '--out',
      out,
    ]);
    expect(code).toBe(2);
    expect(err.join('')).toContain('row 24, placement P14, field "start_date": overlaps placement P1');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses impossible options by name', async () => {
    await expect(runCharges({ ...april, to: '2026-03-01', format: 'pdf' })).rejects.toThrow(
      /field "format": "pdf" is not one of json, csv, xlsx; field "to": 2026-03-01 is before --from 2026-04-01/,
    );
  });
});
