/**
 * One PDS row to one record, or the errors that name its row and columns. Required means what
 * the 2026 SHACL shape and the template's QA checklist say: the referral fields and all risks on
 * every row; the placement fields together once any is given; cost only with a placement.
 */
import {
  PDS_RISK_COLUMNS,
  PDS_SEXUAL_EXPLOITATION_COLUMN,
  type PdsRecord,
} from '../../domain/referrals/pds-record.ts';
import { CHILD_REF, MAX_SIBLINGS } from '../../domain/referrals/referral-rules.ts';
import { RISK_CODES, type RiskCode } from '../../domain/shared/codes.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import type { HeaderColumn, LocatedTable, TableRow } from './header.ts';
import { COST_COLUMNS, PLACEMENT_COLUMNS, readCost, readPlacement } from './placement-columns.ts';
import { cellText, type Parsed, readCount, readDate } from './values.ts';
import { V } from './vocabularies.ts';

export interface RowResult {
  record?: PdsRecord;
  errors: FieldError[];
  warnings: FieldError[];
}

/** Reads one data row; `today` bounds the data-entry dates (none may be in the future). */
export function readRow(table: LocatedTable, row: TableRow, today: LocalDate): RowResult {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const raw = (c: HeaderColumn) => {
    const i = table.index.get(c);
    return i === undefined ? '' : cellText(row.cells[i]);
  };
  const fail = (field: HeaderColumn, message: string): undefined => {
    errors.push({ row: row.number, field, message });
    return undefined;
  };
  /** Reads a column with `parse`; blank gives undefined, or an error when `required`. */
  function get<T>(c: HeaderColumn, parse: (t: string) => Parsed<T>, required: boolean): T | undefined {
    const text = raw(c);
    if (text === '') return required ? fail(c, 'is required') : undefined;
    if (text.startsWith('=')) return fail(c, 'holds a formula; paste the value instead');
    const r = parse(text);
    return r.ok ? r.value : fail(c, r.message);
  }
  const text = (c: HeaderColumn, max: number) =>
    get(
      c,
      (t) =>
        t.length > max ? { ok: false, message: `is longer than ${max} characters` } : { ok: true, value: t },
      false,
    );

  const childRef = get(
    'child_ID',
    (t) =>
      CHILD_REF.test(t)
        ? { ok: true, value: t }
        : { ok: false, message: `"${t}" is not a case reference (letters, digits, dashes)` },
    true,
  );
  const neededBy = get('when_placement_is_needed_by', (t) => V.neededBy.read(t), true);
  const siblingCount =
    get('number_of_siblings_to_place_with', (t) => readCount(t, MAX_SIBLINGS * 3), false) ?? 0;
  const local = get('is_preferred_location_local', (t) => V.yesNo.read(t), true);
  const outOfLaReason = get('out_of_LA_reason', (t) => V.outOfLa.read(t), false);
  if (local === 'yes' && outOfLaReason !== undefined) {
    fail('out_of_LA_reason', 'is given, but the preferred location is inside the LA');
  }
  const communicationNeeds = get('communication_language_learning_needs', (t) => V.presence.read(t), true);
  const communicationRequirements = get(
    'specific_communication_and_language_requirements',
    (t) => V.communication.readMany(t),
    true,
  );
  if (communicationRequirements?.includes('none') && communicationRequirements.length > 1) {
    fail(
      'specific_communication_and_language_requirements',
      '"None" cannot be given with other requirements',
    );
  }
  const adaptation = get('adaptation_to_the_home', (t) => V.yesNo.read(t), false);
  const culturalNeeds = get('cultural_needs', (t) => V.cultural.read(t), true);
  const livingCompanions = get('who_can_the_child_be_cared_for_alongside', (t) => V.companions.read(t), true);
  const pets = get('can_child_live_with_pets', (t) => V.pets.read(t), true);
  const additionalSupport = get('additional_support', (t) => V.support.readMany(t), false) ?? [];
  if (additionalSupport.includes('na') && additionalSupport.length > 1) {
    fail('additional_support', '"NA" cannot be given with other support');
  }
  const additionalSupportOther = text('additional_support_other', 500);
  if (additionalSupport.includes('other') && !additionalSupportOther) {
    fail('additional_support_other', 'is required when additional_support includes Other');
  } else if (additionalSupportOther && !additionalSupport.includes('other')) {
    fail('additional_support_other', 'is filled in, but additional_support does not include Other');
  }
  const dol = get('dol', (t) => V.yesNo.read(t), false);
  const foster = get('foster_care_suitability', (t) => V.suitability.read(t), true);
  const residential = get('residential_care_suitability', (t) => V.suitability.read(t), true);
  const supported = get('supported_accommodation', (t) => V.suitability.read(t), true);

  const risks: RiskCode[] = [];
  const risksNotRecorded: RiskCode[] = [];
  for (const [column, risk] of PDS_RISK_COLUMNS) {
    if (get(column, (t) => V.risk.read(t), true) === 'risk-present') risks.push(risk);
  }
  // Our extra column: blank (or absent) means the file does not record this risk.
  const sexualExploitation = get(PDS_SEXUAL_EXPLOITATION_COLUMN, (t) => V.risk.read(t), false);
  if (sexualExploitation === undefined) risksNotRecorded.push('sexual-exploitation');
  else if (sexualExploitation === 'risk-present') risks.push('sexual-exploitation');

  const placementGiven = PLACEMENT_COLUMNS.some((c) => raw(c) !== '');
  const costGiven = COST_COLUMNS.some((c) => raw(c) !== '');
  const placement = placementGiven ? readPlacement(get) : undefined;
  const cost = costGiven ? readCost(get, fail, warnings, row.number, placementGiven) : undefined;

  const referralDate = get('Date_entry_referral', (t) => readDate(t, today), true);
  const placementDate = get('date_entry_placement', (t) => readDate(t, today), placementGiven);
  const costDate = get('date_entry_placement_cost', (t) => readDate(t, today), costGiven);
  const referralOfficer = text('name_of_officer_referral', 100);
  const placementOfficer = text('name_of_officer_placement', 100);
  const costOfficer = text('name_of_officer_placement_cost', 100);
  if (placementGiven && !placementOfficer)
    fail('name_of_officer_placement', 'is required once a placement is recorded');
  if (referralDate && placementDate && placementDate < referralDate) {
    warnings.push({
      row: row.number,
      field: 'date_entry_placement',
      message: 'is before the referral was entered',
    });
  }

  if (
    errors.length > 0 ||
    childRef === undefined ||
    neededBy === undefined ||
    local === undefined ||
    communicationNeeds === undefined ||
    communicationRequirements === undefined ||
    culturalNeeds === undefined ||
    livingCompanions === undefined ||
    pets === undefined ||
    foster === undefined ||
    residential === undefined ||
    supported === undefined ||
    referralDate === undefined
  ) {
    return { errors, warnings };
  }
  const record: PdsRecord = {
    childRef,
    neededBy,
    siblingCount,
    isPreferredLocationLocal: local === 'yes',
    ...(outOfLaReason ? { outOfLaReason } : {}),
    communicationNeeds,
    communicationRequirements,
    ...(adaptation ? { homeAdaptationRequired: adaptation === 'yes' } : {}),
    culturalNeeds,
    livingCompanions,
    pets,
    additionalSupport,
    ...(additionalSupportOther ? { additionalSupportOther } : {}),
    ...(dol ? { deprivationOfLiberty: dol === 'yes' } : {}),
    suitability: { foster, residential, 'supported-accommodation': supported },
    risks: RISK_CODES.filter((r) => risks.includes(r)),
    risksNotRecorded,
    ...(placement ? { placement } : {}),
    ...(cost ? { cost } : {}),
    qa: {
      referralDate,
      ...(referralOfficer ? { referralOfficer } : {}),
      ...(placementOfficer ? { placementOfficer } : {}),
      ...(placementDate ? { placementDate } : {}),
      ...(costOfficer ? { costOfficer } : {}),
      ...(costDate ? { costDate } : {}),
    },
  };
  return { record, errors, warnings };
}
