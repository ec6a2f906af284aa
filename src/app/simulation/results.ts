/**
 * A finished run's stored request and result, re-read for the pages, the API and the pack. The
 * options appraisal can be re-scored with other weights without simulating again: weights only
 * change how the options' modelled figures are combined (appraiseOptions), never the figures.
 */
import type { FieldError } from '../../domain/shared/errors.ts';
import type { BusinessCaseRequest, BusinessCaseResult } from '../../domain/simulation/business-case.ts';
import { businessCasePack, type PackSheet } from '../../domain/simulation/business-case-pack.ts';
import {
  type AppraisalOption,
  appraiseOptions,
  type Criterion,
  DEFAULT_CRITERIA,
} from '../../domain/simulation/options-appraisal.ts';

export interface StoredRun {
  request: BusinessCaseRequest;
  result: BusinessCaseResult;
}

export function storedRun(request: unknown, result: unknown): StoredRun {
  return { request: request as BusinessCaseRequest, result: result as BusinessCaseResult };
}

/** The criteria the run was appraised on. */
export function runCriteria(req: BusinessCaseRequest): Criterion[] {
  return [...(req.appraisal?.criteria ?? DEFAULT_CRITERIA)];
}

/**
 * Weights from a query string (`weight.<key>=30`), each a number 0–1000, at least one above 0.
 * Missing weights keep the run's own. Returns the criteria with the new weights, or errors named
 * `weight.<key>`.
 */
export function weightsFromQuery(
  req: BusinessCaseRequest,
  query: Record<string, unknown>,
): { criteria: Criterion[]; errors: FieldError[]; changed: boolean; values: Record<string, string> } {
  const errors: FieldError[] = [];
  const values: Record<string, string> = {};
  let changed = false;
  const criteria = runCriteria(req).map((c) => {
    const raw = query[`weight.${c.key}`];
    const text = typeof raw === 'string' ? raw.trim() : '';
    values[c.key] = text === '' ? String(c.weight) : text;
    if (text === '') return c;
    const n = Number(text.replace(/%$/, ''));
    if (!/^\d+(\.\d+)?%?$/.test(text) || !Number.isFinite(n) || n > 1000) {
      errors.push({
        field: `weight.${c.key}`,
        message: `Enter the weight of “${c.label}” as a number from 0 to 1,000`,
      });
      return c;
    }
    if (n !== c.weight) changed = true;
    return { ...c, weight: n };
  });
  if (errors.length === 0 && !criteria.some((c) => c.weight > 0)) {
    const first = criteria[0];
    if (first)
      errors.push({ field: `weight.${first.key}`, message: 'Give at least one criterion a weight above 0' });
  }
  return { criteria, errors, changed, values };
}

/** The appraisal re-scored on these criteria (the run's own when undefined). */
export function reappraise(
  run: StoredRun,
  criteria?: readonly Criterion[],
): BusinessCaseResult['appraisal'] | undefined {
  const a = run.result.appraisal;
  if (!a) return undefined;
  if (!criteria) return a;
  const ratings = run.request.appraisal?.ratings ?? {};
  const notes = run.request.appraisal?.notes ?? {};
  const rated: AppraisalOption[] = a.options.map((m) => ({
    ...m,
    ...(ratings[m.kind] ? { ratings: ratings[m.kind] } : {}),
    ...(notes[m.kind] ? { notes: notes[m.kind] } : {}),
  }));
  return { appraisal: appraiseOptions(rated, criteria), options: a.options };
}

/** The business-case pack's sheets, with the appraisal on these criteria. */
export function packSheets(run: StoredRun, criteria?: readonly Criterion[]): PackSheet[] {
  const { result, sizing, pooling } = run.result;
  const appraisal = reappraise(run, criteria);
  return businessCasePack({
    scenario: run.request.scenario,
    result,
    ...(sizing ? { sizing } : {}),
    ...(pooling ? { pooling } : {}),
    ...(appraisal ? { appraisal } : {}),
  });
}
