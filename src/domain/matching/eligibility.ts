/**
 * Hard eligibility: what a home's registration and statement of purpose rule out, and what a
 * vacancy cannot offer. A referral that fails any rule is not sent to that home, and the LA is
 * told each reason in plain English, so no provider is sent a referral it could never accept
 * ("we only care for girls, but we get referrals for teenage boys").
 */
import type { HomeProfile } from '../directory/home.ts';
import { childNeeds, type Referral } from '../referrals/profile.ts';
import { NEED_LABELS, PLACEMENT_TYPES } from '../shared/codes.ts';
import { formatLongDate } from '../shared/dates.ts';
import type { Vacancy } from './target.ts';

export const ELIGIBILITY_RULES = {
  age: 'Age within the home’s registered range',
  sex: 'Sex the home is registered for',
  registration: 'Primary need within the home’s registration categories',
  'excluded-need': 'No need or risk the home’s statement of purpose excludes',
  solo: 'Solo placement where one is recommended',
  adaptation: 'An adapted home where adaptation is needed',
  'deprivation-of-liberty': 'A home that accepts deprivation of liberty orders where one applies',
  pets: 'Pets on site as the child needs',
  'placement-type': 'A placement type the social worker has not marked unsuitable',
  beds: 'Enough free beds for the child and siblings',
  'start-date': 'Bed free by the latest start date',
  'resident-conflict':
    'No conflicting exploitation risk with a resident (when the policy makes it a hard rule)',
} as const;
export type EligibilityRule = keyof typeof ELIGIBILITY_RULES;

export interface EligibilityFailure {
  rule: EligibilityRule;
  /** A sentence the LA can read: what the home offers and what the child needs. */
  message: string;
}

type Matchable = Pick<Referral, 'child' | 'requirements'>;

/** Long dates for messages, remembered: a ranking formats the same few dates thousands of times. */
const longDates = new Map<string, string>();
function longDate(d: string): string {
  let s = longDates.get(d);
  if (s === undefined) {
    s = formatLongDate(d);
    if (longDates.size > 5000) longDates.clear();
    longDates.set(d, s);
  }
  return s;
}

/** Every registration and statement-of-purpose rule the home breaks for this child. */
export function homeEligibility(referral: Matchable, home: HomeProfile): EligibilityFailure[] {
  // Written without inner closures: this runs for every referral × home pair in a ranking.
  const { child, requirements: req } = referral;
  const out: EligibilityFailure[] = [];
  const name = home.name;

  if (child.ageYears < home.ageMin || child.ageYears > home.ageMax) {
    out.push({
      rule: 'age',
      message: `${name} cares for children aged ${home.ageMin} to ${home.ageMax}; this child is ${child.ageYears}.`,
    });
  }
  if (!home.sexes.includes(child.sex)) {
    const sexes = home.sexes.map((s) => (s === 'male' ? 'boys' : 'girls')).join(' and ') || 'no children';
    out.push({
      rule: 'sex',
      message: `${name} is registered for ${sexes}; this child is a ${child.sex === 'male' ? 'boy' : 'girl'}.`,
    });
  }
  if (!home.registrationCategories.includes(child.primaryNeed)) {
    out.push({
      rule: 'registration',
      message: `${name} is not registered for ${NEED_LABELS[child.primaryNeed].toLowerCase()}, the child's primary need.`,
    });
  }
  if (home.needsExcluded.length > 0) {
    const excluded: string[] = [];
    for (const n of childNeeds(child)) {
      if (home.needsExcluded.includes(n)) excluded.push(NEED_LABELS[n].toLowerCase());
    }
    if (excluded.length > 0) {
      out.push({
        rule: 'excluded-need',
        message: `${name}'s statement of purpose excludes: ${excluded.join('; ')}.`,
      });
    }
  }
  if (req.livingCompanions === 'solo' && !home.offersSolo) {
    out.push({ rule: 'solo', message: `A solo placement is recommended and ${name} does not offer one.` });
  }
  if (req.homeAdaptationRequired && !home.adapted) {
    out.push({ rule: 'adaptation', message: `The child needs an adapted home and ${name} is not adapted.` });
  }
  if (req.deprivationOfLiberty && !home.acceptsDeprivationOfLiberty) {
    out.push({
      rule: 'deprivation-of-liberty',
      message: `A deprivation of liberty order applies and ${name} does not accept them.`,
    });
  }
  if (req.pets === 'yes-must' && !home.petsOnSite) {
    out.push({ rule: 'pets', message: `The child must live with pets and ${name} has none.` });
  } else if (req.pets === 'no' && home.petsOnSite) {
    out.push({ rule: 'pets', message: `The child cannot live with pets and ${name} has pets on site.` });
  } else if (home.petsOnSite && child.risks.includes('others-animals')) {
    out.push({
      rule: 'pets',
      message: `The child presents a risk of harm to animals and ${name} has pets on site.`,
    });
  }
  if (req.suitability[home.placementType] === 'unsuitable') {
    const type = PLACEMENT_TYPES[home.placementType].toLowerCase();
    out.push({
      rule: 'placement-type',
      message: `The social worker has marked ${type} unsuitable for this child.`,
    });
  }
  return out;
}

/** The vacancy's own limits: enough beds for the sibling group, free in time. */
export function vacancyEligibility(referral: Matchable, vacancy: Vacancy): EligibilityFailure[] {
  const out: EligibilityFailure[] = [];
  const siblings = referral.requirements.siblingCount;
  const needed = 1 + siblings;
  if (vacancy.beds < needed) {
    out.push({
      rule: 'beds',
      message: `The child is to be placed with ${siblings} ${siblings === 1 ? 'sibling' : 'siblings'}, needing ${needed} beds; ${vacancy.beds} ${vacancy.beds === 1 ? 'is' : 'are'} free.`,
    });
  }
  if (vacancy.availableFrom > referral.requirements.latestStart) {
    out.push({
      rule: 'start-date',
      message: `The bed is free from ${longDate(vacancy.availableFrom)}, after the latest start date of ${longDate(referral.requirements.latestStart)}.`,
    });
  }
  return out;
}

/** All hard rules for a home, and for its vacancy when there is one. Empty means eligible. */
export function eligibilityFailures(
  referral: Matchable,
  target: { home: HomeProfile; vacancy?: Vacancy | undefined },
): EligibilityFailure[] {
  const failures = homeEligibility(referral, target.home);
  return target.vacancy ? [...failures, ...vacancyEligibility(referral, target.vacancy)] : failures;
}
