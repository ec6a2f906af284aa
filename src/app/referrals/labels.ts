/**
 * The words pages and emails use for the pathway's codes, and the GOV.UK radio and checkbox items
 * for the referral questions (built here so templates stay declarative).
 */
import { REFERRAL_STATUSES } from '../../domain/referrals/lifecycle.ts';
import { RECIPIENT_STATUSES } from '../../domain/referrals/recipient.ts';
import {
  ADDITIONAL_SUPPORT,
  COMMUNICATION_REQUIREMENTS,
  CULTURAL_NEEDS,
  DECLINE_REASONS,
  LEGAL_STATUSES,
  LIVING_COMPANIONS,
  NEED_LABELS,
  OUT_OF_LA_REASONS,
  PETS,
  PLACEMENT_TYPES,
  PRESENCE,
  REFERRAL_OUTCOMES,
  REGISTRATION_CATEGORIES,
  RISKS,
  ROUTING_STAGES,
  SEXES,
  SUITABILITIES,
  URGENCIES,
} from '../../domain/shared/codes.ts';
import type { Answers } from './answers.ts';

const riskLabels = Object.fromEntries(Object.entries(RISKS).map(([k, v]) => [k, v.label])) as Record<
  keyof typeof RISKS,
  string
>;

/** Code lists by name, for the `label` filter in templates. */
export const CODES = {
  sexes: SEXES,
  needs: NEED_LABELS,
  categories: REGISTRATION_CATEGORIES,
  legal: LEGAL_STATUSES,
  urgencies: URGENCIES,
  outOfLa: OUT_OF_LA_REASONS,
  presence: PRESENCE,
  communication: COMMUNICATION_REQUIREMENTS,
  cultural: CULTURAL_NEEDS,
  companions: LIVING_COMPANIONS,
  pets: PETS,
  support: ADDITIONAL_SUPPORT,
  suitabilities: SUITABILITIES,
  placementTypes: PLACEMENT_TYPES,
  risks: riskLabels,
  declineReasons: DECLINE_REASONS,
  outcomes: REFERRAL_OUTCOMES,
  stages: ROUTING_STAGES,
  referralStatuses: REFERRAL_STATUSES,
  recipientStatuses: RECIPIENT_STATUSES,
  yesNo: { yes: 'Yes', no: 'No' },
} as const;

type Item =
  | { value: string; text: string; checked?: boolean; hint?: { text: string }; behaviour?: 'exclusive' }
  | { divider: string };

function one(list: Record<string, string>, selected: unknown): Item[] {
  return Object.entries(list).map(([value, text]) => ({ value, text, checked: selected === value }));
}
function many(list: Record<string, string>, selected: unknown, exclusive?: string): Item[] {
  const set = new Set(Array.isArray(selected) ? selected.map(String) : selected ? [String(selected)] : []);
  const items: Item[] = [];
  for (const [value, text] of Object.entries(list)) {
    if (value === exclusive) {
      items.push({ divider: 'or' }, { value, text, checked: set.has(value), behaviour: 'exclusive' });
    } else items.push({ value, text, checked: set.has(value) });
  }
  // The exclusive answer ("None", "NA") goes last, after the divider.
  const ex = items.findIndex((i) => 'divider' in i);
  return ex === -1
    ? items
    : [...items.filter((_, i) => i !== ex && i !== ex + 1), items[ex]!, items[ex + 1]!];
}

/** The radio and checkbox items of every question, with the given answers ticked. */
export function questionItems(a: Answers) {
  return {
    sex: one(SEXES, a.sex),
    primaryNeed: one(REGISTRATION_CATEGORIES, a.primaryNeed),
    legalStatus: [
      { value: '', text: 'Not recorded' },
      ...Object.entries(LEGAL_STATUSES).map(([value, text]) => ({
        value,
        text: `${value}: ${text}`,
        selected: a.legalStatus === value,
      })),
    ],
    neededBy: one(URGENCIES, a.neededBy),
    isPreferredLocationLocal: one(CODES.yesNo, a.isPreferredLocationLocal),
    outOfLaReason: one(OUT_OF_LA_REASONS, a.outOfLaReason),
    keepSchool: one(CODES.yesNo, a.keepSchool),
    communicationNeeds: one(PRESENCE, a.communicationNeeds),
    communicationRequirements: many(COMMUNICATION_REQUIREMENTS, a.communicationRequirements, 'none'),
    homeAdaptationRequired: one(CODES.yesNo, a.homeAdaptationRequired),
    culturalNeeds: one(CULTURAL_NEEDS, a.culturalNeeds),
    livingCompanions: one(LIVING_COMPANIONS, a.livingCompanions),
    pets: one(PETS, a.pets),
    risks: many(riskLabels, a.risks),
    fosterSuitability: one(SUITABILITIES, a.fosterSuitability),
    residentialSuitability: one(SUITABILITIES, a.residentialSuitability),
    supportedAccommodationSuitability: one(SUITABILITIES, a.supportedAccommodationSuitability),
    additionalSupport: many(ADDITIONAL_SUPPORT, a.additionalSupport, 'na'),
    deprivationOfLiberty: one(CODES.yesNo, a.deprivationOfLiberty),
  };
}

export function declineItems(selected?: string) {
  return one(DECLINE_REASONS, selected);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function text(a: Answers, k: string): string {
  const v = a[k];
  return typeof v === 'string' ? v.trim() : '';
}

function list(a: Answers, k: string, labels: Record<string, string>): string {
  const v = a[k];
  const values = Array.isArray(v) ? v : v ? [v] : [];
  return values.length ? values.map((x) => labels[x] ?? x).join(', ') : 'None';
}

/** How each answer reads on the check-answers page. */
export function answerText(a: Answers, field: string): string {
  const code = (labels: Record<string, string>) => labels[text(a, field)] ?? (text(a, field) || 'Not given');
  switch (field) {
    case 'bornIn': {
      const m = Number(text(a, 'bornIn-month'));
      const y = text(a, 'bornIn-year');
      return m >= 1 && m <= 12 && y ? `${MONTHS[m - 1]} ${y}` : 'Not given';
    }
    case 'latestStart': {
      const d = text(a, 'latestStart-day');
      const m = Number(text(a, 'latestStart-month'));
      const y = text(a, 'latestStart-year');
      return d && m >= 1 && m <= 12 && y
        ? `${Number(d)} ${MONTHS[m - 1]} ${y}`
        : text(a, 'latestStart') || 'Not given';
    }
    case 'sex':
      return code(SEXES);
    case 'primaryNeed':
      return code(REGISTRATION_CATEGORIES);
    case 'legalStatus':
      return text(a, field) ? code(LEGAL_STATUSES) : 'Not recorded';
    case 'neededBy':
      return code(URGENCIES);
    case 'isPreferredLocationLocal':
    case 'keepSchool':
    case 'homeAdaptationRequired':
    case 'deprivationOfLiberty':
      return code(CODES.yesNo);
    case 'outOfLaReason':
      return text(a, field) ? code(OUT_OF_LA_REASONS) : 'Not needed';
    case 'communicationNeeds':
      return code(PRESENCE);
    case 'communicationRequirements':
      return list(a, field, COMMUNICATION_REQUIREMENTS);
    case 'culturalNeeds':
      return code(CULTURAL_NEEDS);
    case 'livingCompanions':
      return code(LIVING_COMPANIONS);
    case 'pets':
      return code(PETS);
    case 'risks':
      return list(a, field, riskLabels).replace(/^None$/, 'No known risk');
    case 'additionalSupport':
      return list(a, field, ADDITIONAL_SUPPORT);
    case 'fosterSuitability':
    case 'residentialSuitability':
    case 'supportedAccommodationSuitability':
      return code(SUITABILITIES);
    default:
      return text(a, field) || 'Not given';
  }
}
