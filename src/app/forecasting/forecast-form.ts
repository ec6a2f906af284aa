/**
 * The forecast page's form: GOV.UK field names in, settings out, each problem named by its field.
 * Money is typed in pounds and percentages as percentages; the settings hold pence and fractions.
 */
import {
  CATEGORY_KEYS,
  PLACEMENT_CATEGORIES,
  type PlacementCategory,
} from '../../domain/forecasting/categories.ts';
import type { ScenarioLevers } from '../../domain/forecasting/scenarios.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';
import {
  type CostPrefill,
  costSourcesFor,
  type ForecastSettings,
  HORIZON_CHOICES,
  WEB_LIMITS,
} from './settings.ts';

export type FormBody = Record<string, string | string[] | undefined>;

const text = (b: FormBody, k: string) => {
  const v = b[k];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

/** The scenario levers' form fields, with their limits in percent. */
export const LEVER_FIELDS = [
  { field: 'entryChange', min: -100, max: 500, label: 'Change in children entering care' },
  {
    field: 'stepDownPerYear',
    min: 0,
    max: 99,
    label: 'Step-down from residential homes to fostering, each year',
  },
  {
    field: 'residentialForLackOfFoster',
    min: 0,
    max: 100,
    label: 'Residential placements made only because no foster home was found',
  },
  { field: 'costInflation', min: -50, max: 99, label: 'Cost inflation, a year' },
] as const;

/** Form values (strings) for a scenario's levers. */
export function leverValues(l: ScenarioLevers | undefined): Record<string, string> {
  const p = (x: number | undefined) => (x === undefined ? '' : String(Math.round(x * 1000) / 10));
  return {
    scenarioName: l?.name ?? '',
    entryChange: p(l?.entryChange),
    stepDownPerYear: p(l?.stepDownPerYear),
    residentialForLackOfFoster: p(l?.residentialForLackOfFoster),
    costInflation: p(l?.costInflation),
    fosterCategory: l?.fosterCategory ?? 'in-house-fostering',
  };
}

/** The scenario in the form, if any lever is set; problems are added to `errors`. */
export function readScenario(b: FormBody, errors: FieldError[]): ScenarioLevers | undefined {
  const name = text(b, 'scenarioName');
  const levers: Partial<Record<(typeof LEVER_FIELDS)[number]['field'], number>> = {};
  for (const l of LEVER_FIELDS) {
    const raw = text(b, l.field).replace(/%$/, '').trim();
    if (raw === '') continue;
    const v = Number(raw);
    if (!/^-?\d+(\.\d+)?$/.test(raw) || v < l.min || v > l.max) {
      errors.push({ field: l.field, message: `${l.label}: enter a percentage from ${l.min} to ${l.max}` });
      continue;
    }
    levers[l.field] = v / 100;
  }
  const set = Object.keys(levers).length > 0;
  if (!set && !name) return undefined;
  if (!set) {
    errors.push({
      field: 'entryChange',
      message: 'Set at least one lever of the scenario, or leave its name empty',
    });
    return undefined;
  }
  if (name.length > 60)
    errors.push({ field: 'scenarioName', message: 'The scenario’s name must be 60 characters or fewer' });
  const foster = text(b, 'fosterCategory');
  const fosterCategory = (['in-house-fostering', 'agency-fostering', 'kinship'] as const).find(
    (c) => c === foster,
  );
  return {
    name: name || 'Scenario',
    ...levers,
    ...(fosterCategory && fosterCategory !== 'in-house-fostering' ? { fosterCategory } : {}),
  };
}

function wholeNumber(
  b: FormBody,
  field: string,
  label: string,
  min: number,
  max: number,
  errors: FieldError[],
) {
  const raw = text(b, field).replace(/,/g, '');
  const v = Number(raw);
  if (!/^\d+$/.test(raw) || v < min || v > max) {
    errors.push({
      field,
      message: `${label}: enter a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}`,
    });
    return min;
  }
  return v;
}

/** Form values for settings (pounds and percentages as typed). */
export function formValues(s: ForecastSettings, extra: Record<string, string> = {}): Record<string, string> {
  return {
    horizonMonths: String(s.horizonMonths),
    simulations: String(s.simulations),
    seed: String(s.seed),
    annualUplift: String(Math.round(s.costs.annualUplift * 1000) / 10),
    modelOnly: s.modelOnly ? 'yes' : '',
    ...Object.fromEntries(CATEGORY_KEYS.map((k) => [`cost-${k}`, String(s.costs.weekly[k] / 100)])),
    ...leverValues(s.scenarios[0]),
    ...extra,
  };
}

/** Reads the whole forecast form against the costs it was prefilled with. */
export function readForecastForm(
  b: FormBody,
  prefill: CostPrefill,
): { settings: ForecastSettings; name: string; datasetId: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const horizon = Number(text(b, 'horizonMonths'));
  if (!(HORIZON_CHOICES as readonly number[]).includes(horizon))
    errors.push({ field: 'horizonMonths', message: 'Choose how far ahead to forecast' });
  const simulations = wholeNumber(
    b,
    'simulations',
    'Simulation runs',
    WEB_LIMITS.simulations.min,
    WEB_LIMITS.simulations.max,
    errors,
  );
  const seed = wholeNumber(b, 'seed', 'Random seed', 0, 2 ** 32 - 1, errors);
  const weekly = { ...prefill.weekly };
  for (const k of CATEGORY_KEYS) {
    const raw = text(b, `cost-${k}`);
    const p = parsePounds(raw);
    if (p === undefined || p < 0 || p > 100_000_00)
      errors.push({
        field: `cost-${k}`,
        message: `Enter the weekly cost of ${PLACEMENT_CATEGORIES[k as PlacementCategory]} in pounds, like 6000`,
      });
    else weekly[k] = p;
  }
  const upliftRaw = text(b, 'annualUplift').replace(/%$/, '').trim();
  const uplift = Number(upliftRaw);
  if (!/^-?\d+(\.\d+)?$/.test(upliftRaw) || uplift <= -50 || uplift >= 100)
    errors.push({
      field: 'annualUplift',
      message: 'Enter the yearly rise in costs as a percentage from -49 to 99, like 4',
    });
  const scenario = readScenario(b, errors);
  const settings: ForecastSettings = {
    horizonMonths: horizon,
    simulations,
    seed,
    cutoff: null,
    modelOnly: text(b, 'modelOnly') === 'yes',
    costs: { weekly, annualUplift: Number.isFinite(uplift) ? uplift / 100 : 0.04 },
    costSources: costSourcesFor(weekly, prefill),
    scenarios: scenario ? [scenario] : [],
  };
  return { settings, name: text(b, 'name').slice(0, 200), datasetId: text(b, 'datasetId'), errors };
}
