/**
 * The agreed placement and its cost on a PDS row: the six placement columns go together (each
 * blank one is named once any is given), and a cost needs the placement it pays for.
 */
import type { AgreedPlacement, PdsColumn, PlacementCost } from '../../domain/referrals/pds-record.ts';
import { MAX_SIBLINGS } from '../../domain/referrals/referral-rules.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import type { HeaderColumn } from './header.ts';
import { type Parsed, readCount, readMoney, readOutwardCode, readUrn } from './values.ts';
import { V } from './vocabularies.ts';

export const PLACEMENT_COLUMNS: readonly PdsColumn[] = [
  'placement_location',
  'preferrability_of_placement_location',
  'education_continuity',
  'provider_URN',
  'how_many_siblings_were_placed_together',
  'placement_type',
];
export const COST_COLUMNS: readonly PdsColumn[] = [
  'cost_core_weekly',
  'cost_additional_support_weekly',
  'cost_education_weekly',
  'cost_other_weekly',
  'cost_total_weekly',
];
/** The standard's sense check on a weekly fee (SHACL warning range). */
const COST_SENSE = { min: 100_00, max: 100_000_00 };

export type Getter = <T>(
  c: HeaderColumn,
  parse: (t: string) => Parsed<T>,
  required: boolean,
) => T | undefined;
export type Fail = (field: HeaderColumn, message: string) => undefined;

/** The six placement columns, each required once any is given (each blank one is named). */
export function readPlacement(get: Getter): AgreedPlacement | undefined {
  const placementLocation = get('placement_location', readOutwardCode, true);
  const preferred = get('preferrability_of_placement_location', (t) => V.yesNo.read(t), true);
  const continuous = get('education_continuity', (t) => V.yesNo.read(t), true);
  const urn = get('provider_URN', readUrn, true);
  const siblings = get('how_many_siblings_were_placed_together', (t) => readCount(t, MAX_SIBLINGS * 3), true);
  const placementType = get('placement_type', (t) => V.placementType.read(t), true);
  if (
    placementLocation === undefined ||
    preferred === undefined ||
    continuous === undefined ||
    urn === undefined ||
    siblings === undefined ||
    placementType === undefined
  ) {
    return undefined;
  }
  return {
    placementType,
    placementLocation,
    isLocationPreferred: preferred === 'yes',
    isEducationContinuous: continuous === 'yes',
    providerUrn: urn.urn,
    unregistered: urn.unregistered,
    siblingsPlacedTogether: siblings,
  };
}

export function readCost(
  get: Getter,
  fail: Fail,
  warnings: FieldError[],
  row: number,
  hasPlacement: boolean,
): PlacementCost | undefined {
  if (!hasPlacement) return fail('cost_total_weekly', 'a cost is given without the placement it pays for');
  const totalWeekly = get('cost_total_weekly', readMoney, true);
  const parts = {
    coreWeekly: get('cost_core_weekly', readMoney, false),
    additionalSupportWeekly: get('cost_additional_support_weekly', readMoney, false),
    educationWeekly: get('cost_education_weekly', readMoney, false),
    otherWeekly: get('cost_other_weekly', readMoney, false),
  };
  if (totalWeekly === undefined) return undefined;
  if (totalWeekly < COST_SENSE.min || totalWeekly > COST_SENSE.max) {
    warnings.push({
      row,
      field: 'cost_total_weekly',
      message: 'is outside £100 to £100,000 a week; check it',
    });
  }
  const given = Object.values(parts).filter((p): p is number => p !== undefined);
  if (given.reduce((a, b) => a + b, 0) > totalWeekly) {
    fail('cost_total_weekly', 'is less than the sum of its parts');
  }
  return {
    totalWeekly,
    ...Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined)),
  };
}
