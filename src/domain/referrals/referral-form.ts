/**
 * The referral form: its field names (the `name` attributes of the GOV.UK question pages and the
 * keys of the JSON API body) and the one function that turns a posted form into a typed referral
 * or a list of errors naming those fields. The domain checks the rules here once, so the web form,
 * the API and the command line all refuse the same things with the same words.
 */
import {
  ADDITIONAL_SUPPORT,
  COMMUNICATION_REQUIREMENTS,
  CULTURAL_NEEDS,
  LEGAL_STATUSES,
  LIVING_COMPANIONS,
  OUT_OF_LA_REASONS,
  PETS,
  PRESENCE,
  REGISTRATION_CATEGORIES,
  RISKS,
  SEXES,
  SUITABILITIES,
  URGENCIES,
} from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';
import type { FieldError } from '../shared/errors.ts';
import { type FormInput, FormReader } from './form-values.ts';
import { parsePostcodeSector } from './identifiers.ts';
import type { ChildProfile, PlacementRequirements } from './profile.ts';
import { MAX_SIBLINGS, referralRuleErrors, SUITABILITY_FIELDS } from './referral-rules.ts';

/**
 * Every field of the referral form with its question. Dates may also be posted as GOV.UK date
 * parts (`latestStart-day`, `latestStart-month`, `latestStart-year`); checkbox groups post lists.
 */
export const REFERRAL_FORM_FIELDS = {
  childRef: 'Child reference (case management ID, never a name)',
  ageYears: 'Age in years',
  sex: 'Sex',
  primaryNeed: 'Primary need',
  risks: 'Risks present (tick all that apply)',
  riskOther: 'Other risks to the child',
  riskToOthersOther: 'Other risks to others or property',
  legalStatus: 'Legal status',
  neededBy: 'When is the placement needed?',
  latestStart: 'Latest start date',
  siblingCount: 'Number of siblings to place with',
  isPreferredLocationLocal: 'Is the preferred location inside your local authority?',
  outOfLaReason: 'Why should the placement be outside your local authority?',
  outOfLaReasonOther: 'Other reason for a placement outside your local authority',
  preferredLocationNote: 'Preferred location and why',
  familyPostcodeSector: "Family's postcode sector",
  schoolPostcodeSector: "School's postcode sector",
  keepSchool: 'Must the child keep their school?',
  communicationNeeds: 'Communication, language and learning needs',
  communicationRequirements: 'Specific communication and language requirements',
  communicationOther: 'Other communication requirement',
  homeAdaptationRequired: 'Does the home need adaptations?',
  culturalNeeds: 'Cultural needs',
  culturalNeedsOther: 'Other cultural needs',
  livingCompanions: 'Who can the child be cared for alongside?',
  pets: 'Can the child live with pets or animals?',
  additionalSupport: 'Additional support needed',
  additionalSupportOther: 'Other additional support',
  deprivationOfLiberty: 'Is there a deprivation of liberty order?',
  fosterSuitability: 'Foster care suitability',
  residentialSuitability: 'Residential care suitability',
  supportedAccommodationSuitability: 'Supported accommodation suitability',
  penPortrait: 'Pen portrait',
} as const;
export type ReferralFormField = keyof typeof REFERRAL_FORM_FIELDS;

export interface ValidReferral {
  child: ChildProfile;
  requirements: PlacementRequirements;
}

export type ReferralFormResult = { ok: true; value: ValidReferral } | { ok: false; errors: FieldError[] };

const PEN_PORTRAIT_MAX = 4000;

/**
 * Reads and checks a posted referral form, judged on `today`. Returns the typed referral, or the
 * errors in form order (one per field): every unreadable or missing answer at once, then, once
 * each answer reads, the rules that join answers (referral-rules.ts).
 */
export function parseReferralForm(form: FormInput, today: LocalDate): ReferralFormResult {
  const f = new FormReader(form);
  const sector = (field: string): string | undefined => {
    const raw = f.text(field, 20);
    if (raw === undefined) return undefined;
    const parsed = parsePostcodeSector(raw);
    if (parsed.ok) return parsed.sector;
    return f.fail(
      field,
      parsed.reason === 'full-postcode'
        ? 'Enter only the postcode sector, like UB3 1, not the full postcode'
        : 'Enter a postcode sector, like UB3 1',
    );
  };

  const childRef = f.requiredText('childRef', 'Enter the child reference', 40);
  const ageYears = f.integer('ageYears', 0, 17, "Enter the child's age in years", 'Age');
  const sex = f.code('sex', SEXES, "Select the child's sex");
  const primaryNeed = f.code('primaryNeed', REGISTRATION_CATEGORIES, "Select the child's primary need");
  const risks = f.codes('risks', RISKS, undefined) ?? [];
  const riskOther = f.text('riskOther');
  const riskToOthersOther = f.text('riskToOthersOther');
  const legalStatus = f.code('legalStatus', LEGAL_STATUSES, undefined);
  const neededBy = f.code('neededBy', URGENCIES, 'Select when the placement is needed');
  const latestStart = f.date('latestStart', 'Enter the latest start date', 'Latest start date');
  const siblingCount = f.integer(
    'siblingCount',
    0,
    MAX_SIBLINGS,
    'Enter the number of siblings to place with, or 0',
    'Number of siblings',
  );
  const isPreferredLocationLocal = f.yesNo(
    'isPreferredLocationLocal',
    'Select yes if the preferred location is inside your local authority',
  );
  const outOfLaReason = f.code('outOfLaReason', OUT_OF_LA_REASONS, undefined);
  const outOfLaReasonOther = f.text('outOfLaReasonOther');
  const preferredLocationNote = f.text('preferredLocationNote');
  const familyPostcodeSector = sector('familyPostcodeSector');
  const schoolPostcodeSector = sector('schoolPostcodeSector');
  const keepSchool = f.yesNo('keepSchool', 'Select yes if the child must keep their school');
  const communicationNeeds = f.code(
    'communicationNeeds',
    PRESENCE,
    'Select whether there are communication, language or learning needs',
  );
  const communicationRequirements = f.codes(
    'communicationRequirements',
    COMMUNICATION_REQUIREMENTS,
    'Select the communication requirements, or "None"',
  );
  const communicationOther = f.text('communicationOther');
  const homeAdaptationRequired = f.yesNo(
    'homeAdaptationRequired',
    'Select yes if the home needs adaptations',
  );
  const culturalNeeds = f.code('culturalNeeds', CULTURAL_NEEDS, 'Select the cultural needs');
  const culturalNeedsOther = f.text('culturalNeedsOther');
  const livingCompanions = f.code(
    'livingCompanions',
    LIVING_COMPANIONS,
    'Select who the child can be cared for alongside',
  );
  const pets = f.code('pets', PETS, 'Select whether the child can live with pets');
  const additionalSupport = f.codes('additionalSupport', ADDITIONAL_SUPPORT, undefined) ?? [];
  const additionalSupportOther = f.text('additionalSupportOther');
  const deprivationOfLiberty = f.yesNo(
    'deprivationOfLiberty',
    'Select yes if there is a deprivation of liberty order',
  );
  const foster = f.code(SUITABILITY_FIELDS.foster, SUITABILITIES, 'Select how suitable foster care is');
  const residential = f.code(
    SUITABILITY_FIELDS.residential,
    SUITABILITIES,
    'Select how suitable residential care is',
  );
  const supported = f.code(
    SUITABILITY_FIELDS['supported-accommodation'],
    SUITABILITIES,
    'Select how suitable supported accommodation is',
  );
  const penPortrait = f.requiredText('penPortrait', 'Enter a pen portrait of the child', PEN_PORTRAIT_MAX);

  if (
    childRef === undefined ||
    ageYears === undefined ||
    sex === undefined ||
    primaryNeed === undefined ||
    neededBy === undefined ||
    latestStart === undefined ||
    siblingCount === undefined ||
    isPreferredLocationLocal === undefined ||
    keepSchool === undefined ||
    communicationNeeds === undefined ||
    communicationRequirements === undefined ||
    homeAdaptationRequired === undefined ||
    culturalNeeds === undefined ||
    livingCompanions === undefined ||
    pets === undefined ||
    deprivationOfLiberty === undefined ||
    foster === undefined ||
    residential === undefined ||
    supported === undefined ||
    penPortrait === undefined ||
    f.errors.length > 0
  ) {
    return { ok: false, errors: inFormOrder(f.errors) };
  }

  const child: ChildProfile = compact({
    childRef,
    ageYears,
    sex,
    primaryNeed,
    risks,
    riskOther,
    riskToOthersOther,
    legalStatus,
  });
  const requirements: PlacementRequirements = compact({
    neededBy,
    latestStart,
    siblingCount,
    isPreferredLocationLocal,
    // A reason for going out of area means nothing when the location is local.
    outOfLaReason: isPreferredLocationLocal ? undefined : outOfLaReason,
    outOfLaReasonOther:
      !isPreferredLocationLocal && outOfLaReason === 'other' ? outOfLaReasonOther : undefined,
    preferredLocationNote,
    familyPostcodeSector,
    schoolPostcodeSector,
    keepSchool,
    communicationNeeds,
    communicationRequirements,
    communicationOther: communicationRequirements.includes('other') ? communicationOther : undefined,
    homeAdaptationRequired,
    culturalNeeds,
    culturalNeedsOther: culturalNeeds === 'other' ? culturalNeedsOther : undefined,
    livingCompanions,
    pets,
    additionalSupport,
    additionalSupportOther: additionalSupport.includes('other') ? additionalSupportOther : undefined,
    deprivationOfLiberty,
    suitability: { foster, residential, 'supported-accommodation': supported },
    penPortrait,
  });
  const ruleErrors = referralRuleErrors(child, requirements, today);
  if (ruleErrors.length > 0) return { ok: false, errors: inFormOrder(ruleErrors) };
  return { ok: true, value: { child, requirements } };
}

/** Drops keys whose value is undefined, so stored objects carry no empty optional fields. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const ORDER = Object.keys(REFERRAL_FORM_FIELDS);
function inFormOrder(errors: readonly FieldError[]): FieldError[] {
  const rank = (field: string) => {
    const i = ORDER.indexOf(field.replace(/-(day|month|year)$/, ''));
    return i === -1 ? ORDER.length : i;
  };
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}
