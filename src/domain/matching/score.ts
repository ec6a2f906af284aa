/**
 * The match score: hard eligibility first, then soft factors worth whole points, so the score is
 * exactly the sum of its reasons and a provider or LA can check it by hand. The weights are the
 * most that each factor can add; the defaults sum to 100 and a consortium can set its own in its
 * admissions and matching policy. docs/matching.md gives the formula and a worked example.
 */
import { LOCAL_MILES, milesBetween } from '../directory/geo.ts';
import type { GeoPoint } from '../directory/home.ts';
import type { Referral } from '../referrals/profile.ts';
import { PLACEMENT_TYPES, type RiskCode, SUITABILITIES, URGENCIES, type Urgency } from '../shared/codes.ts';
import { daysBetween, type LocalDate } from '../shared/dates.ts';
import { DomainError, type FieldError } from '../shared/errors.ts';
import {
  type CompatibilityIssue,
  type CompatibilityIssueKind,
  type CompatibilityRules,
  compatibilityIssues,
  DEFAULT_COMPATIBILITY_RULES,
  riskName,
} from './compatibility.ts';
import { type EligibilityFailure, eligibilityFailures } from './eligibility.ts';
import type { MatchTarget } from './target.ts';

/** The most points each soft factor can add. */
export interface MatchWeights {
  familyDistance: number;
  schoolDistance: number;
  compatibility: number;
  needsSupported: number;
  waiting: number;
  urgency: number;
  placementPreference: number;
}
export type Factor = keyof MatchWeights;

export const DEFAULT_WEIGHTS: MatchWeights = {
  familyDistance: 20,
  schoolDistance: 15,
  compatibility: 25,
  needsSupported: 15,
  waiting: 10,
  urgency: 10,
  placementPreference: 5,
};

export interface MatchOptions {
  /** The day the ranking is made (waiting time is counted to it). */
  today: LocalDate;
  weights: MatchWeights;
  rules: CompatibilityRules;
  /** Share of the compatibility weight each issue takes away (1 = all of it). */
  penalties: Record<CompatibilityIssueKind, number>;
  /** Within this distance a home counts as near the family or school. */
  localMiles: number;
  /** Days of waiting that earn the whole waiting weight. */
  waitingFullDays: number;
  /** When true, a conflicting exploitation risk with a resident rules the match out altogether. */
  conflictsExclude: boolean;
}

export const DEFAULT_PENALTIES: Record<CompatibilityIssueKind, number> = {
  'risk-conflict': 1,
  'age-gap': 0.25,
  'mixed-sex': 0.5,
  companions: 0.5,
};

/** Share of the urgency weight for each PDS urgency: the sooner needed, the higher. */
export const URGENCY_SHARE: Record<Urgency, number> = { today: 1, 'lt-5-days': 0.6, 'gt-5-days': 0.2 };

export function matchOptions(
  today: LocalDate,
  overrides: Partial<Omit<MatchOptions, 'today'>> = {},
): MatchOptions {
  const options: MatchOptions = {
    today,
    weights: DEFAULT_WEIGHTS,
    rules: DEFAULT_COMPATIBILITY_RULES,
    penalties: DEFAULT_PENALTIES,
    localMiles: LOCAL_MILES,
    waitingFullDays: 28,
    conflictsExclude: false,
    ...overrides,
  };
  const errors = weightErrors(options.weights);
  if (errors.length > 0) throw new DomainError('validation', 'Match weights must be whole points', errors);
  return options;
}

/** Weights must be whole, non-negative points so that scores stay exact sums. */
export function weightErrors(w: MatchWeights): FieldError[] {
  return (Object.keys(DEFAULT_WEIGHTS) as Factor[])
    .filter((k) => !Number.isSafeInteger(w[k]) || w[k] < 0 || w[k] > 1000)
    .map((k) => ({ field: `weights.${k}`, message: 'Must be a whole number of points from 0 to 1000' }));
}

export interface Reason {
  factor: Factor;
  points: number;
  max: number;
  text: string;
}

export type MatchResult =
  | { eligible: true; score: number; max: number; reasons: Reason[]; issues: CompatibilityIssue[] }
  | { eligible: false; failures: EligibilityFailure[] };

type Scorable = Pick<Referral, 'child' | 'requirements' | 'createdOn' | 'familyLocation' | 'schoolLocation'>;

/** Scores one referral against one home (and its vacancy, if any): eligibility, then reasons. */
export function scoreMatch(referral: Scorable, target: MatchTarget, options: MatchOptions): MatchResult {
  const failures = eligibilityFailures(referral, target);
  // Most pairs fail a hard rule; stop there unless resident conflicts can add more failures.
  if (failures.length > 0 && !options.conflictsExclude) return { eligible: false, failures };
  const issues = compatibilityIssues(
    referral.child,
    referral.requirements.livingCompanions,
    target.residents,
    options.rules,
  );
  if (options.conflictsExclude) {
    for (const i of issues) {
      if (i.kind === 'risk-conflict') failures.push({ rule: 'resident-conflict', message: i.message });
    }
  }
  if (failures.length > 0) return { eligible: false, failures };

  const w = options.weights;
  const reasons: Reason[] = [
    distanceReason('familyDistance', w.familyDistance, 'family', referral.familyLocation, target, options),
    referral.requirements.keepSchool
      ? distanceReason('schoolDistance', w.schoolDistance, 'school', referral.schoolLocation, target, options)
      : {
          factor: 'schoolDistance',
          points: w.schoolDistance,
          max: w.schoolDistance,
          text: 'No school to keep.',
        },
    compatibilityReason(w.compatibility, issues, target.residents.length, options),
    needsReason(w.needsSupported, referral, target),
    waitingReason(w.waiting, daysBetween(referral.createdOn, options.today), options.waitingFullDays),
    share(
      'urgency',
      w.urgency,
      URGENCY_SHARE[referral.requirements.neededBy],
      `Needed: ${URGENCIES[referral.requirements.neededBy].toLowerCase()}.`,
    ),
    preferenceReason(w.placementPreference, referral, target),
  ];
  let score = 0;
  let max = 0;
  for (const r of reasons) {
    score += r.points;
    max += r.max;
  }
  return { eligible: true, score, max, reasons, issues };
}

function share(factor: Factor, weight: number, fraction: number, text: string): Reason {
  return { factor, points: Math.round(weight * Math.min(1, Math.max(0, fraction))), max: weight, text };
}

function distanceReason(
  factor: Factor,
  weight: number,
  what: 'family' | 'school',
  from: GeoPoint | null | undefined,
  target: MatchTarget,
  o: MatchOptions,
): Reason {
  const at = target.home.location;
  if (!from || !at) {
    return share(factor, weight, 0.5, `Distance to the ${what} not known (half the points).`);
  }
  const miles = milesBetween(from, at);
  const near = miles <= o.localMiles;
  const text = `${capital(what)} ${miles.toFixed(1)} miles away (${near ? 'within' : 'more than'} ${o.localMiles} miles).`;
  return share(factor, weight, near ? 1 : 0, text);
}

function compatibilityReason(
  weight: number,
  issues: readonly CompatibilityIssue[],
  residents: number,
  o: MatchOptions,
): Reason {
  if (issues.length === 0) {
    const text =
      residents === 0
        ? 'No other children live there now.'
        : `No concerns with the ${residents} children living there.`;
    return share('compatibility', weight, 1, text);
  }
  let lost = 0;
  const texts: string[] = [];
  for (const i of issues) {
    lost += o.penalties[i.kind];
    texts.push(i.message);
  }
  return share('compatibility', weight, 1 - lost, texts.join(' '));
}

function needsReason(weight: number, referral: Scorable, target: MatchTarget): Reason {
  const risks = referral.child.risks;
  if (risks.length === 0) return share('needsSupported', weight, 1, 'No risks to support.');
  const supported: string[] = [];
  const missing: string[] = [];
  for (const r of risks) {
    (target.home.needsSupported.includes(r) ? supported : missing).push(riskWords(r));
  }
  const text =
    `Actively supports ${supported.length} of ${risks.length} risks` +
    (supported.length > 0 ? `: ${supported.join('; ')}` : '') +
    (missing.length > 0 ? ` (not: ${missing.join('; ')}).` : '.');
  return share('needsSupported', weight, supported.length / risks.length, text);
}

/** 'going missing' for a risk to the child; 'physical harm to others' for a risk to others. */
function riskWords(r: RiskCode): string {
  return r.startsWith('others-') ? `${riskName(r)} to others` : riskName(r);
}

function waitingReason(weight: number, days: number, fullDays: number): Reason {
  const waited = Math.max(0, days);
  const text = `Waiting ${waited} ${waited === 1 ? 'day' : 'days'} (full points at ${fullDays}).`;
  return share('waiting', weight, fullDays <= 0 ? 1 : waited / fullDays, text);
}

function preferenceReason(weight: number, referral: Scorable, target: MatchTarget): Reason {
  const type = target.home.placementType;
  const s = referral.requirements.suitability[type];
  const text = `${PLACEMENT_TYPES[type]}: ${SUITABILITIES[s].toLowerCase()} in the social worker's view.`;
  return share('placementPreference', weight, s === 'preferred' ? 1 : 0.5, text);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
