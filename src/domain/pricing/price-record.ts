/**
 * A placement's weekly price as the region's benchmarks see it: who bought it, from whom, for which
 * need segment and placement type, by which route and at how much notice, and the weekly cost split.
 * Plain data, so a SQL query (or a spreadsheet return) can feed it without the engines knowing.
 */
import type { ContractKind, NeedSegment, PlacementType, Urgency } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';

/**
 * How a placement was bought. Hard and soft blocks both count as `block`: what matters for price is
 * that the bed was bought ahead of need, not who carries the void risk.
 */
export const PRICE_ROUTES = {
  block: 'Block contract',
  framework: 'Framework call-off',
  spot: 'Spot purchase (off framework)',
} as const;
export type PriceRoute = keyof typeof PRICE_ROUTES;

export function routeOfContract(kind: ContractKind): PriceRoute {
  return kind === 'framework' ? 'framework' : kind === 'spot' ? 'spot' : 'block';
}

/**
 * The weekly cost split. The four Placements Data Standard (2026 draft) components are core,
 * additional support, education and other; LAs asked to see health, therapy and transport apart
 * from "additional support" because those are the parts most often negotiated separately.
 * `toPdsSplit` folds ours back into the standard's four.
 */
export const COST_COMPONENTS = {
  core: 'Core care',
  education: 'Education',
  health: 'Health',
  therapy: 'Therapy',
  transport: 'Transport',
  additional: 'Additional support',
  other: 'Other',
} as const;
export type CostComponent = keyof typeof COST_COMPONENTS;
export const COST_COMPONENT_CODES = Object.keys(COST_COMPONENTS) as CostComponent[];
export type CostSplit = Readonly<Record<CostComponent, Pence>>;

export interface PlacementPrice {
  id: string;
  /** DfE 3-digit code of the placing LA: the owner of the record for small-number suppression. */
  laCode: string;
  providerId: string;
  providerName: string;
  homeId: string;
  segment: NeedSegment;
  placementType: PlacementType;
  route: PriceRoute;
  /** Notice the provider was given (PDS neededBy at referral). */
  urgency: Urgency;
  startOn: LocalDate;
  /** Weekly cost paid, excluding VAT, by component (whole pence, none negative). */
  weekly: CostSplit;
}

export function weeklyTotal(p: Pick<PlacementPrice, 'weekly'>): Pence {
  const w = p.weekly;
  return w.core + w.education + w.health + w.therapy + w.transport + w.additional + w.other;
}

export function zeroSplit(): Record<CostComponent, Pence> {
  return { core: 0, education: 0, health: 0, therapy: 0, transport: 0, additional: 0, other: 0 };
}

/** The Placements Data Standard's four cost fields, for returns that follow the standard. */
export interface PdsCostSplit {
  coreWeeklyCost: Pence;
  additionalSupportWeeklyCost: Pence;
  educationWeeklyCost: Pence;
  otherWeeklyCost: Pence;
}

/**
 * Therapy and transport are named as additional support in the standard (child-specific therapy,
 * extra transport); health contributions have no field of their own, so they go to "other".
 */
export function toPdsSplit(split: CostSplit): PdsCostSplit {
  return {
    coreWeeklyCost: split.core,
    additionalSupportWeeklyCost: split.additional + split.therapy + split.transport,
    educationWeeklyCost: split.education,
    otherWeeklyCost: split.health + split.other,
  };
}

/**
 * The financial year a day falls in, as LAs budget ('2024-25' runs 1 April 2024 to 31 March 2025).
 */
export function financialYear(d: LocalDate): string {
  const y = Number(d.slice(0, 4));
  const start = Number(d.slice(5, 7)) >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The financial quarter ('2024-25 Q1' is April to June 2024); these labels sort in time order. */
export function financialQuarter(d: LocalDate): string {
  const month = Number(d.slice(5, 7));
  const q = Math.floor(((month + 8) % 12) / 3) + 1;
  return `${financialYear(d)} Q${q}`;
}
