import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, type Sheet, toCsv, toXlsx } from './spreadsheet.ts';

interface Row {
  name: string;
  weekly: number;
  from: string;
}
const sheet: Sheet<Row> = {
  name: 'Prices',
  preamble: ['Weekly prices'],
  columns: [
    { header: 'Name', kind: 'text', value: (r) => r.name },
    { header: 'Weekly', kind: 'pence', value: (r) => r.weekly },
    { header: 'From', kind: 'date', value: (r) => r.from },
  ],
  rows: [
    { name: '=HYPERLINK("http://x","y")', weekly: 191_800, from: '2025-04-01' },
    { name: 'Oak House', weekly: -414_400, from: '2025-05-01' },
  ],
};

describe('spreadsheet exports', () => {
  it('neutralises every formula-looking text value', () => {
    for (const bad of ['=1+1', '+1', '-2', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutraliseFormula(bad).startsWith("'")).toBe(true);
    }
    expect(neutraliseFormula('Oak House')).toBe('Oak House');
  });

  it('writes CSV with money in pounds and dangerous text made inert', () => {
    const csv = toCsv(sheet);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")",1918.00,2025-04-01`);
    expect(csv).toContain('Oak House,-4144.00');
  });

  it('writes xlsx that reads back as text, numbers and dates, with no formulas', async () => {
    const bytes = await toXlsx([sheet]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Prices')!;
    const first = ws.getRow(4);
    expect(first.getCell(1).value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(first.getCell(2).value).toBe(1918);
    expect(first.getCell(3).value).toEqual(new Date('2025-04-01T00:00:00Z'));
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
