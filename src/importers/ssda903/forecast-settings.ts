/**
 * Reading the forecast's settings files: unit costs (in pounds, as finance teams write them) and
 * scenarios. Validated here at the edge with zod; the domain receives pence and checked levers, and
 * a bad file is refused with the field named.
 */
import { z } from 'zod';
import { AGE_BANDS } from '../../domain/forecasting/age-bands.ts';
import { CATEGORY_KEYS, type PlacementCategory } from '../../domain/forecasting/categories.ts';
import type { ScenarioLevers } from '../../domain/forecasting/scenarios.ts';
import { DEFAULT_UNIT_COSTS, type UnitCosts } from '../../domain/forecasting/spend.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { poundsToPence } from '../../domain/shared/money.ts';

const category = z.enum(CATEGORY_KEYS as [PlacementCategory, ...PlacementCategory[]]);
const fraction = z.number().finite();

const costsSchema = z
  .object({
    /** Weekly cost per placement in pounds, by category; categories left out keep their default. */
    weekly: z.partialRecord(category, z.number().finite().nonnegative()).optional(),
    /** Yearly uplift as a fraction (0.04 = 4%). */
    annualUplift: fraction.min(-0.5).max(0.99).optional(),
  })
  .strict();

const ageBand = z.enum(AGE_BANDS.map((b) => b.key) as [string, ...string[]]);

const leversSchema = z
  .object({
    name: z.string().trim().min(1),
    entryChange: fraction.optional(),
    entryChangeByAgeBand: z.partialRecord(ageBand, fraction).optional(),
    stepDownPerYear: fraction.optional(),
    residentialForLackOfFoster: fraction.optional(),
    fosterCategory: category.optional(),
    exitChange: fraction.optional(),
    costInflation: fraction.optional(),
  })
  .strict();

const scenariosSchema = z.union([
  z.array(leversSchema),
  z.object({ scenarios: z.array(leversSchema) }).strict(),
]);

function parse<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DomainError('validation', `the ${what} file is not JSON: ${(e as Error).message}`, [
      { field: what, message: 'not JSON' },
    ]);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const errors: FieldError[] = r.error.issues.map((i) => ({
      field: i.path.join('.') || what,
      message: i.message,
    }));
    throw new DomainError('validation', `the ${what} file has errors`, errors);
  }
  return r.data;
}

/** Unit costs from JSON like {"weekly": {"residential": 6200}, "annualUplift": 0.05}. */
export function readUnitCosts(text: string): UnitCosts {
  const c = parse(costsSchema, text, 'costs');
  const weekly = { ...DEFAULT_UNIT_COSTS.weekly };
  for (const [k, pounds] of Object.entries(c.weekly ?? {}))
    weekly[k as PlacementCategory] = poundsToPence(pounds as number);
  return { weekly, annualUplift: c.annualUplift ?? DEFAULT_UNIT_COSTS.annualUplift };
}

/** Scenarios from JSON: a list of levers, or {"scenarios": [...]}. */
export function readScenarios(text: string): ScenarioLevers[] {
  const s = parse(scenariosSchema, text, 'scenarios');
  return (Array.isArray(s) ? s : s.scenarios) as ScenarioLevers[];
}
