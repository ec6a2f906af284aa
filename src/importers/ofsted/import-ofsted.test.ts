import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { generateOfstedList, listToCsv, listToXlsx } from '../../../test/fixtures/ofsted/generate-list.ts';
import { referenceData } from '../../reference/reference-data.ts';
import { importOfstedFile } from './import-ofsted.ts';
import { ofstedProfileFields } from './provider-record.ts';

const ref = referenceData();

describe('importing Ofsted provider lists', () => {
  it('reads the fuller LA list (XLSX with title rows) into located, categorised records', async () => {
    const list = generateOfstedList('la-list', 40, 11, ref);
    const result = await importOfstedFile(await listToXlsx(list), { ref });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    expect(result.kind).toBe('la-list');
    expect(result.sheets).toEqual(['Providers']);
    expect(result.records).toHaveLength(40);
    result.records.forEach((r, i) => {
      const home = list.homes[i]!;
      const p = home.listing.profile;
      expect(r.source.row).toBe(i + 4);
      expect(r.urn).toBe(p.urn);
      expect(r.name).toBe(p.name);
      expect(r.laCode).toBe(p.laCode);
      expect(r.postcodeSector).toBe(p.postcodeSector);
      expect(r.location).toEqual(p.location);
      expect(r.places).toBe(p.registeredPlaces);
      expect([...(r.registrationCategories ?? [])].sort()).toEqual([...p.registrationCategories].sort());
      expect(r.rating).toBe(p.ofstedRating === 'not-yet-inspected' ? null : p.ofstedRating);
      expect(r.address?.postcode).toBe(home.address.postcode);
      expect(r.redacted).toBe(false);
    });
  });

  it('reads the public statistics, where children’s homes are located only to their LA', async () => {
    const list = generateOfstedList('public-statistics', 30, 12, ref);
    const result = await importOfstedFile(listToCsv(list), { ref });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    expect(result.kind).toBe('public-statistics');
    const homes = result.records.filter((r) => r.placementType === 'residential');
    const agencies = result.records.filter((r) => r.placementType === 'foster');
    expect(homes).toHaveLength(30);
    expect(agencies).toHaveLength(3);
    for (const h of homes) {
      expect(h).toMatchObject({
        redacted: true,
        name: null,
        address: null,
        location: null,
        postcodeDistrict: null,
      });
      expect(ref.las.has(h.laCode)).toBe(true);
    }
    expect(agencies.every((a) => a.name !== null && a.location !== null)).toBe(true);
    expect(ofstedProfileFields(homes[0]!)).not.toHaveProperty('name');
  });

  it('handles a national-size list of 3,000 homes, reporting progress as it goes', async () => {
    const list = generateOfstedList('la-list', 3_000, 2025, ref);
    const seen: number[] = [];
    const result = await importOfstedFile(listToCsv(list), { ref, onProgress: (f) => seen.push(f) });
    expect(result.ok && result.records.length).toBe(3_000);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1]!)).toBe(true);
  });

  it('reads UTF-16 text as Excel saves "Unicode text"', async () => {
    const result = await importOfstedFile(
      readFileSync(new URL('../../../test/fixtures/ofsted/utf-16.csv', import.meta.url)),
      { ref },
    );
    expect(result.ok && result.records[0]!.name).toBe('Café Ω House');
  });

  it('imports every provider sheet of a workbook and skips a registration-conditions sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['About this file']);
    const providers = wb.addWorksheet('Providers');
    providers.addRow(['URN', 'Provider type', 'Setting name', 'Local authority', 'Setting postcode']);
    providers.addRow(['SC100001', "Children's home", 'Oak House', 'Hillingdon', 'UB3 1AB']);
    const sa = wb.addWorksheet('SA Providers');
    sa.addRow(['Provider local authority', 'Setting local authority', 'URN', 'Provider type', 'Capacity']);
    sa.addRow(['Harrow', 'Manchester', '2500123', 'Supported accommodation', '6']);
    const conditions = wb.addWorksheet('Conditions');
    conditions.addRow(['Local authority', 'URN', 'Setting name', 'Conditions']);
    conditions.addRow(['Hillingdon', 'SC100001', 'Oak House', 'Two children aged 12 to 17']);
    const result = await importOfstedFile(Buffer.from(await wb.xlsx.writeBuffer()), { ref });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.sheets).toEqual(['Providers', 'SA Providers']);
    expect(result.records.map((r) => [r.urn, r.laCode, r.placementType, r.places])).toEqual([
      ['SC100001', '312', 'residential', null],
      ['2500123', '352', 'supported-accommodation', 6],
    ]);
  });

  it('refuses more rows than the limit', async () => {
    const list = generateOfstedList('la-list', 20, 3, ref);
    expect(await importOfstedFile(listToCsv(list), { ref, limits: { maxRows: 10 } })).toEqual({
      ok: false,
      errors: [{ field: 'file', message: 'the file has 20 providers; at most 10 are accepted' }],
    });
  });
});
