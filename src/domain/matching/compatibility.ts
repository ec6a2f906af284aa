/**
 * Compatibility with the children already living in a home. A provider's first worry about a
 * referral is its impact on the others (and Ofsted judges the home on all of them), so the match
 * score says plainly which resident raises which concern. The rules are data: each home or
 * consortium can set its own age gap, mixed-sex policy and risk pairs in its admissions and
 * matching policy; the defaults below are a starting point, not a judgement.
 */

import type { ChildProfile } from '../referrals/profile.ts';
import { type LivingCompanions, RISKS, type RiskCode } from '../shared/codes.ts';
import type { Resident } from './target.ts';

/** A pair of risks that should not share a home: one child at risk of `atRisk` living with one who presents `presents`. */
export interface RiskConflict {
  atRisk: RiskCode;
  presents: RiskCode;
}

export interface CompatibilityRules {
  /** Largest age difference in years with any resident before it counts as a concern; null = no limit. */
  maxAgeGap: number | null;
  /** Whether boys and girls may live together in this home. */
  mixedSexAllowed: boolean;
  riskConflicts: readonly RiskConflict[];
}

/**
 * Defaults: a 4-year age gap; mixed-sex homes allowed (a home registered for one sex is already
 * excluded by eligibility); and the exploitation pairs most admissions policies name: a child at
 * risk of sexual exploitation with a child who presents sexual harm or draws others into
 * exploitation, and a child at risk of criminal exploitation with one who exploits others.
 */
export const DEFAULT_COMPATIBILITY_RULES: CompatibilityRules = {
  maxAgeGap: 4,
  mixedSexAllowed: true,
  riskConflicts: [
    { atRisk: 'sexual-exploitation', presents: 'others-sexual' },
    { atRisk: 'sexual-exploitation', presents: 'others-criminal' },
    { atRisk: 'criminal-exploitation', presents: 'others-criminal' },
  ],
};

export type CompatibilityIssueKind = 'risk-conflict' | 'age-gap' | 'mixed-sex' | 'companions';

export interface CompatibilityIssue {
  kind: CompatibilityIssueKind;
  /** Index of the resident concerned in the list given; null when it concerns the group. */
  resident: number | null;
  message: string;
}

/** A risk in words for a sentence: 'going missing', 'sexual harm' (without the PDS prefix). */
export function riskName(r: RiskCode): string {
  return RISKS[r].label.replace(/^Risk to (child|others): /, '').toLowerCase();
}

function residentLabel(r: Resident, i: number): string {
  return `resident ${i + 1} (${r.ageYears}, ${r.sex === 'male' ? 'boy' : 'girl'})`;
}

/**
 * Every concern about placing this child with these residents, under these rules. Risk conflicts
 * are checked both ways: the child at risk from a resident, and a resident at risk from the child.
 */
export function compatibilityIssues(
  child: Pick<ChildProfile, 'ageYears' | 'sex' | 'risks'>,
  livingCompanions: LivingCompanions,
  residents: readonly Resident[],
  rules: CompatibilityRules,
): CompatibilityIssue[] {
  const issues: CompatibilityIssue[] = [];
  for (let i = 0; i < residents.length; i++) {
    const r = residents[i]!;
    const who = residentLabel(r, i);
    for (const c of rules.riskConflicts) {
      if (child.risks.includes(c.atRisk) && r.risks.includes(c.presents)) {
        issues.push({
          kind: 'risk-conflict',
          resident: i,
          message: `The child is at risk of ${riskName(c.atRisk)}; ${who} presents a risk of ${riskName(c.presents)} to others.`,
        });
      }
      if (r.risks.includes(c.atRisk) && child.risks.includes(c.presents)) {
        issues.push({
          kind: 'risk-conflict',
          resident: i,
          message: `The child presents a risk of ${riskName(c.presents)} to others; ${who} is at risk of ${riskName(c.atRisk)}.`,
        });
      }
    }
    if (rules.maxAgeGap !== null && Math.abs(r.ageYears - child.ageYears) > rules.maxAgeGap) {
      issues.push({
        kind: 'age-gap',
        resident: i,
        message: `${capitalise(who)} is ${Math.abs(r.ageYears - child.ageYears)} years apart in age (policy: at most ${rules.maxAgeGap}).`,
      });
    }
    if (!rules.mixedSexAllowed && r.sex !== child.sex) {
      issues.push({
        kind: 'mixed-sex',
        resident: i,
        message: `${capitalise(who)}: the home does not mix boys and girls.`,
      });
    }
  }
  const companions = companionsIssue(child.ageYears, livingCompanions, residents);
  if (companions) issues.push({ kind: 'companions', resident: null, message: companions });
  return issues;
}

/** The social worker's view of who the child can live alongside, against who lives there. */
function companionsIssue(
  age: number,
  wanted: LivingCompanions,
  residents: readonly Resident[],
): string | undefined {
  switch (wanted) {
    case 'solo':
      return residents.length > 0
        ? `A solo placement is recommended; ${residents.length} other ${residents.length === 1 ? 'child lives' : 'children live'} there.`
        : undefined;
    case 'with-other-children':
      return residents.length === 0
        ? 'Living with other children is recommended; no other children live there now.'
        : undefined;
    case 'only-older':
      return residents.some((r) => r.ageYears <= age)
        ? 'Only older children are recommended; some residents are the same age or younger.'
        : undefined;
    case 'only-younger':
      return residents.some((r) => r.ageYears >= age)
        ? 'Only younger children are recommended; some residents are the same age or older.'
        : undefined;
    case 'no-preference':
      return undefined;
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
