import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildReferral } from '../domain/referrals/fixtures.ts';
import { PDS_COLUMNS, pdsRecordFromReferral } from '../domain/referrals/pds-record.ts';
import {
  PDS_SHEET_NAME,
  placementsStandardCsv,
  placementsStandardSheet,
  placementsStandardXlsx,
} from './placements-standard.ts';

const record = pdsRecordFromReferral(
  buildReferral({
    child: { risks: ['sexual-exploitation', 'missing'] },
    requirements: { additionalSupport: ['other'], additionalSupportOther: '=HYPERLINK("http://x")' },
  }),
  {
    qa: {
      referralDate: '2026-02-02',
      referralOfficer: 'Placement Officer A',
      placementOfficer: 'B',
      placementDate: '2026-02-10',
    },
    placement: {
      placementType: 'residential',
      placementLocation: 'UB4',
      isLocationPreferred: true,
      isEducationContinuous: true,
      providerUrn: 'SC123456',
      unregistered: false,
      siblingsPlacedTogether: 0,
    },
    cost: { totalWeekly: 596_300 },
  },
);

describe('Placements Data Standard export', () => {
  it('writes the 2026 template columns in order, in the template words', () => {
    const sheet = placementsStandardSheet([record]);
    expect(sheet.name).toBe(PDS_SHEET_NAME);
    expect(sheet.columns.map((c) => c.header)).toEqual([...PDS_COLUMNS]);
    expect(PDS_COLUMNS).toHaveLength(44);
    const row = Object.fromEntries(sheet.columns.map((c) => [c.header, c.value(record)]));
    expect(row).toMatchObject({
      child_ID: 'HIL-00421',
      when_placement_is_needed_by: '> 5 days',
      is_preferred_location_local: 'Yes',
      can_child_live_with_pets: 'Yes - can',
      residential_care_suitability: 'Preferred',
      risk_to_child_going_missing: 'Risk present',
      risk_to_child_self_harm: 'No known risk',
      cost_total_weekly: 596_300,
      placement_type: 'Residential',
      provider_URN: 'SC123456',
    });
  });

  it('appends the sexual exploitation column only when asked, and can leave officer names out', () => {
    const sheet = placementsStandardSheet([record], {
      includeSexualExploitation: true,
      omitOfficerNames: true,
    });
    expect(sheet.columns).toHaveLength(45);
    expect(sheet.columns[44]!.value(record)).toBe('Risk present');
    const officer = sheet.columns.find((c) => c.header === 'name_of_officer_referral')!;
    expect(officer.value(record)).toBeUndefined();
  });

  it('neutralises formula-looking text in CSV and XLSX, writes costs in pounds and dates as dates', async () => {
    const csv = placementsStandardCsv([record]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain(',5963.00,');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await placementsStandardXlsx([record])) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(PDS_SHEET_NAME)!;
    const cell = (name: string) => ws.getRow(2).getCell(PDS_COLUMNS.indexOf(name as never) + 1);
    expect(cell('Date_entry_referral').value).toEqual(new Date('2026-02-02T00:00:00Z'));
    expect(cell('cost_total_weekly').value).toBe(5963);
    expect(cell('additional_support_other').value).toBe(`'=HYPERLINK("http://x")`);
  });
});
