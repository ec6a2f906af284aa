/**
 * The way back: a domain scenario as the JSON a person would write, so the web pages can offer a
 * stored scenario as a download that `sufficiency simulate --scenario` reads unchanged.
 */

import { PPM } from '../../domain/shared/money.ts';
import type { Scenario } from '../../domain/simulation/scenario.ts';
import type { ScenarioFileJson } from './scenario-schema.ts';

export function scenarioToFile(s: Scenario, simulation?: ScenarioFileJson['simulation']): ScenarioFileJson {
  return {
    name: s.name,
    startDate: s.startDate,
    termMonths: s.termMonths,
    ...(s.breakClause ? { breakClause: { ...s.breakClause } } : {}),
    las: s.las.map((la) => ({
      code: la.code,
      name: la.name,
      referralsPerYear: la.referralsPerYear,
      // Exact in ppm; a decimal is friendlier when it is exact too.
      ...(la.sharePpm % 10 === 0 ? { share: la.sharePpm / PPM } : { sharePpm: la.sharePpm }),
      ...(la.outOfAreaProbability !== undefined ? { outOfAreaProbability: la.outOfAreaProbability } : {}),
    })),
    stayLength:
      s.stayLength.kind === 'empirical'
        ? { kind: 'empirical', days: [...s.stayLength.days] }
        : { ...s.stayLength },
    matching: { ...s.matching },
    block: {
      beds: s.block.beds,
      weeklyPounds: s.block.weeklyPence / 100,
      annualUpliftPercent: s.block.annualUpliftPercent,
      holdDays: s.block.holdDays,
      voidRule: { ...s.block.voidRule },
      startsAs: s.block.startsAs,
    },
    spot: {
      weeklyPounds: s.spot.weeklyPence / 100,
      annualInflationPercent: s.spot.annualInflationPercent,
      outOfAreaProbability: s.spot.outOfAreaProbability,
    },
    ...(s.needsMix ? { needsMix: { ...s.needsMix } } : {}),
    ...(simulation ? { simulation } : {}),
  };
}
