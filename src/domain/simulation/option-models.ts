/**
 * Puts numbers on the five options for the scenario's cohort, on the same simulated children:
 * - spot: every child placed spot (the baseline);
 * - soft block: the scenario's shared block, with its hold and void rules;
 * - hard block: the same beds split between the LAs by share, each LA alone, voids paid in full
 *   (the traditional one-LA, one-provider block);
 * - in-house: the hard-block beds run by the LAs themselves at their own weekly running cost, paid
 *   whether full or not, plus a one-off set-up cost;
 * - framework: every child placed through a framework at its price (inflating with spot), local
 *   as often as the framework's homes are local, with no empty beds to pay for.
 * Children a block cannot take go spot in every block option.
 */
import type { Pence } from '../shared/money.ts';
import { PPM } from '../shared/money.ts';
import { probability, summariseAll } from './distribution.ts';
import { OPTION_KINDS, type OptionKind, type OptionMetrics } from './options-appraisal.ts';
import { aloneScenario, splitBeds } from './pooling.ts';
import { type Prices, priceRuns, scenarioPrices } from './pricing.ts';
import * as R from './run-record.ts';
import { type Scenario, withBeds } from './scenario.ts';
import type { Progress } from './simulate.ts';
import { aloneSeed, type RecordTask, runTasks } from './tasks.ts';

export interface OptionCosts {
  inHouse?: { weeklyPence: Pence; setUpPence: Pence };
  framework?: { weeklyPence: Pence; localProbability: number };
}

export interface ModelledOption {
  kind: OptionKind;
  label: string;
  metrics: OptionMetrics;
  /** How the option was modelled, in a sentence. */
  basis: string;
}

/** The scenario as a hard block: the same beds, each LA alone on its share, empty beds paid in full. */
function hardBlock(s: Scenario): Scenario {
  return { ...s, block: { ...s.block, voidRule: { kind: 'pay-in-full' }, holdDays: 0 } };
}

/** Spot (no beds), the soft block, then each LA alone on its share of a hard block. */
export function optionTasks(s: Scenario, o: { runs: number; seed: number }): RecordTask[] {
  const beds = splitBeds(s);
  return [
    { scenario: withBeds(s, 0), runs: o.runs, seed: o.seed },
    { scenario: s, runs: o.runs, seed: o.seed },
    ...s.las.map((_, i) => ({
      scenario: aloneScenario(hardBlock(s), i, beds[i]!),
      runs: o.runs,
      seed: aloneSeed(o.seed, i),
    })),
  ];
}

/** Models the options from the rows of `optionTasks`, in the same order. */
export function summariseOptions(
  s: Scenario,
  costs: OptionCosts,
  records: readonly R.RunRecords[],
): ModelledOption[] {
  const prices = scenarioPrices(s);
  const shares = s.las.map((la) => la.sharePpm);
  const [spotRecs, softRecs, ...alone] = records as [R.RunRecords, R.RunRecords, ...R.RunRecords[]];
  const runs = spotRecs.runs;
  const spot = priceRuns(spotRecs, shares, prices);
  const baseline = spot.baseline;
  const metrics = (total: Float64Array, local: Float64Array): OptionMetrics => {
    const t = summariseAll(total);
    return {
      meanCost: t.mean,
      p5Cost: t.p5,
      p95Cost: t.p95,
      localShare: summariseAll(local).mean,
      probabilityCostsMoreThanSpot: probability(
        total.map((v, r) => v - baseline[r]!),
        (d) => d > 0,
      ),
    };
  };
  const out: ModelledOption[] = [];
  out.push({
    kind: 'spot',
    label: OPTION_KINDS.spot,
    metrics: metrics(spot.total, localShares([spotRecs])),
    basis: `Every child placed spot at ${pounds(prices.spotWeekly)} a week.`,
  });
  out.push({
    kind: 'soft-block',
    label: OPTION_KINDS['soft-block'],
    metrics: metrics(priceRuns(softRecs, shares, prices).total, localShares([softRecs])),
    basis: `${s.block.beds} beds shared by ${s.las.length} LAs at ${pounds(prices.blockWeekly)} a week, ${s.block.voidRule.kind} after a ${s.block.holdDays}-day hold; overflow spot.`,
  });
  const beds = splitBeds(s);
  const sumCosts = (p: Prices, extra = 0) => {
    const total = new Float64Array(runs).fill(extra);
    for (const recs of alone) {
      const c = priceRuns(recs, [PPM], p);
      for (let r = 0; r < runs; r++) total[r]! += c.total[r]!;
    }
    return total;
  };
  const aloneLocal = localShares(alone);
  out.push({
    kind: 'hard-block',
    label: OPTION_KINDS['hard-block'],
    metrics: metrics(sumCosts({ ...prices, voidPaid: 1 }), aloneLocal),
    basis: `The ${s.block.beds} beds split ${beds.join('/')} between the LAs, each paying its own empty beds in full.`,
  });
  if (costs.inHouse) {
    const ih = costs.inHouse;
    out.push({
      kind: 'in-house',
      label: OPTION_KINDS['in-house'],
      metrics: metrics(
        sumCosts({ ...prices, blockWeekly: ih.weeklyPence, voidPaid: 1 }, ih.setUpPence),
        aloneLocal,
      ),
      basis: `The same beds run in-house at ${pounds(ih.weeklyPence)} a week each, full or empty, plus ${pounds(ih.setUpPence)} to set up.`,
    });
  }
  if (costs.framework) {
    const fw = costs.framework;
    const total = spot.baseline.map((b) => Math.round((b * fw.weeklyPence) / prices.spotWeekly));
    out.push({
      kind: 'framework',
      label: OPTION_KINDS.framework,
      metrics: metrics(total, new Float64Array(runs).fill(fw.localProbability)),
      basis: `Every child called off a framework at ${pounds(fw.weeklyPence)} a week, ${Math.round(fw.localProbability * 100)}% of them locally.`,
    });
  }
  return out;
}

/** Plans, runs (in this thread) and models the options in one call. */
export function modelOptions(
  s: Scenario,
  costs: OptionCosts,
  o: { runs: number; seed: number; onProgress?: Progress },
): ModelledOption[] {
  return summariseOptions(
    s,
    costs,
    runTasks(optionTasks(s, o), o.onProgress).map((r) => r[0]!),
  );
}

/** Per run, the share of referred children placed locally across the batches. */
function localShares(batches: readonly R.RunRecords[]): Float64Array {
  const runs = batches[0]!.runs;
  const local = new Float64Array(runs);
  const referred = new Float64Array(runs);
  for (const b of batches)
    for (let r = 0; r < runs; r++)
      for (let la = 0; la < b.layout.las; la++) {
        const at = r * b.layout.stride;
        local[r]! +=
          b.data[at + R.laField(la, R.L_PLACED_BLOCK)]! + b.data[at + R.laField(la, R.L_SPOT_LOCAL)]!;
        referred[r]! += b.data[at + R.laField(la, R.L_REFERRALS)]!;
      }
  return local.map((v, r) => (referred[r]! > 0 ? v / referred[r]! : Number.NaN));
}

function pounds(p: Pence): string {
  return `£${(p / 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;
}
