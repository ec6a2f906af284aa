import type { ChildProfile, PlacementRequirements } from '../referrals/profile.ts';
import {
  NEED_LABELS,
  type NeedCode,
  PLACEMENT_TYPES,
  type PlacementType,
  REGISTRATION_CATEGORIES,
  type RegistrationCategory,
  SEXES,
  type Sex,
} from '../shared/codes.ts';
import type { HomeProfile } from './home.ts';

/**
 * The directory's first cut: could this home lawfully and plausibly care for this child? It
 * checks only what a home's registration and statement of purpose state as facts (placement type,
 * age range, sexes, Ofsted registration categories, declared exclusions, solo, adaptations,
 * deprivation of liberty, pets). Richer judgement (the mix of children already living there,
 * scored matches) belongs to src/domain/matching and plugs in through `EligibilityFn`.
 */

/** What the directory needs to know about a child's needs; every field optional (filter if given). */
export interface NeedsQuery {
  placementType?: PlacementType;
  ageYears?: number;
  sex?: Sex;
  /** Decides registration fit: must be one of the home's Ofsted registration categories. */
  primaryNeed?: RegistrationCategory;
  /** Further needs and risks (PDS risks, other categories). */
  needs?: readonly NeedCode[];
  solo?: boolean;
  adaptationRequired?: boolean;
  deprivationOfLiberty?: boolean;
  /** The child cannot live where there are pets. */
  noPets?: boolean;
}

export const CHECKS = {
  'placement-type': 'Placement type',
  age: 'Age range',
  sex: 'Sexes cared for',
  registration: 'Ofsted registration categories',
  exclusions: 'Needs the home excludes',
  solo: 'Solo placement',
  adaptation: 'Adapted home',
  dol: 'Deprivation of liberty',
  pets: 'Pets',
} as const;
export type CheckCode = keyof typeof CHECKS;

export interface Check {
  /** One of CHECKS for the directory's own checks; a richer matcher may use its own rule names. */
  code: CheckCode | (string & {});
  passed: boolean;
  message: string;
}

export interface Eligibility {
  eligible: boolean;
  /** Every check that applied, passed or failed, so a result can say why. */
  checks: Check[];
  /** The child's needs (beyond the primary) the home says it supports well. */
  supported: NeedCode[];
  /** Of the child's needs beyond the primary, those the home does not mention. */
  unmentioned: NeedCode[];
}

/** The hook a richer matcher implements; search calls it once per home. */
export type EligibilityFn = (home: HomeProfile, query: NeedsQuery) => Eligibility;

const isCategory = (n: NeedCode): n is RegistrationCategory => Object.hasOwn(REGISTRATION_CATEGORIES, n);
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export const directoryEligibility: EligibilityFn = (home, q) => {
  const checks: Check[] = [];
  const add = (code: CheckCode, passed: boolean, message: string) => checks.push({ code, passed, message });

  if (q.placementType !== undefined) {
    const ok = home.placementType === q.placementType;
    add(
      'placement-type',
      ok,
      ok
        ? PLACEMENT_TYPES[home.placementType]
        : `${PLACEMENT_TYPES[home.placementType]}, not ${lower(PLACEMENT_TYPES[q.placementType])}`,
    );
  }
  if (q.ageYears !== undefined) {
    const ok = q.ageYears >= home.ageMin && q.ageYears <= home.ageMax;
    add('age', ok, `Ages ${home.ageMin} to ${home.ageMax}${ok ? '' : `: not ${q.ageYears}`}`);
  }
  if (q.sex !== undefined) {
    const ok = home.sexes.includes(q.sex);
    add('sex', ok, ok ? `Cares for ${lower(SEXES[q.sex])}s` : `Does not care for ${lower(SEXES[q.sex])}s`);
  }
  const needs = q.needs ?? [];
  const categories = [...new Set([...(q.primaryNeed ? [q.primaryNeed] : []), ...needs.filter(isCategory)])];
  if (categories.length > 0) {
    const missing = categories.filter((c) => !home.registrationCategories.includes(c));
    add(
      'registration',
      missing.length === 0,
      missing.length === 0
        ? `Registered for ${categories.map((c) => lower(REGISTRATION_CATEGORIES[c])).join(', ')}`
        : `Not registered for ${missing.map((c) => lower(REGISTRATION_CATEGORIES[c])).join(', ')}`,
    );
  }
  const all = [...categories, ...needs.filter((n) => !isCategory(n))];
  const excluded = all.filter((n) => home.needsExcluded.includes(n));
  if (all.length > 0) {
    add(
      'exclusions',
      excluded.length === 0,
      excluded.length === 0
        ? 'None of the child’s needs is excluded'
        : `Excludes ${excluded.map((n) => lower(NEED_LABELS[n])).join(', ')}`,
    );
  }
  if (q.solo)
    add(
      'solo',
      home.offersSolo,
      home.offersSolo ? 'Offers solo placements' : 'Does not offer solo placements',
    );
  if (q.adaptationRequired) add('adaptation', home.adapted, home.adapted ? 'Adapted home' : 'Not adapted');
  if (q.deprivationOfLiberty) {
    const ok = home.acceptsDeprivationOfLiberty;
    add(
      'dol',
      ok,
      ok
        ? 'Accepts children under a deprivation of liberty order'
        : 'Does not accept deprivation of liberty orders',
    );
  }
  if (q.noPets) add('pets', !home.petsOnSite, home.petsOnSite ? 'Has pets on site' : 'No pets on site');

  const beyondPrimary = needs.filter((n) => n !== q.primaryNeed);
  return {
    eligible: checks.every((c) => c.passed),
    checks,
    supported: beyondPrimary.filter(
      (n) =>
        home.needsSupported.includes(n) || home.registrationCategories.includes(n as RegistrationCategory),
    ),
    unmentioned: beyondPrimary.filter(
      (n) =>
        !home.needsSupported.includes(n) &&
        !home.needsExcluded.includes(n) &&
        !home.registrationCategories.includes(n as RegistrationCategory),
    ),
  };
};

/** The directory query for a referred child (PDS profile and requirements). */
export function needsQueryFromChild(
  child: ChildProfile,
  req?: Pick<
    PlacementRequirements,
    'livingCompanions' | 'homeAdaptationRequired' | 'deprivationOfLiberty' | 'pets'
  >,
): NeedsQuery {
  return {
    ageYears: child.ageYears,
    sex: child.sex,
    primaryNeed: child.primaryNeed,
    needs: [...child.risks],
    ...(req
      ? {
          solo: req.livingCompanions === 'solo',
          adaptationRequired: req.homeAdaptationRequired,
          deprivationOfLiberty: req.deprivationOfLiberty,
          noPets: req.pets === 'no',
        }
      : {}),
  };
}

/**
 * Wraps a matcher that lists failed rules (e.g. src/domain/matching's
 * `(home) => homeEligibility(referral, home)`) as the directory's eligibility hook: eligible when
 * nothing fails; the needs the home supports are still worked out from the directory query. An
 * eligible home keeps the directory's own passed checks as its reasons ("Registered for …"): the
 * matcher decides, the directory explains.
 */
export function eligibilityFromFailures(
  failuresOf: (home: HomeProfile) => readonly { rule: string; message: string }[],
): EligibilityFn {
  return (home, query) => {
    const failures = failuresOf(home);
    if (failures.length > 0) {
      // Left out: its failures say why; the directory's own sentences are not needed.
      return {
        eligible: false,
        checks: failures.map((f) => ({ code: f.rule, passed: false, message: f.message })),
        ...needsCover(home, query),
      };
    }
    // The sentences are built only if asked for (a search explains only the homes it returns).
    let checks: Check[] | undefined;
    return {
      eligible: true,
      get checks() {
        checks ??= directoryEligibility(home, query).checks.filter((c) => c.passed);
        return checks;
      },
      ...needsCover(home, query),
    };
  };
}

/** The child's needs beyond the primary that the home supports, and those it does not mention. */
export function needsCover(home: HomeProfile, q: NeedsQuery): Pick<Eligibility, 'supported' | 'unmentioned'> {
  const supported: NeedCode[] = [];
  const unmentioned: NeedCode[] = [];
  for (const n of q.needs ?? []) {
    if (n === q.primaryNeed) continue;
    const registered = home.registrationCategories.includes(n as RegistrationCategory);
    if (home.needsSupported.includes(n) || registered) supported.push(n);
    else if (!home.needsExcluded.includes(n)) unmentioned.push(n);
  }
  return { supported, unmentioned };
}
