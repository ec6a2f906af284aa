import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TenderEvaluation } from '../../domain/tenders/evaluate.ts';
import { runCli } from '../main.ts';
import { rulesFromOptions, runTenderScore } from './tender.ts';

const bids = fileURLToPath(new URL('../../../docs/examples/tenders/bids.csv', import.meta.url));

afterEach(() => vi.restoreAllMocks());

describe('sufficiency tender score on the documented example', () => {
  it('writes the evaluation as JSON through the command line: the hand-checked ranking and award', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-'));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = join(dir, 'result.json');
    const code = await runCli([
      'tender',
      'score',
      '--bids',
      bids,
      '--price-weight',
      '70',
      '--quality-weight',
      '30',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const ev = JSON.parse(readFileSync(out, 'utf8')) as TenderEvaluation;
    const [lot1, lot2] = ev.lots;
    // docs/tenders.md works these through: B2 88.00, B1 87.20, B3 84.60, B4 74.47.
    expect(lot1!.scores.map((s) => [s.ref, s.total])).toEqual([
      ['B2', 88],
      ['B1', 87.2],
      ['B3', 84.6],
      ['B4', 74.47],
    ]);
    expect(lot1!.award).toMatchObject({ totalBeds: 18, weeklyCost: 7_690_000 });
    expect(lot1!.sensitivity.winnerChanges.map((c) => c.atPriceWeight)).toEqual([63.64, 66.22]);
    // Lot 2: N2 70.00 + 18.00 = 88.00; N1 4,800 / 5,200 × 70 = 64.62 + 22.20 = 86.82.
    expect(lot2!.scores.map((s) => [s.ref, s.total])).toEqual([
      ['N2', 88],
      ['N1', 86.82],
    ]);
    expect(lot2!.award.totalBeds).toBe(7);
  });

  it('moves the weighting with one option, and quality follows', async () => {
    const ev = JSON.parse((await runTenderScore({ bids, priceWeight: '60' })) as string) as TenderEvaluation;
    expect(ev.rules).toMatchObject({ priceWeight: 60, qualityWeight: 40 });
    // At 60:40 B3 leads (the winner changes to B1 only above 63.64).
    expect(ev.lots[0]!.scores[0]!.ref).toBe('B3');
  });

  it('writes an xlsx workbook with scores, award, marks, sensitivity and the audit trail', async () => {
    const bytes = (await runTenderScore({ bids, format: 'xlsx' })) as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Scores and ranking',
      'Award',
      'Quality marks',
      'Sensitivity to the weighting',
      'Where bids swap places',
      'Audit trail',
    ]);
    const scores = wb.getWorksheet('Scores and ranking')!;
    const header = scores.getRow(5).values as unknown[];
    expect(header.slice(1, 4)).toEqual(['Lot', 'Rank', 'Bid']);
    expect((scores.getRow(6).values as unknown[]).slice(1, 7)).toEqual([
      '1',
      1,
      'B2',
      'Birch Homes',
      6,
      3900,
    ]);
  });
});

describe('sufficiency tender score: bad input', () => {
  it('refuses a bad file with row and column, exits 2 and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-'));
    const bad = join(dir, 'bids.csv');
    writeFileSync(
      bad,
      readFileSync(bids, 'utf8').replace(
        '1,B2,Birch Homes,Birch Lodge,SC200001,6,',
        '1,B2,Birch Homes,Birch Lodge,SC200001,six,',
      ),
    );
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
    const out = join(dir, 'out.json');
    expect(await runCli(['tender', 'score', '--bids', bad, '--out', out])).toBe(2);
    expect(err.join('')).toContain('row 4, field "beds": "six" is not a whole number of beds');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses options that do not add up, by name', async () => {
    await expect(runTenderScore({ bids, priceWeight: '70', qualityWeight: '40' })).rejects.toThrow(
      /field "quality-weight": price and quality weights must add up to 100 \(they add up to 110\)/,
    );
    expect(() =>
      rulesFromOptions({ bids, priceMethod: 'cheapest', sensitivity: '50-90', minBeds: 'six' }),
    ).toThrow(
      /field "price-method": "cheapest" is not one of .*; field "sensitivity": "50-90" is not FROM:TO:STEP .*; field "min-beds": "six" is not a whole number/,
    );
    await expect(runTenderScore({ bids, format: 'pdf' })).rejects.toThrow(/"pdf" is not one of json, xlsx/);
    await expect(runTenderScore({ bids, priceMethod: 'ceiling-deviation' })).rejects.toThrow(
      /field "price-ceiling": is required by the ceiling-deviation price method/,
    );
    await expect(runTenderScore({ bids: '/nonexistent/bids.csv' })).rejects.toThrow(/cannot read/);
  });
});
