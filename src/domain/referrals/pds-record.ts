/**
 * One row of the Placements Data Standard's 2026 spreadsheet: a referral (what was sought) and,
 * once agreed, the placement (what was secured) and its cost, with the LA's quality-assurance
 * stamps. Regions collect this quarterly in Excel; speaking it natively lets an LA share its data
 * with the region exactly as the standard intends. The 44 columns, in the template's order, and
 * the words the template uses for each code live here so the importer and exporter agree.
 */
import {
  ADDITIONAL_SUPPORT,
  type AdditionalSupport,
  COMMUNICATION_REQUIREMENTS,
  type CommunicationRequirement,
  CULTURAL_NEEDS,
  type CulturalNeeds,
  LIVING_COMPANIONS,
  type LivingCompanions,
  OUT_OF_LA_REASONS,
  type OutOfLaReason,
  PETS,
  type Pets,
  type PlacementType,
  PRESENCE,
  type Presence,
  type RiskCode,
  SUITABILITIES,
  type Suitability,
  type Urgency,
} from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';
import type { Referral } from './profile.ts';

/** The 2026 template's columns, in order (data-standards.md §1.3). */
export const PDS_COLUMNS = [
  'child_ID',
  'when_placement_is_needed_by',
  'number_of_siblings_to_place_with',
  'is_preferred_location_local',
  'out_of_LA_reason',
  'communication_language_learning_needs',
  'specific_communication_and_language_requirements',
  'adaptation_to_the_home',
  'cultural_needs',
  'who_can_the_child_be_cared_for_alongside',
  'can_child_live_with_pets',
  'additional_support',
  'additional_support_other',
  'dol',
  'foster_care_suitability',
  'residential_care_suitability',
  'supported_accommodation',
  'risk_to_child_self_harm',
  'risk_to_child_criminal_exploitation',
  'risk_to_child_drug_and_alcohol_use',
  'risk_to_child_eating_disorder',
  'risk_to_child_going_missing',
  'risk_to_others_physical_harm',
  'risk_to_others_sexual_harm',
  'risk_to_others_fire_setting',
  'risk_to_others_harm_to_animals',
  'risk_to_others_criminal_exploitation',
  'cost_core_weekly',
  'cost_additional_support_weekly',
  'cost_education_weekly',
  'cost_other_weekly',
  'cost_total_weekly',
  'placement_location',
  'preferrability_of_placement_location',
  'education_continuity',
  'provider_URN',
  'how_many_siblings_were_placed_together',
  'placement_type',
  'name_of_officer_referral',
  'Date_entry_referral',
  'name_of_officer_placement',
  'date_entry_placement',
  'name_of_officer_placement_cost',
  'date_entry_placement_cost',
] as const;
export type PdsColumn = (typeof PDS_COLUMNS)[number];

/**
 * The 2026 template has no column for the risk of sexual exploitation (an omission: the standard
 * requires all eleven risks). We read it when a file has it and can append it on export.
 */
export const PDS_SEXUAL_EXPLOITATION_COLUMN = 'risk_to_child_sexual_exploitation';

/** The ten risk columns the template has, with the risk each records. */
export const PDS_RISK_COLUMNS: ReadonlyArray<[PdsColumn, RiskCode]> = [
  ['risk_to_child_self_harm', 'self-harm'],
  ['risk_to_child_criminal_exploitation', 'criminal-exploitation'],
  ['risk_to_child_drug_and_alcohol_use', 'drug-alcohol'],
  ['risk_to_child_eating_disorder', 'eating-disorder'],
  ['risk_to_child_going_missing', 'missing'],
  ['risk_to_others_physical_harm', 'others-physical'],
  ['risk_to_others_sexual_harm', 'others-sexual'],
  ['risk_to_others_fire_setting', 'others-fire'],
  ['risk_to_others_harm_to_animals', 'others-animals'],
  ['risk_to_others_criminal_exploitation', 'others-criminal'],
];

/** The words the template uses for each code (what we write; reading also accepts our codes). */
export const PDS_LABELS = {
  neededBy: { today: 'Today', 'lt-5-days': '< 5 days', 'gt-5-days': '> 5 days' } satisfies Record<
    Urgency,
    string
  >,
  outOfLaReason: OUT_OF_LA_REASONS satisfies Record<OutOfLaReason, string>,
  presence: PRESENCE satisfies Record<Presence, string>,
  communication: COMMUNICATION_REQUIREMENTS satisfies Record<CommunicationRequirement, string>,
  cultural: CULTURAL_NEEDS satisfies Record<CulturalNeeds, string>,
  companions: LIVING_COMPANIONS satisfies Record<LivingCompanions, string>,
  pets: PETS satisfies Record<Pets, string>,
  support: ADDITIONAL_SUPPORT satisfies Record<AdditionalSupport, string>,
  suitability: SUITABILITIES satisfies Record<Suitability, string>,
  risk: { 'no-known-risk': 'No known risk', 'risk-present': 'Risk present' },
  placementType: {
    foster: 'Foster',
    residential: 'Residential',
    'supported-accommodation': 'Supported Accommodation',
  } satisfies Record<PlacementType, string>,
  yesNo: { yes: 'Yes', no: 'No' },
} as const;

/** Other words seen in earlier versions of the standard, read as the code given. */
export const PDS_ALIASES: { [K in keyof typeof PDS_LABELS]?: Record<string, keyof (typeof PDS_LABELS)[K]> } =
  {
    neededBy: { 'In less than 5 days': 'lt-5-days', 'In more than 5 days': 'gt-5-days' },
    yesNo: { Y: 'yes', N: 'no' },
    presence: { Y: 'yes', N: 'no' },
  };

/** The placement agreed (the PDS ActualPlacement). */
export interface AgreedPlacement {
  placementType: PlacementType;
  /** Outward postcode of the placement (e.g. 'UB4'), never more. */
  placementLocation: string;
  isLocationPreferred: boolean;
  isEducationContinuous: boolean;
  /** Ofsted URN; null for an unregistered placement. */
  providerUrn: string | null;
  unregistered: boolean;
  siblingsPlacedTogether: number;
}

/** Weekly cost actually paid, excluding VAT, with the 2026 draft's optional breakdown. */
export interface PlacementCost {
  totalWeekly: Pence;
  coreWeekly?: Pence;
  additionalSupportWeekly?: Pence;
  educationWeekly?: Pence;
  otherWeekly?: Pence;
}

export interface PdsQualityAssurance {
  referralOfficer?: string;
  referralDate: LocalDate;
  placementOfficer?: string;
  placementDate?: LocalDate;
  costOfficer?: string;
  costDate?: LocalDate;
}

export interface PdsRecord {
  childRef: string;
  neededBy: Urgency;
  siblingCount: number;
  isPreferredLocationLocal: boolean;
  outOfLaReason?: OutOfLaReason;
  communicationNeeds: Presence;
  communicationRequirements: CommunicationRequirement[];
  homeAdaptationRequired?: boolean;
  culturalNeeds: CulturalNeeds;
  livingCompanions: LivingCompanions;
  pets: Pets;
  additionalSupport: AdditionalSupport[];
  additionalSupportOther?: string;
  deprivationOfLiberty?: boolean;
  suitability: Record<PlacementType, Suitability>;
  /** Risks marked "Risk present"; every other recorded risk is "No known risk". */
  risks: RiskCode[];
  /** Risks the file did not record at all (sexual exploitation, when its column is absent). */
  risksNotRecorded: RiskCode[];
  placement?: AgreedPlacement;
  cost?: PlacementCost;
  qa: PdsQualityAssurance;
}

/**
 * The PDS row for a referral (and its placement, once agreed). The fields the standard lacks
 * (age, sex, primary need, pen portrait) stay behind; nothing identifying goes out.
 */
export function pdsRecordFromReferral(
  referral: Pick<Referral, 'child' | 'requirements'>,
  extra: { qa: PdsQualityAssurance; placement?: AgreedPlacement; cost?: PlacementCost },
): PdsRecord {
  const q = referral.requirements;
  return {
    childRef: referral.child.childRef,
    neededBy: q.neededBy,
    siblingCount: q.siblingCount,
    isPreferredLocationLocal: q.isPreferredLocationLocal,
    ...(q.outOfLaReason ? { outOfLaReason: q.outOfLaReason } : {}),
    communicationNeeds: q.communicationNeeds,
    communicationRequirements: [...q.communicationRequirements],
    homeAdaptationRequired: q.homeAdaptationRequired,
    culturalNeeds: q.culturalNeeds,
    livingCompanions: q.livingCompanions,
    pets: q.pets,
    additionalSupport: [...q.additionalSupport],
    ...(q.additionalSupportOther ? { additionalSupportOther: q.additionalSupportOther } : {}),
    deprivationOfLiberty: q.deprivationOfLiberty,
    suitability: { ...q.suitability },
    risks: [...referral.child.risks],
    risksNotRecorded: [],
    ...(extra.placement ? { placement: extra.placement } : {}),
    ...(extra.cost ? { cost: extra.cost } : {}),
    qa: extra.qa,
  };
}
