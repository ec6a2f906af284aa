/**
 * The sector's code lists, used as code names throughout (docs/glossary.md explains each word).
 * Where a national standard has a code, we use its machine notation: the Placements Data Standard
 * (PDS) SKOS notations, SSDA903 codes and Ofsted's registration categories and judgements.
 */

const labels = <K extends string>(m: Record<K, string>) => m;

export const ORG_KINDS = labels({
  'local-authority': 'Local authority',
  provider: 'Provider',
  hub: 'Regional hub',
});
export type OrgKind = keyof typeof ORG_KINDS;

export const ROLES = labels({
  'placement-officer': 'Placement officer',
  commissioner: 'Commissioner',
  'hub-analyst': 'Hub analyst',
  'provider-manager': 'Provider manager',
  admin: 'Administrator',
});
export type Role = keyof typeof ROLES;

/** Which roles an organisation of each kind may hold. Admin exists in every organisation. */
export const ROLES_BY_ORG_KIND: Record<OrgKind, readonly Role[]> = {
  'local-authority': ['placement-officer', 'commissioner', 'admin'],
  provider: ['provider-manager', 'admin'],
  hub: ['hub-analyst', 'admin'],
};

/** SSDA903 SEX: 1 male, 2 female. */
export const SEXES = labels({ male: 'Male', female: 'Female' });
export type Sex = keyof typeof SEXES;

/** PDS placement type (three categories; SSDA903 PLACE gives the detail). */
export const PLACEMENT_TYPES = labels({
  residential: 'Residential',
  foster: 'Foster',
  'supported-accommodation': 'Supported accommodation',
});
export type PlacementType = keyof typeof PLACEMENT_TYPES;

/** PDS neededBy. */
export const URGENCIES = labels({
  today: 'Today',
  'lt-5-days': 'In less than 5 days',
  'gt-5-days': 'In more than 5 days',
});
export type Urgency = keyof typeof URGENCIES;

/** PDS suitability of a placement type, in the social worker's view. */
export const SUITABILITIES = labels({
  preferred: 'Preferred',
  'suitable-not-preferred': 'Suitable but not preferred',
  unsuitable: 'Unsuitable',
  'not-specified': 'Not specified',
});
export type Suitability = keyof typeof SUITABILITIES;

export const PRESENCE = labels({ yes: 'Yes', no: 'No', 'not-specified': 'Not specified' });
export type Presence = keyof typeof PRESENCE;

export const COMMUNICATION_REQUIREMENTS = labels({
  esol: 'ESOL',
  bsl: 'BSL',
  makaton: 'Makaton',
  other: 'Other',
  none: 'None',
});
export type CommunicationRequirement = keyof typeof COMMUNICATION_REQUIREMENTS;

export const CULTURAL_NEEDS = labels({
  required: 'Required',
  'not-required': 'Not required',
  'not-known': 'Not known',
  other: 'Other',
});
export type CulturalNeeds = keyof typeof CULTURAL_NEEDS;

export const LIVING_COMPANIONS = labels({
  solo: 'Solo placement recommended',
  'with-other-children': 'With other children recommended',
  'only-older': 'Only with other older children',
  'only-younger': 'Only with other younger children',
  'no-preference': 'No preference',
});
export type LivingCompanions = keyof typeof LIVING_COMPANIONS;

export const PETS = labels({
  'yes-must': 'Yes - must',
  'yes-can': 'Yes - can',
  no: 'No',
  'not-known': 'Not known',
});
export type Pets = keyof typeof PETS;

export const ADDITIONAL_SUPPORT = labels({
  'additional-supervision': 'Additional supervision',
  'therapeutic-support': 'Therapeutic support',
  'worker-respite': 'A worker for respite',
  'taxis-to-school': 'Taxis to school',
  na: 'NA',
  other: 'Other',
});
export type AdditionalSupport = keyof typeof ADDITIONAL_SUPPORT;

export const OUT_OF_LA_REASONS = labels({
  safeguarding: 'Safeguarding concerns',
  bail: 'Bail conditions',
  'court-order': 'Court order',
  other: 'Other',
});
export type OutOfLaReason = keyof typeof OUT_OF_LA_REASONS;

/**
 * The eleven coded PDS risks. Key = our code; `pds` = the standard's JSON name; `column` = the 2026
 * spreadsheet column (sexual exploitation is missing from the 2026 template; we keep v2's name).
 */
export const RISKS = {
  'self-harm': { label: 'Risk to child: self-harm', pds: 'riskSelfHarm', column: 'risk_to_child_self_harm' },
  'sexual-exploitation': {
    label: 'Risk to child: sexual exploitation',
    pds: 'riskSexualExploitation',
    column: 'risk_to_child_sexual_exploitation',
  },
  'criminal-exploitation': {
    label: 'Risk to child: criminal exploitation',
    pds: 'riskCriminalExploitation',
    column: 'risk_to_child_criminal_exploitation',
  },
  'drug-alcohol': {
    label: 'Risk to child: drug and alcohol use',
    pds: 'riskDrugAlcohol',
    column: 'risk_to_child_drug_and_alcohol_use',
  },
  'eating-disorder': {
    label: 'Risk to child: eating disorder',
    pds: 'riskEatingDisorder',
    column: 'risk_to_child_eating_disorder',
  },
  missing: {
    label: 'Risk to child: going missing',
    pds: 'riskMissing',
    column: 'risk_to_child_going_missing',
  },
  'others-physical': {
    label: 'Risk to others: physical harm',
    pds: 'riskToOthersPhysical',
    column: 'risk_to_others_physical_harm',
  },
  'others-sexual': {
    label: 'Risk to others: sexual harm',
    pds: 'riskToOthersSexual',
    column: 'risk_to_others_sexual_harm',
  },
  'others-fire': {
    label: 'Risk to others: fire-setting',
    pds: 'riskToOthersFire',
    column: 'risk_to_others_fire_setting',
  },
  'others-animals': {
    label: 'Risk to others: harm to animals',
    pds: 'riskToOthersAnimals',
    column: 'risk_to_others_harm_to_animals',
  },
  'others-criminal': {
    label: 'Risk to others: criminal exploitation',
    pds: 'riskToOthersCriminal',
    column: 'risk_to_others_criminal_exploitation',
  },
} as const;
export type RiskCode = keyof typeof RISKS;
export const RISK_CODES = Object.keys(RISKS) as RiskCode[];

/**
 * Ofsted registration categories of a children's home (its statement of purpose says which it
 * cares for). A child's primary need must be one of the home's categories to be referred there.
 */
export const REGISTRATION_CATEGORIES = labels({
  ebd: 'Emotional and behavioural difficulties',
  'mental-disorders': 'Mental disorders',
  'learning-difficulty': 'Learning difficulty',
  'physical-disabilities': 'Physical disabilities',
  'sensory-impairment': 'Sensory impairment',
  'alcohol-problems': 'Present alcohol problems',
  'drug-problems': 'Present drug problems',
});
export type RegistrationCategory = keyof typeof REGISTRATION_CATEGORIES;

/**
 * Needs as homes declare them (supported or excluded) and as children present them: the Ofsted
 * registration categories plus the PDS risks. One vocabulary, so eligibility is a set comparison.
 */
export type NeedCode = RegistrationCategory | RiskCode;
export const NEED_LABELS: Record<NeedCode, string> = {
  ...REGISTRATION_CATEGORIES,
  ...(Object.fromEntries(Object.entries(RISKS).map(([k, v]) => [k, v.label])) as Record<RiskCode, string>),
};
export const NEED_CODES = Object.keys(NEED_LABELS) as NeedCode[];

/**
 * Need segments for prices and spot-rate counterfactuals: coarse on purpose, so that like is
 * compared with like and there are enough placements in each cell to publish.
 */
export const NEED_SEGMENTS = labels({
  'ebd-standard': 'Emotional and behavioural, standard',
  'ebd-complex': 'Emotional and behavioural, with exploitation or missing risk',
  disability: 'Learning or physical disability, sensory impairment',
  'mental-health': 'Mental health',
  'solo-complex': 'Solo or very complex',
});
export type NeedSegment = keyof typeof NEED_SEGMENTS;

/** Ofsted's current four-point judgement, plus the states a home can be in before one exists. */
export const OFSTED_RATINGS = labels({
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement to be good',
  inadequate: 'Inadequate',
  'not-yet-inspected': 'Not yet inspected',
});
export type OfstedRating = keyof typeof OFSTED_RATINGS;

export const CONTRACT_KINDS = labels({
  'hard-block': 'Hard block',
  'soft-block': 'Soft (collaborative) block',
  framework: 'Framework call-off',
  spot: 'Spot purchase',
});
export type ContractKind = keyof typeof CONTRACT_KINDS;

/** States of a bed on a day (the bed ledger). */
export const BED_STATES = labels({
  occupied: 'Occupied',
  held: 'Held (vacancy hold period)',
  void: 'Void',
  'unavailable-provider': 'Unavailable (provider-led, not paid)',
  'unavailable-agreed': 'Unavailable (agreed with LAs, paid as void)',
  decommissioned: 'Decommissioned',
});
export type BedState = keyof typeof BED_STATES;

export const REFERRAL_OUTCOMES = labels({
  'placed-block': 'Placed in a block bed',
  'placed-framework': 'Placed through a framework',
  'placed-spot': 'Placed by spot purchase',
  'placed-in-house': 'Placed in-house',
  'placed-unregistered': 'Placed in an unregistered setting',
  withdrawn: 'Withdrawn',
  'no-placement': 'No placement found',
});
export type ReferralOutcome = keyof typeof REFERRAL_OUTCOMES;

export const DECLINE_REASONS = labels({
  'no-vacancy': 'No vacancy when the referral arrived',
  'needs-not-met': 'The home cannot meet the needs',
  'resident-mix': 'Impact on the children already living there',
  'risk-too-high': 'Risks too high for the home',
  staffing: 'Staffing',
  location: 'Location does not suit the child',
  'registration-conditions': 'Outside registration or statement of purpose',
  price: 'Price',
  other: 'Other',
});
export type DeclineReason = keyof typeof DECLINE_REASONS;

/** Routing stages of a referral: block partners first, then framework, then an open search. */
export const ROUTING_STAGES = labels({
  block: 'Soft-block partners',
  framework: 'Framework providers',
  open: 'Open search',
  targeted: 'Selected homes (from the directory)',
});
export type RoutingStage = keyof typeof ROUTING_STAGES;

export function isCode<T extends Record<string, unknown>>(
  list: T,
  value: unknown,
): value is keyof T & string {
  return typeof value === 'string' && Object.hasOwn(list, value);
}

/**
 * SSDA903 legal status (LS) codes a child can hold when a placement is sought. D1 (freeing order,
 * before December 2005) is left out: no child referred today can hold it.
 */
export const LEGAL_STATUSES = labels({
  C1: 'Interim care order',
  C2: 'Full care order',
  E1: 'Placement order granted',
  V2: 'Accommodated under section 20 (single period)',
  V3: 'Short-term breaks (individual episodes recorded)',
  V4: 'Short-term breaks (agreements recorded)',
  L1: 'Police protection, in local authority accommodation',
  L2: 'Emergency protection order',
  L3: 'Child assessment order, in local authority accommodation',
  J1: 'Remanded to local authority or youth detention accommodation',
  J2: 'Placed in local authority accommodation under PACE',
  J3: 'Youth rehabilitation order with residence or intensive fostering requirement',
});
export type LegalStatus = keyof typeof LEGAL_STATUSES;
