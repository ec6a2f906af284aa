/**
 * Staged sharing of a child's referral with a provider. A provider first sees an anonymised
 * profile, enough to say "we could care for this child" or "we could not"; the fuller papers are
 * released only once it says it is interested. Both views are explicit allow-lists: a field added
 * to the referral later is shared with nobody until someone adds it here on purpose.
 *
 * Never shared at any stage: the LA's child reference (its case-management ID), names, dates of
 * birth and addresses (the referral holds none of the last three; see identifiers.ts).
 */
import type { Referral } from './profile.ts';
import type { RecipientStatus } from './recipient.ts';

/** The shareable facts of a referral, flat, under the names the API and pages use. */
export interface ShareableReferral {
  referralId: string;
  laCode: string;
  createdOn: Referral['createdOn'];
  ageYears: number;
  sex: Referral['child']['sex'];
  primaryNeed: Referral['child']['primaryNeed'];
  risks: Referral['child']['risks'];
  riskOther: string | undefined;
  riskToOthersOther: string | undefined;
  legalStatus: Referral['child']['legalStatus'];
  neededBy: Referral['requirements']['neededBy'];
  latestStart: Referral['requirements']['latestStart'];
  siblingCount: number;
  isPreferredLocationLocal: boolean;
  outOfLaReason: Referral['requirements']['outOfLaReason'];
  outOfLaReasonOther: string | undefined;
  preferredLocationNote: string | undefined;
  familyPostcodeSector: string | undefined;
  schoolPostcodeSector: string | undefined;
  keepSchool: boolean;
  communicationNeeds: Referral['requirements']['communicationNeeds'];
  communicationRequirements: Referral['requirements']['communicationRequirements'];
  communicationOther: string | undefined;
  homeAdaptationRequired: boolean;
  culturalNeeds: Referral['requirements']['culturalNeeds'];
  culturalNeedsOther: string | undefined;
  livingCompanions: Referral['requirements']['livingCompanions'];
  pets: Referral['requirements']['pets'];
  additionalSupport: Referral['requirements']['additionalSupport'];
  additionalSupportOther: string | undefined;
  deprivationOfLiberty: boolean;
  suitability: Referral['requirements']['suitability'];
  penPortrait: string;
}

/**
 * Stage 1, the anonymised profile: age in years, sex, the family's postcode sector, coded needs
 * and risks, timing and the pen portrait. Free-text risk detail and the school's sector (which,
 * with age and sex, can point to one child) wait for stage 2.
 */
export const PROFILE_FIELDS = [
  'referralId',
  'laCode',
  'createdOn',
  'ageYears',
  'sex',
  'primaryNeed',
  'risks',
  'neededBy',
  'latestStart',
  'siblingCount',
  'familyPostcodeSector',
  'keepSchool',
  'communicationNeeds',
  'homeAdaptationRequired',
  'culturalNeeds',
  'livingCompanions',
  'pets',
  'additionalSupport',
  'deprivationOfLiberty',
  'suitability',
  'penPortrait',
] as const satisfies readonly (keyof ShareableReferral)[];

/** Stage 2, the fuller papers: the profile plus the detail a provider needs to decide on an offer. */
export const PAPERS_FIELDS = [
  ...PROFILE_FIELDS,
  'riskOther',
  'riskToOthersOther',
  'legalStatus',
  'isPreferredLocationLocal',
  'outOfLaReason',
  'outOfLaReasonOther',
  'preferredLocationNote',
  'schoolPostcodeSector',
  'communicationRequirements',
  'communicationOther',
  'culturalNeedsOther',
  'additionalSupportOther',
] as const satisfies readonly (keyof ShareableReferral)[];

export type ProviderProfile = Pick<ShareableReferral, (typeof PROFILE_FIELDS)[number]>;
export type ReferralPapers = Pick<ShareableReferral, (typeof PAPERS_FIELDS)[number]>;

export type SharingStage = 'profile' | 'papers';

/** Recipient states in which the fuller papers are open to the provider. */
const PAPERS_OPEN: ReadonlySet<RecipientStatus> = new Set([
  'interested',
  'questions',
  'shortlisted',
  'offered',
  'accepted',
]);

/**
 * How much a provider may see, given where its copy of the referral stands: papers while it is
 * interested and until the outcome (kept after an accepted offer, since the child moves in);
 * the profile alone before interest and after a decline, expiry or supersession.
 */
export function sharingStageFor(status: RecipientStatus): SharingStage {
  return PAPERS_OPEN.has(status) ? 'papers' : 'profile';
}

function shareable(r: Referral): ShareableReferral {
  const c = r.child;
  const q = r.requirements;
  return {
    referralId: r.id,
    laCode: r.laCode,
    createdOn: r.createdOn,
    ageYears: c.ageYears,
    sex: c.sex,
    primaryNeed: c.primaryNeed,
    risks: c.risks,
    riskOther: c.riskOther,
    riskToOthersOther: c.riskToOthersOther,
    legalStatus: c.legalStatus,
    neededBy: q.neededBy,
    latestStart: q.latestStart,
    siblingCount: q.siblingCount,
    isPreferredLocationLocal: q.isPreferredLocationLocal,
    outOfLaReason: q.outOfLaReason,
    outOfLaReasonOther: q.outOfLaReasonOther,
    preferredLocationNote: q.preferredLocationNote,
    familyPostcodeSector: q.familyPostcodeSector,
    schoolPostcodeSector: q.schoolPostcodeSector,
    keepSchool: q.keepSchool,
    communicationNeeds: q.communicationNeeds,
    communicationRequirements: q.communicationRequirements,
    communicationOther: q.communicationOther,
    homeAdaptationRequired: q.homeAdaptationRequired,
    culturalNeeds: q.culturalNeeds,
    culturalNeedsOther: q.culturalNeedsOther,
    livingCompanions: q.livingCompanions,
    pets: q.pets,
    additionalSupport: q.additionalSupport,
    additionalSupportOther: q.additionalSupportOther,
    deprivationOfLiberty: q.deprivationOfLiberty,
    suitability: q.suitability,
    penPortrait: q.penPortrait,
  };
}

function pick<K extends keyof ShareableReferral>(
  all: ShareableReferral,
  keys: readonly K[],
): Pick<ShareableReferral, K> {
  const out: Partial<Pick<ShareableReferral, K>> = {};
  for (const k of keys) if (all[k] !== undefined) out[k] = all[k];
  return out as Pick<ShareableReferral, K>;
}

/** Stage 1: what every provider the referral is routed to may see. */
export function providerProfile(referral: Referral): ProviderProfile {
  return pick(shareable(referral), PROFILE_FIELDS);
}

/** Stage 2: what a provider sees once it has said it is interested. */
export function referralPapers(referral: Referral): ReferralPapers {
  return pick(shareable(referral), PAPERS_FIELDS);
}

/** The view a provider may have of a referral, given its recipient state. */
export function providerView(referral: Referral, status: RecipientStatus): ProviderProfile | ReferralPapers {
  return sharingStageFor(status) === 'papers' ? referralPapers(referral) : providerProfile(referral);
}
