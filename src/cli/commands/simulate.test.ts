import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../main.ts';
import { runSimulate } from './simulate.ts';

const examples = fileURLToPath(new URL('../../../docs/examples/simulation/', import.meta.url));
const example = (name: string) => join(examples, name);
const tmp = mkdtempSync(join(tmpdir(), 'simulate-'));

interface Output {
  runs: number;
  seed: number;
  result: { runs: number; breakEvenOccupancy: number; occupancy: { mean: number } | null; las: unknown[] };
  sizing?: { points: { beds: number }[] };
  pooling?: { benefit: { occupancyPoints: number } };
  appraisal?: { appraisal: { options: { rank: number }[] } };
  businessCase: { occupancy: unknown[] };
}

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const code = await runCli(args);
  vi.restoreAllMocks();
  return { code, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('sufficiency simulate on the documented examples', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.json'));

  it('has the four examples docs/simulation.md describes', () => {
    expect(files.sort()).toEqual([
      'central-bedfordshire.json',
      'essex-nine-beds.json',
      'plymouth.json',
      'west-london-soft-block.json',
    ]);
  });

  for (const file of files) {
    it(`runs ${file} through the CLI to a JSON business case`, async () => {
      const out = join(tmp, file);
      const { code, stderr } = await cli([
        'simulate',
        '--scenario',
        example(file),
        '--runs',
        '60',
        '--threads',
        '1',
        '--out',
        out,
      ]);
      expect(stderr).toBe(`wrote ${out}\n`);
      expect(code).toBe(0);
      const doc = JSON.parse(readFileSync(out, 'utf8')) as Output;
      expect(doc.runs).toBe(60);
      expect(doc.result.runs).toBe(60);
      expect(doc.result.occupancy!.mean).toBeGreaterThan(0);
      expect(doc.businessCase.occupancy.length).toBeGreaterThan(0);
      const source = JSON.parse(readFileSync(example(file), 'utf8')) as {
        simulation?: { sweep?: unknown; pooling?: boolean };
      };
      expect(doc.sizing !== undefined).toBe(source.simulation?.sweep !== undefined);
      expect(doc.pooling !== undefined).toBe(source.simulation?.pooling === true);
    });
  }

  it('states the seeds’ break-even occupancies', async () => {
    const be = async (file: string) =>
      (
        JSON.parse(
          (await runSimulate({ scenario: example(file), runs: '20', threads: '1' })) as string,
        ) as Output
      ).result.breakEvenOccupancy;
    // Essex: 5,963 / 6,626 = 0.89994 (block uplift and spot inflation both 3%, so the ratio holds every year).
    expect(await be('essex-nine-beds.json')).toBeCloseTo(0.89994, 5);
    // Plymouth: (5,963 − 865.38) / 5,963 = 5,097.62 / 5,963 = 0.85488.
    expect(await be('plymouth.json')).toBeCloseTo(0.85488, 5);
    // Central Bedfordshire: 1,918 / 4,144 = 0.46284 at today's prices; lower over the term because
    // spot inflation (4%) outruns the block uplift (2%).
    const cbc = await be('central-bedfordshire.json');
    expect(cbc).toBeLessThan(0.46284);
    expect(cbc).toBeGreaterThan(0.44);
  });

  it('gives the same numbers on one thread and on several', async () => {
    const opts = { scenario: example('west-london-soft-block.json'), runs: '150', seed: '9' };
    const one = await runSimulate({ ...opts, threads: '1' });
    const two = await runSimulate({ ...opts, threads: '2' });
    expect(two).toBe(one);
  });

  it('writes the business-case pack as xlsx', async () => {
    const out = join(tmp, 'cbc.xlsx');
    const { code } = await cli([
      'simulate',
      '--scenario',
      example('central-bedfordshire.json'),
      '--runs',
      '40',
      '--threads',
      '1',
      '--format',
      'xlsx',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Assumptions',
      'Summary',
      'Costs',
      'Occupancy and children',
      'By LA',
      'Monthly occupancy',
      'Sizing sweep',
      'Options appraisal',
      'Appraisal reasoning',
      'Options modelled',
    ]);
    const costs = wb.getWorksheet('Costs')!;
    const labels: unknown[] = [];
    costs.eachRow((row) => labels.push(row.getCell(1).value));
    expect(labels).toContain('Saving (baseline − total)');
  });

  it('takes a sweep range and pooling from the command line', async () => {
    const doc = JSON.parse(
      (await runSimulate({
        scenario: example('plymouth.json'),
        runs: '20',
        threads: '1',
        sweep: '0..3',
        pooling: true,
      })) as string,
    ) as Output;
    expect(doc.sizing!.points.map((p) => p.beds)).toEqual([0, 1, 2, 3]);
    expect(doc.pooling).toBeDefined();
  });
});

describe('sufficiency simulate refusing bad input', () => {
  it('names the share that makes the liability shares not add up to 1', async () => {
    const bad = JSON.parse(readFileSync(example('west-london-soft-block.json'), 'utf8')) as {
      las: { share: number }[];
    };
    bad.las[6]!.share = 0.1;
    const file = join(tmp, 'bad-shares.json');
    writeFileSync(file, JSON.stringify(bad));
    const { code, stderr } = await cli(['simulate', '--scenario', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('field "las[6].share": the liability shares add up to 0.92, not 1');
  });

  it('names negative rates and impossible terms', async () => {
    const bad = JSON.parse(readFileSync(example('essex-nine-beds.json'), 'utf8')) as {
      las: { referralsPerYear: number }[];
      breakClause: { earliestNoticeMonth: number };
    };
    bad.las[0]!.referralsPerYear = -20;
    bad.breakClause.earliestNoticeMonth = 33;
    const file = join(tmp, 'bad-terms.json');
    writeFileSync(file, JSON.stringify(bad));
    const { code, stderr } = await cli(['simulate', '--scenario', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('field "las[0].referralsPerYear": cannot be negative');
    expect(stderr).toContain('field "breakClause.earliestNoticeMonth"');
  });

  it('refuses bad options and a missing file by name', async () => {
    const scenario = example('plymouth.json');
    expect((await cli(['simulate', '--scenario', scenario, '--runs', 'many'])).stderr).toContain(
      'field "runs"',
    );
    expect((await cli(['simulate', '--scenario', scenario, '--format', 'pdf'])).stderr).toContain(
      'field "format"',
    );
    expect((await cli(['simulate', '--scenario', scenario, '--sweep', '5-1'])).stderr).toContain(
      'field "sweep"',
    );
    const missing = await cli(['simulate', '--scenario', join(tmp, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('field "scenario"');
  });
});
