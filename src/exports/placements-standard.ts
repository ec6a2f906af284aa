/**
 * Writes referrals and agreed placements in the Placements Data Standard's 2026 spreadsheet
 * layout: the template's 44 columns in its order, its words for each code, Yes/No for booleans,
 * dates as real dates (Excel serials in XLSX; YYYY-MM-DD in CSV), costs in pounds. Everything
 * goes through spreadsheet.ts, so no cell can carry a formula.
 */
import {
  type AgreedPlacement,
  PDS_COLUMNS,
  PDS_LABELS,
  PDS_RISK_COLUMNS,
  PDS_SEXUAL_EXPLOITATION_COLUMN,
  type PdsColumn,
  type PdsRecord,
} from '../domain/referrals/pds-record.ts';
import type { RiskCode } from '../domain/shared/codes.ts';
import { type CellKind, type Column, type Sheet, toCsv, toXlsx } from './spreadsheet.ts';

export interface PdsExportOptions {
  /**
   * Append the risk_to_child_sexual_exploitation column the 2026 template lacks (off by
   * default: a region's checker may refuse a 45th column).
   */
  includeSexualExploitation?: boolean;
  /** Leave the officer-name columns blank (the standard marks them LA-internal). */
  omitOfficerNames?: boolean;
}

/** The template's own sheet name. */
export const PDS_SHEET_NAME = 'Data Collection';

type Value = string | number | null | undefined;
const yesNo = (b: boolean | undefined): Value => (b === undefined ? undefined : b ? 'Yes' : 'No');
const many = <K extends string>(labels: Record<K, string>, codes: readonly K[]) =>
  codes.map((c) => labels[c]).join(', ');
const risk = (r: PdsRecord, code: RiskCode): Value =>
  r.risksNotRecorded.includes(code)
    ? undefined
    : r.risks.includes(code)
      ? PDS_LABELS.risk['risk-present']
      : PDS_LABELS.risk['no-known-risk'];
const placed = (f: (p: AgreedPlacement) => Value) => (r: PdsRecord) =>
  r.placement ? f(r.placement) : undefined;

type Entry = [CellKind, (r: PdsRecord) => Value];

function columnValues(o: PdsExportOptions): Record<PdsColumn, Entry> {
  const officer = (name: string | undefined) => (o.omitOfficerNames ? undefined : name);
  const out: Partial<Record<PdsColumn, Entry>> = {
    child_ID: ['text', (r) => r.childRef],
    when_placement_is_needed_by: ['text', (r) => PDS_LABELS.neededBy[r.neededBy]],
    number_of_siblings_to_place_with: ['integer', (r) => r.siblingCount],
    is_preferred_location_local: ['text', (r) => yesNo(r.isPreferredLocationLocal)],
    out_of_LA_reason: [
      'text',
      (r) => (r.outOfLaReason ? PDS_LABELS.outOfLaReason[r.outOfLaReason] : undefined),
    ],
    communication_language_learning_needs: ['text', (r) => PDS_LABELS.presence[r.communicationNeeds]],
    specific_communication_and_language_requirements: [
      'text',
      (r) => many(PDS_LABELS.communication, r.communicationRequirements),
    ],
    adaptation_to_the_home: ['text', (r) => yesNo(r.homeAdaptationRequired)],
    cultural_needs: ['text', (r) => PDS_LABELS.cultural[r.culturalNeeds]],
    who_can_the_child_be_cared_for_alongside: ['text', (r) => PDS_LABELS.companions[r.livingCompanions]],
    can_child_live_with_pets: ['text', (r) => PDS_LABELS.pets[r.pets]],
    additional_support: ['text', (r) => many(PDS_LABELS.support, r.additionalSupport)],
    additional_support_other: ['text', (r) => r.additionalSupportOther],
    dol: ['text', (r) => yesNo(r.deprivationOfLiberty)],
    foster_care_suitability: ['text', (r) => PDS_LABELS.suitability[r.suitability.foster]],
    residential_care_suitability: ['text', (r) => PDS_LABELS.suitability[r.suitability.residential]],
    supported_accommodation: [
      'text',
      (r) => PDS_LABELS.suitability[r.suitability['supported-accommodation']],
    ],
    cost_core_weekly: ['pence', (r) => r.cost?.coreWeekly],
    cost_additional_support_weekly: ['pence', (r) => r.cost?.additionalSupportWeekly],
    cost_education_weekly: ['pence', (r) => r.cost?.educationWeekly],
    cost_other_weekly: ['pence', (r) => r.cost?.otherWeekly],
    cost_total_weekly: ['pence', (r) => r.cost?.totalWeekly],
    placement_location: ['text', placed((p) => p.placementLocation)],
    preferrability_of_placement_location: ['text', placed((p) => yesNo(p.isLocationPreferred))],
    education_continuity: ['text', placed((p) => yesNo(p.isEducationContinuous))],
    provider_URN: ['text', placed((p) => (p.unregistered ? 'Unregistered' : p.providerUrn))],
    how_many_siblings_were_placed_together: ['integer', placed((p) => p.siblingsPlacedTogether)],
    placement_type: ['text', placed((p) => PDS_LABELS.placementType[p.placementType])],
    name_of_officer_referral: ['text', (r) => officer(r.qa.referralOfficer)],
    Date_entry_referral: ['date', (r) => r.qa.referralDate],
    name_of_officer_placement: ['text', (r) => officer(r.qa.placementOfficer)],
    date_entry_placement: ['date', (r) => r.qa.placementDate],
    name_of_officer_placement_cost: ['text', (r) => officer(r.qa.costOfficer)],
    date_entry_placement_cost: ['date', (r) => r.qa.costDate],
  };
  for (const [column, code] of PDS_RISK_COLUMNS) out[column] = ['text', (r) => risk(r, code)];
  return out as Record<PdsColumn, Entry>;
}

/** The table: the 44 template columns in order (plus sexual exploitation when asked). */
export function placementsStandardSheet(
  records: readonly PdsRecord[],
  options: PdsExportOptions = {},
): Sheet<PdsRecord> {
  const values = columnValues(options);
  const columns: Column<PdsRecord>[] = PDS_COLUMNS.map((header) => {
    const [kind, value] = values[header];
    return { header, kind, value };
  });
  if (options.includeSexualExploitation) {
    columns.push({
      header: PDS_SEXUAL_EXPLOITATION_COLUMN,
      kind: 'text',
      value: (r) => risk(r, 'sexual-exploitation'),
    });
  }
  return { name: PDS_SHEET_NAME, columns, rows: records };
}

export function placementsStandardCsv(records: readonly PdsRecord[], options: PdsExportOptions = {}): string {
  return toCsv(placementsStandardSheet(records, options));
}

export function placementsStandardXlsx(
  records: readonly PdsRecord[],
  options: PdsExportOptions = {},
): Promise<Buffer> {
  return toXlsx([placementsStandardSheet(records, options)]);
}
