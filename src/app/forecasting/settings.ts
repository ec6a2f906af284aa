/**
 * What a forecast is asked for, as stored with it (so its result can always be reproduced): the
 * horizon, runs and seed, the weekly unit costs per placement category in pence with where each
 * came from (the defaults, the LA's own placements on the platform, or typed in), and scenario
 * levers. The web keeps runs within what a shared server does in seconds; the command line has
 * wider limits.
 */

import type { LearnedCost } from '../../db/queries/forecasting.ts';
import {
  CATEGORY_KEYS,
  PLACEMENT_CATEGORIES,
  type PlacementCategory,
} from '../../domain/forecasting/categories.ts';
import { DEFAULT_SEED, DEFAULT_SIMULATIONS } from '../../domain/forecasting/forecast.ts';
import { checkLevers, type ScenarioLevers } from '../../domain/forecasting/scenarios.ts';
import { DEFAULT_UNIT_COSTS, type UnitCosts } from '../../domain/forecasting/spend.ts';
import { addMonths, type LocalDate } from '../../domain/shared/dates.ts';
import { type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { formatPence } from '../../domain/shared/money.ts';

export const WEB_LIMITS = {
  horizonMonths: { min: 1, max: 60 },
  simulations: { min: 100, max: 2000 },
  scenarios: 4,
} as const;

export const HORIZON_CHOICES = [12, 24, 36, 48, 60] as const;

export type CostSource = 'default' | 'platform' | 'entered';

export interface ForecastSettings {
  horizonMonths: number;
  simulations: number;
  seed: number;
  /** Last day of data to use; null = the end of the returns. */
  cutoff: LocalDate | null;
  /** The simulation alone, without the combination with the last observed count. */
  modelOnly: boolean;
  costs: UnitCosts;
  costSources: Record<PlacementCategory, { source: CostSource; note: string }>;
  scenarios: ScenarioLevers[];
}

/** Placement types of homes on the platform, and the forecast category their costs stand for. */
const LEARNED_CATEGORY: Record<LearnedCost['placementType'], PlacementCategory> = {
  residential: 'residential',
  foster: 'agency-fostering',
  'supported-accommodation': 'supported',
};

/** Fewest placements a learned unit cost is taken from. */
export const MIN_LEARNED_PLACEMENTS = 5;

export interface CostPrefill {
  weekly: Record<PlacementCategory, number>;
  sources: ForecastSettings['costSources'];
}

/** The window learned costs come from: placements started in the 12 months to today. */
export function learningWindow(today: LocalDate): { from: LocalDate; to: LocalDate } {
  return { from: addMonths(today, -12), to: today };
}

/**
 * Unit costs to start from: the LA's mean weekly cost on the platform where it has at least
 * MIN_LEARNED_PLACEMENTS placements of that kind in the last year (residential homes, foster
 * agencies' carers, supported accommodation), else the defaults (docs/forecasting.md §5).
 */
export function prefillCosts(learned: readonly LearnedCost[]): CostPrefill {
  const weekly = { ...DEFAULT_UNIT_COSTS.weekly };
  const sources = Object.fromEntries(
    CATEGORY_KEYS.map((k) => [
      k,
      { source: 'default' as CostSource, note: 'The default (docs/forecasting.md §5)' },
    ]),
  ) as ForecastSettings['costSources'];
  for (const l of learned) {
    const key = LEARNED_CATEGORY[l.placementType];
    if (l.placements >= MIN_LEARNED_PLACEMENTS) {
      weekly[key] = Math.round(l.meanWeeklyPence / 100) * 100; // whole pounds, as a finance team types them
      sources[key] = {
        source: 'platform',
        note: `The mean weekly cost of your ${l.placements} placements of this kind that started on Sufficiency in the last 12 months (${formatPence(l.meanWeeklyPence, { wholePounds: true })})`,
      };
    } else if (l.placements > 0) {
      sources[key] = {
        source: 'default',
        note: `The default: only ${l.placements} of your placements of this kind started on Sufficiency in the last 12 months (${MIN_LEARNED_PLACEMENTS} are needed to learn a cost)`,
      };
    }
  }
  return { weekly, sources };
}

/** Sources of the costs used: as prefilled where unchanged, else typed in. */
export function costSourcesFor(
  weekly: Record<PlacementCategory, number>,
  prefill: CostPrefill,
): ForecastSettings['costSources'] {
  return Object.fromEntries(
    CATEGORY_KEYS.map((k) => [
      k,
      weekly[k] === prefill.weekly[k]
        ? prefill.sources[k]
        : { source: 'entered' as CostSource, note: 'Entered for this forecast' },
    ]),
  ) as ForecastSettings['costSources'];
}

/** Business checks the web applies beyond the engine's own (field names as the API's body). */
export function checkSettings(s: ForecastSettings): void {
  const errors: FieldError[] = [];
  const { horizonMonths: h, simulations: n } = WEB_LIMITS;
  if (!Number.isInteger(s.horizonMonths) || s.horizonMonths < h.min || s.horizonMonths > h.max)
    errors.push({
      field: 'horizonMonths',
      message: `must be a whole number of months from ${h.min} to ${h.max}`,
    });
  if (!Number.isInteger(s.simulations) || s.simulations < n.min || s.simulations > n.max)
    errors.push({
      field: 'simulations',
      message: `must be a whole number from ${n.min} to ${n.max.toLocaleString('en-GB')} (the command line runs more)`,
    });
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 2 ** 32 - 1)
    errors.push({ field: 'seed', message: 'must be a whole number from 0 to 4,294,967,295' });
  for (const k of CATEGORY_KEYS) {
    const w = s.costs.weekly[k];
    if (!Number.isSafeInteger(w) || w < 0)
      errors.push({
        field: `unitCosts.weekly.${k}`,
        message: `the weekly cost of ${PLACEMENT_CATEGORIES[k]} must be £0 or more`,
      });
  }
  if (!(s.costs.annualUplift > -0.5 && s.costs.annualUplift < 1))
    errors.push({ field: 'unitCosts.annualUplift', message: 'must be between -50% and 99%' });
  if (s.scenarios.length > WEB_LIMITS.scenarios)
    errors.push({ field: 'scenarios', message: `at most ${WEB_LIMITS.scenarios} scenarios at once` });
  const names = new Set<string>();
  s.scenarios.forEach((l, i) => {
    for (const e of checkLevers(l)) errors.push({ field: `scenarios.${i}.${e.field}`, message: e.message });
    if (names.has(l.name))
      errors.push({ field: `scenarios.${i}.name`, message: 'scenario names must differ' });
    names.add(l.name);
  });
  throwIfInvalid(errors, 'The forecast cannot start');
}

export function defaultSettings(prefill: CostPrefill): ForecastSettings {
  return {
    horizonMonths: 12,
    simulations: DEFAULT_SIMULATIONS,
    seed: DEFAULT_SEED,
    cutoff: null,
    modelOnly: false,
    costs: { weekly: { ...prefill.weekly }, annualUplift: DEFAULT_UNIT_COSTS.annualUplift },
    costSources: prefill.sources,
    scenarios: [],
  };
}
