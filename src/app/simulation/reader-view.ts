/**
 * What an authority a hub shares a business case with receives: the hub's assumptions, but not the
 * records behind them. A prefilled empirical stay list holds how long each of the region's ended
 * placements lasted, one figure per child's placement, so a reader gets the lognormal with the same
 * mean and spread instead (the results were simulated on the list, and are aggregates over
 * thousands of runs); the notes on where figures came from (counts of referrals and placements)
 * are the owner's only.
 */
import type { BusinessCaseRequest } from '../../domain/simulation/business-case.ts';
import type { StayLength } from '../../domain/simulation/scenario.ts';
import type { ScenarioFileJson } from '../../importers/scenario/scenario-schema.ts';

function summarised(days: readonly number[]): StayLength {
  const n = days.length;
  const mean = days.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sd = n > 1 ? Math.sqrt(days.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1)) : mean / 2;
  return { kind: 'lognormal', meanDays: Math.max(1, Math.round(mean)), sdDays: Math.max(1, Math.round(sd)) };
}

export function fileForReader(file: ScenarioFileJson): ScenarioFileJson {
  const st = file.stayLength;
  if (st?.kind !== 'empirical') return file;
  return { ...file, stayLength: summarised(st.days) as ScenarioFileJson['stayLength'] };
}

export function requestForReader(req: BusinessCaseRequest): BusinessCaseRequest {
  if (req.scenario.stayLength.kind !== 'empirical') return req;
  return { ...req, scenario: { ...req.scenario, stayLength: summarised(req.scenario.stayLength.days) } };
}
