import type { GeoPoint } from '../directory/home.ts';
import type {
  AdditionalSupport,
  CommunicationRequirement,
  CulturalNeeds,
  LegalStatus,
  LivingCompanions,
  NeedCode,
  OutOfLaReason,
  Pets,
  PlacementType,
  Presence,
  RegistrationCategory,
  RiskCode,
  Sex,
  Suitability,
  Urgency,
} from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';

/**
 * What a referral asks for, in the Placements Data Standard's terms (v2 plus the 2026 draft), with
 * the extra search fields LAs asked for (latest start date, family and school locations).
 * Pseudonymised: no name, no date of birth, no address. `ageYears` is what providers see.
 */
export interface ChildProfile {
  /** The LA's own pseudonymous child reference (PDS childId). Never a name. */
  childRef: string;
  ageYears: number;
  sex: Sex;
  /** The need that decides which homes' registration fits (e.g. 'ebd'). */
  primaryNeed: RegistrationCategory;
  /** Risks marked "Risk present" (the other PDS risks are "No known risk"). */
  risks: readonly RiskCode[];
  /** Free-text "other" risks to the child and to others (PDS riskOther / riskToOthersOther). */
  riskOther?: string;
  riskToOthersOther?: string;
  /** SSDA903 legal status code (not part of the Placements Data Standard; LAs asked for it). */
  legalStatus?: LegalStatus;
}

export interface PlacementRequirements {
  neededBy: Urgency;
  latestStart: LocalDate;
  siblingCount: number;
  isPreferredLocationLocal: boolean;
  outOfLaReason?: OutOfLaReason;
  outOfLaReasonOther?: string;
  preferredLocationNote?: string;
  /** Postcode sectors (e.g. 'UB3 1'), never full postcodes. */
  familyPostcodeSector?: string;
  schoolPostcodeSector?: string;
  keepSchool: boolean;
  communicationNeeds: Presence;
  communicationRequirements: readonly CommunicationRequirement[];
  communicationOther?: string;
  homeAdaptationRequired: boolean;
  culturalNeeds: CulturalNeeds;
  culturalNeedsOther?: string;
  livingCompanions: LivingCompanions;
  pets: Pets;
  additionalSupport: readonly AdditionalSupport[];
  additionalSupportOther?: string;
  deprivationOfLiberty: boolean;
  suitability: Record<PlacementType, Suitability>;
  penPortrait: string;
}

export interface Referral {
  id: string;
  laOrgId: string;
  laCode: string;
  child: ChildProfile;
  requirements: PlacementRequirements;
  /** Located points for the postcode sectors above, when known. */
  familyLocation?: GeoPoint | null;
  schoolLocation?: GeoPoint | null;
  createdOn: LocalDate;
}

/** The placement types the social worker marked "Preferred": the placement that was sought. */
export function idealPlacementTypes(req: Pick<PlacementRequirements, 'suitability'>): PlacementType[] {
  return (Object.keys(req.suitability) as PlacementType[]).filter((t) => req.suitability[t] === 'preferred');
}

/** Every need a child presents, in the shared vocabulary homes use (primary need plus risks). */
export function childNeeds(child: ChildProfile): NeedCode[] {
  return [child.primaryNeed, ...child.risks];
}
