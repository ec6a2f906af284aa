/**
 * Reads a scenario file into a domain `Scenario` plus the run settings it carries (runs, seed,
 * sweep, pooling, appraisal). Every problem, from malformed JSON to shares that do not add up, is
 * reported against the file's own dotted path (`las[2].share`, `block.weeklyPounds`), so the
 * person who wrote the file can find it; domain field names (`sharePpm`, `weeklyPence`) are
 * translated back to the file's.
 */

import type { NeedSegment } from '../../domain/shared/codes.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { type Pence, PPM, poundsToPence } from '../../domain/shared/money.ts';
import type { OptionCosts } from '../../domain/simulation/option-models.ts';
import type { Criterion, OptionKind, Rating } from '../../domain/simulation/options-appraisal.ts';
import { DEFAULT_CRITERIA } from '../../domain/simulation/options-appraisal.ts';
import type { LaDemand, Scenario } from '../../domain/simulation/scenario.ts';
import { validateScenario } from '../../domain/simulation/validate-scenario.ts';
import { type ParsedScenarioFile, scenarioFileSchema } from './scenario-schema.ts';

export interface AppraisalSettings {
  costs: OptionCosts;
  criteria: Criterion[];
  ratings: Partial<Record<OptionKind, Record<string, Rating>>>;
  notes: Partial<Record<OptionKind, Record<string, string>>>;
}

export interface ScenarioSettings {
  runs?: number;
  seed?: number;
  sweep?: { sizes: number[]; prices?: Pence[] };
  pooling: boolean;
  appraisal?: AppraisalSettings;
}

export interface ScenarioFile {
  scenario: Scenario;
  settings: ScenarioSettings;
}

export type ScenarioFileResult = { ok: true; file: ScenarioFile } | { ok: false; errors: FieldError[] };

/** "las[2].share" from ['las', 2, 'share']. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

export function parseScenarioFile(text: string): ScenarioFileResult {
  const undecodable = text.indexOf('\uFFFD');
  if (undecodable >= 0) {
    return {
      ok: false,
      errors: [
        {
          row: text.slice(0, undecodable).split('\n').length,
          field: 'file',
          message: 'the file is not UTF-8 text (a character from another encoding, such as Windows-1252)',
        },
      ],
    };
  }
  let json: unknown;
  try {
    // A byte-order mark (Windows editors write one) is not part of the JSON.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return {
      ok: false,
      errors: [{ field: 'file', message: `the file is not valid JSON: ${(e as Error).message}` }],
    };
  }
  const parsed = scenarioFileSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.flatMap((i) =>
        // A misspelt field is named itself, so the person can find it.
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => ({
              field: dottedPath([...i.path, k]),
              message: 'is not a field of the scenario file (check its spelling)',
            }))
          : [{ field: dottedPath(i.path) || 'file', message: i.message }],
      ),
    };
  }
  const f = parsed.data;
  const errors: FieldError[] = [];
  const las = toLas(f, errors);
  const scenario: Scenario = {
    name: f.name,
    startDate: f.startDate,
    termMonths: f.termMonths,
    ...(f.breakClause ? { breakClause: f.breakClause } : {}),
    las,
    stayLength: f.stayLength,
    matching: f.matching,
    block: {
      beds: f.block.beds,
      weeklyPence: poundsToPence(f.block.weeklyPounds),
      annualUpliftPercent: f.block.annualUpliftPercent,
      holdDays: f.block.holdDays,
      voidRule: f.block.voidRule,
      startsAs: f.block.startsAs,
    },
    spot: {
      weeklyPence: poundsToPence(f.spot.weeklyPounds),
      annualInflationPercent: f.spot.annualInflationPercent,
      outOfAreaProbability: f.spot.outOfAreaProbability,
    },
    ...(f.needsMix ? { needsMix: f.needsMix as Partial<Record<NeedSegment, number>> } : {}),
  };
  const usedDecimal = f.las.map((la) => la.share !== undefined);
  for (const e of validateScenario(scenario)) {
    // The share-sum check was already made on the decimals, with the file's own numbers.
    if (errors.some((x) => x.field.endsWith('.share')) && e.field.endsWith('.sharePpm')) continue;
    errors.push({ ...e, field: toFilePath(e.field, usedDecimal) });
  }
  const settings = toSettings(f, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, file: { scenario, settings } };
}

/** Like `parseScenarioFile`, but throws a `validation` DomainError listing every problem. */
export function readScenarioFile(text: string): ScenarioFile {
  const r = parseScenarioFile(text);
  if (!r.ok) {
    throwIfInvalid(r.errors, 'The scenario file has errors');
    throw new DomainError('validation', 'The scenario file has errors');
  }
  return r.file;
}

function toLas(f: ParsedScenarioFile, errors: FieldError[]): LaDemand[] {
  const ppm = f.las.map((la) =>
    la.sharePpm !== undefined ? la.sharePpm : Math.round((la.share ?? 0) * PPM),
  );
  const allDecimal = f.las.length > 0 && f.las.every((la) => la.share !== undefined);
  if (allDecimal) {
    const sum = f.las.reduce((a, la) => a + (la.share ?? 0), 0);
    const last = f.las.length - 1;
    if (Math.abs(sum - 1) > 1e-6) {
      const needed = 1 - (sum - f.las[last]!.share!);
      errors.push({
        field: `las[${last}].share`,
        message:
          `the liability shares add up to ${Math.round(sum * 1e6) / 1e6}, not 1` +
          (needed >= 0
            ? ` (with the others as they are, this one would need to be ${Math.round(needed * 1e6) / 1e6})`
            : ''),
      });
    } else {
      // Shares such as 1/3 written as decimals round to ppm a part or two off; the largest absorbs it.
      const residue = PPM - ppm.reduce((a, b) => a + b, 0);
      const largest = ppm.indexOf(Math.max(...ppm));
      ppm[largest]! += residue;
    }
  }
  return f.las.map((la, i) => ({
    code: la.code,
    name: la.name,
    referralsPerYear: la.referralsPerYear,
    sharePpm: ppm[i]!,
    ...(la.outOfAreaProbability !== undefined ? { outOfAreaProbability: la.outOfAreaProbability } : {}),
  }));
}

function toFilePath(field: string, usedDecimal: readonly boolean[]): string {
  return field
    .replace(/^las\[(\d+)\]\.sharePpm$/, (m, i: string) => (usedDecimal[Number(i)] ? `las[${i}].share` : m))
    .replace(/\.weeklyPence$/, '.weeklyPounds');
}

function toSettings(f: ParsedScenarioFile, errors: FieldError[]): ScenarioSettings {
  const sim = f.simulation;
  const settings: ScenarioSettings = { pooling: sim?.pooling ?? false };
  if (sim?.runs !== undefined) settings.runs = sim.runs;
  if (sim?.seed !== undefined) settings.seed = sim.seed;
  if (sim?.sweep) {
    const { minBeds, maxBeds, weeklyPounds } = sim.sweep;
    settings.sweep = {
      sizes: Array.from({ length: maxBeds - minBeds + 1 }, (_, i) => minBeds + i),
      ...(weeklyPounds ? { prices: weeklyPounds.map(poundsToPence) } : {}),
    };
  }
  const a = f.appraisal;
  if (a) {
    const costs: OptionCosts = {};
    if (a.inHouse)
      costs.inHouse = {
        weeklyPence: poundsToPence(a.inHouse.weeklyPounds),
        setUpPence: poundsToPence(a.inHouse.setUpPounds),
      };
    if (a.framework)
      costs.framework = {
        weeklyPence: poundsToPence(a.framework.weeklyPounds),
        localProbability: a.framework.localProbability,
      };
    const criteria = a.criteria ?? [...DEFAULT_CRITERIA];
    const kinds: OptionKind[] = ['spot', 'soft-block', 'hard-block'];
    if (costs.inHouse) kinds.push('in-house');
    if (costs.framework) kinds.push('framework');
    for (const c of criteria.filter((x) => x.measure === 'rating'))
      for (const k of kinds)
        if (!a.ratings?.[k]?.[c.key])
          errors.push({
            field: `appraisal.ratings.${k}.${c.key}`,
            message: `rate the ${k} option on "${c.label}"`,
          });
    settings.appraisal = { costs, criteria, ratings: a.ratings ?? {}, notes: a.notes ?? {} };
  }
  return settings;
}
