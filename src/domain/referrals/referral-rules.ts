/**
 * The business rules a referral must meet before it is sent to anyone, on typed data (from the
 * form parser, the API or an import). Each error names the form field to fix, so the GOV.UK error
 * summary can link straight to it. Field names are listed in referral-form.ts and docs/referrals.md.
 */
import {
  LEGAL_STATUSES,
  PLACEMENT_TYPES,
  type PlacementType,
  RISKS,
  type RiskCode,
} from '../shared/codes.ts';
import { addDays, type LocalDate } from '../shared/dates.ts';
import type { FieldError } from '../shared/errors.ts';
import { findIdentifiers, identifierMessage, isPostcodeSector } from './identifiers.ts';
import type { ChildProfile, PlacementRequirements, Referral } from './profile.ts';

/** The furthest ahead a latest start date may be: a search is for a placement, not a plan. */
export const MAX_DAYS_AHEAD = 365;
/** The largest sibling group the form accepts (a home has at most a handful of beds). */
export const MAX_SIBLINGS = 6;
/** Supported accommodation is only lawful for young people aged 16 or 17. */
export const SUPPORTED_ACCOMMODATION_MIN_AGE = 16;
/** A child reference is the LA's pseudonymous case number: letters, digits, dashes. */
export const CHILD_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** Form field name for each placement type's suitability question. */
export const SUITABILITY_FIELDS: Record<PlacementType, string> = {
  foster: 'fosterSuitability',
  residential: 'residentialSuitability',
  'supported-accommodation': 'supportedAccommodationSuitability',
};

/** Free-text fields checked for identifying details, with how the message refers to each. */
const FREE_TEXT: ReadonlyArray<
  [string, string, (c: ChildProfile, r: PlacementRequirements) => string | undefined]
> = [
  ['penPortrait', 'the pen portrait', (_c, r) => r.penPortrait],
  ['riskOther', 'the other risks to the child', (c) => c.riskOther],
  ['riskToOthersOther', 'the other risks to others', (c) => c.riskToOthersOther],
  ['preferredLocationNote', 'the preferred location', (_c, r) => r.preferredLocationNote],
  ['outOfLaReasonOther', 'the reason for a placement outside the LA', (_c, r) => r.outOfLaReasonOther],
  ['communicationOther', 'the communication needs', (_c, r) => r.communicationOther],
  ['culturalNeedsOther', 'the cultural needs', (_c, r) => r.culturalNeedsOther],
  ['additionalSupportOther', 'the additional support', (_c, r) => r.additionalSupportOther],
];

/**
 * Every rule broken by a referral, judged on `today` (the LA's calendar day). Empty means it may
 * be submitted. Rules that need two answers (an "Other" needing its text, a school to keep needing
 * its location) report against the field that is missing, not the one that triggered the rule.
 */
export function referralRuleErrors(
  child: ChildProfile,
  req: PlacementRequirements,
  today: LocalDate,
): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, message });
  };

  if (!CHILD_REF.test(child.childRef)) {
    add('childRef', 'Child reference must be the case reference (letters, numbers and dashes), never a name');
  }
  if (!Number.isInteger(child.ageYears) || child.ageYears < 0 || child.ageYears > 17) {
    add('ageYears', 'Age must be a whole number of years between 0 and 17');
  }
  const unknownRisk = child.risks.find((r: RiskCode) => !Object.hasOwn(RISKS, r));
  if (unknownRisk !== undefined) add('risks', `"${unknownRisk}" is not a risk in the standard`);
  if (child.legalStatus !== undefined && !Object.hasOwn(LEGAL_STATUSES, child.legalStatus)) {
    add('legalStatus', `"${child.legalStatus}" is not an SSDA903 legal status`);
  }

  // When: the latest start date must be reachable and agree with the urgency chosen.
  if (req.latestStart < today) {
    add('latestStart', 'Latest start date must be today or in the future');
  } else if (req.latestStart > addDays(today, MAX_DAYS_AHEAD)) {
    add('latestStart', 'Latest start date must be within a year of today');
  } else if (req.neededBy === 'today' && req.latestStart !== today) {
    add('latestStart', 'The placement is needed today, so the latest start date must be today');
  } else if (req.neededBy === 'lt-5-days' && req.latestStart >= addDays(today, 5)) {
    add(
      'latestStart',
      'The placement is needed in less than 5 days, so the latest start must be within 5 days',
    );
  } else if (req.neededBy === 'gt-5-days' && req.latestStart < addDays(today, 5)) {
    add(
      'latestStart',
      'The latest start is within 5 days, so the placement is not needed "in more than 5 days"',
    );
  }
  if (!Number.isInteger(req.siblingCount) || req.siblingCount < 0 || req.siblingCount > MAX_SIBLINGS) {
    add('siblingCount', `Number of siblings must be a whole number between 0 and ${MAX_SIBLINGS}`);
  }

  // Where.
  if (!req.isPreferredLocationLocal && req.outOfLaReason === undefined) {
    add('outOfLaReason', 'Select why the placement should be outside the local authority');
  }
  if (req.outOfLaReason === 'other' && !req.outOfLaReasonOther?.trim()) {
    add('outOfLaReasonOther', 'Enter the other reason for a placement outside the local authority');
  }
  for (const [field, value] of [
    ['familyPostcodeSector', req.familyPostcodeSector],
    ['schoolPostcodeSector', req.schoolPostcodeSector],
  ] as const) {
    if (value !== undefined && !isPostcodeSector(value)) {
      add(field, 'Enter a postcode sector, like UB3 1');
    }
  }
  if (req.keepSchool && req.schoolPostcodeSector === undefined) {
    add('schoolPostcodeSector', "Enter the school's postcode sector, so homes near the school can be found");
  }

  // Needs: "Other" needs its words; "None" and "NA" cannot sit beside real answers.
  if (req.communicationRequirements.length === 0) {
    add('communicationRequirements', 'Select the communication requirements, or "None"');
  } else if (req.communicationRequirements.includes('none') && req.communicationRequirements.length > 1) {
    add('communicationRequirements', 'Select "None" on its own, or only the requirements that apply');
  } else if (req.communicationNeeds === 'no' && !req.communicationRequirements.every((c) => c === 'none')) {
    add('communicationRequirements', 'You said there are no communication needs, so select "None"');
  }
  if (req.communicationRequirements.includes('other') && !req.communicationOther?.trim()) {
    add('communicationOther', 'Enter the other communication requirement');
  }
  if (req.culturalNeeds === 'other' && !req.culturalNeedsOther?.trim()) {
    add('culturalNeedsOther', 'Enter the cultural needs');
  }
  if (req.additionalSupport.includes('na') && req.additionalSupport.length > 1) {
    add('additionalSupport', 'Select "NA" on its own, or only the support that is needed');
  }
  if (req.additionalSupport.includes('other') && !req.additionalSupportOther?.trim()) {
    add('additionalSupportOther', 'Enter the other additional support needed');
  }

  // Which placement types: at least one must be possible; supported accommodation only at 16+.
  const types = Object.keys(PLACEMENT_TYPES) as PlacementType[];
  if (types.every((t) => req.suitability[t] === 'unsuitable')) {
    add(SUITABILITY_FIELDS.residential, 'At least one placement type must not be unsuitable');
  }
  const sa = req.suitability['supported-accommodation'];
  if (
    child.ageYears < SUPPORTED_ACCOMMODATION_MIN_AGE &&
    (sa === 'preferred' || sa === 'suitable-not-preferred')
  ) {
    add(
      SUITABILITY_FIELDS['supported-accommodation'],
      'Supported accommodation is only for young people aged 16 or 17; mark it unsuitable',
    );
  }

  if (!req.penPortrait.trim()) add('penPortrait', 'Enter a pen portrait of the child');
  for (const [field, what, get] of FREE_TEXT) {
    const text = get(child, req);
    const message = text ? identifierMessage(findIdentifiers(text), what) : undefined;
    if (message) add(field, message);
  }
  return errors;
}

/** The rules for a typed referral (API JSON, imports): what `parseReferralForm` checks after reading. */
export function validateReferral(
  referral: Pick<Referral, 'child' | 'requirements'>,
  today: LocalDate,
): FieldError[] {
  return referralRuleErrors(referral.child, referral.requirements, today);
}
