/**
 * The business-case pack: the tables a finance officer or cabinet report needs, as sheet
 * definitions that src/exports/spreadsheet.ts writes to xlsx or CSV (it neutralises formula
 * injection; the sheet shape here matches its `Sheet` type structurally, so the domain stays free
 * of the exporter). Every sheet says in its preamble which scenario, how many runs and which seed
 * produced it, so a number in a report can be traced and reproduced.
 */
import { formatPence } from '../shared/money.ts';
import { appraisalSheets, poolingSheets, sizingSheet } from './analysis-sheets.ts';
import type { ModelledOption } from './option-models.ts';
import type { Appraisal } from './options-appraisal.ts';
import { type Cells, dist, money, type PackSheet, percent, sheet } from './pack-sheet.ts';
import type { PoolingResult } from './pooling.ts';
import type { Scenario, StayLength, VoidRule } from './scenario.ts';
import type { SimulationResult } from './simulate.ts';
import type { SizingResult } from './sizing.ts';

export type { Cell, CellKind, Cells, PackSheet } from './pack-sheet.ts';

export interface PackInput {
  scenario: Scenario;
  result: SimulationResult;
  sizing?: SizingResult;
  pooling?: PoolingResult;
  appraisal?: { appraisal: Appraisal; options: readonly ModelledOption[] };
}

export function describeStay(s: StayLength): string {
  if (s.kind === 'empirical') return `empirical, ${s.days.length} stays resampled`;
  if (s.kind === 'exponential') return `exponential, mean ${s.meanDays} days`;
  if (s.kind === 'lognormal') return `lognormal, mean ${s.meanDays} days, sd ${s.sdDays} days`;
  return `gamma, mean ${s.meanDays} days, shape ${s.shape}`;
}

export function describeVoidRule(v: VoidRule): string {
  if (v.kind === 'pay-in-full') return 'empty beds paid in full';
  if (v.kind === 'retainer') return `empty beds paid at ${v.percent}% after the hold`;
  return v.outsideFillMeanDays
    ? `released to the provider after the hold (outside children after ${v.outsideFillMeanDays} days on average)`
    : 'released to the provider after the hold, unpaid';
}

export function businessCasePack(input: PackInput): PackSheet[] {
  const { scenario: s, result: r } = input;
  const pre = (title: string) => [
    title,
    `Scenario: ${s.name}`,
    `${r.runs.toLocaleString('en-GB')} simulated runs of the ${s.termMonths}-month term, seed ${r.seed}. Money in pounds over the whole term.`,
  ];
  const bc = s.breakClause;
  const sheets: PackSheet[] = [
    sheet(
      'Assumptions',
      pre('Assumptions'),
      [
        ['Assumption', 'text', 36],
        ['Value', 'text', 70],
      ],
      [
        ['Start date', s.startDate],
        ['Term', `${s.termMonths} months`],
        [
          'Break clause',
          bc
            ? `notice from month ${bc.earliestNoticeMonth} if occupancy over ${bc.reviewMonths} months is below ${percent(bc.occupancyBelow)}; ${bc.noticeMonths} months' notice`
            : 'none',
        ],
        ['Block beds', String(s.block.beds)],
        [
          'Block price',
          `${formatPence(s.block.weeklyPence)} a week, uplift ${s.block.annualUpliftPercent}% a year`,
        ],
        ['Hold period', `${s.block.holdDays} days`],
        ['Void rule', describeVoidRule(s.block.voidRule)],
        [
          'Block starts',
          s.block.startsAs === 'empty' ? 'empty' : 'in steady state (children already placed)',
        ],
        [
          'Spot price',
          `${formatPence(s.spot.weeklyPence)} a week, inflation ${s.spot.annualInflationPercent}% a year`,
        ],
        ['Spot placements out of area', percent(s.spot.outOfAreaProbability)],
        ['Stay length', describeStay(s.stayLength)],
        [
          'Suitable match',
          `${percent(s.matching.probability)} of referrals, ${s.matching.days} days to match`,
        ],
        [
          'Erlang offered load',
          `${Math.round(r.erlang.offeredLoad * 100) / 100} beds' worth of suitable demand`,
        ],
        ...s.las.map(
          (la): Cells => [
            `LA ${la.code}`,
            `${la.name}: ${la.referralsPerYear} referrals a year, liability share ${percent(la.sharePpm / 1_000_000)}` +
              (la.outOfAreaProbability !== undefined
                ? `, ${percent(la.outOfAreaProbability)} of spot out of area`
                : ''),
          ],
        ),
      ],
    ),
    sheet(
      'Summary',
      pre('Summary'),
      [
        ['Result', 'text', 44],
        ['Value', 'text', 60],
      ],
      [
        [
          'Mean occupancy (p5 to p95)',
          r.occupancy
            ? `${percent(r.occupancy.mean)} (${percent(r.occupancy.p5)} to ${percent(r.occupancy.p95)})`
            : 'no beds',
        ],
        ['Break-even occupancy (contract rule)', percent(r.breakEvenOccupancy)],
        ['Break-even occupancy (empty days as actually paid)', percent(r.effectiveBreakEvenOccupancy)],
        ['Chance the block saves money', percent(r.probabilityBlockSaves)],
        ['Mean saving against spot only', money(r.costs.saving.mean)],
        [
          'Saving in a bad run (p5) and a good one (p95)',
          `${money(r.costs.saving.p5)} to ${money(r.costs.saving.p95)}`,
        ],
        ['Paid for empty beds (mean)', money(r.costs.emptyBeds.mean)],
        ['Children placed locally (mean share)', percent(r.children.localShare?.mean ?? null)],
        [
          'Chance the break clause is used',
          r.probabilityBreakExercised === null ? 'no break clause' : percent(r.probabilityBreakExercised),
        ],
      ],
    ),
    sheet(
      'Costs',
      pre('Costs over the term'),
      [
        ['Cost', 'text', 40],
        ['Mean', 'pence', 16],
        ['p5', 'pence', 16],
        ['p50', 'pence', 16],
        ['p95', 'pence', 16],
      ],
      [
        ['Block beds with a child in them', ...dist(r.costs.blockOccupied)],
        ['Block beds held for a child being matched', ...dist(r.costs.matching)],
        ['Block beds in their hold period', ...dist(r.costs.hold)],
        ['Block beds void after the hold', ...dist(r.costs.void)],
        ['All empty block beds', ...dist(r.costs.emptyBeds)],
        ['Spot placements (incl. waiting for a match)', ...dist(r.costs.spot)],
        ['Total with the block', ...dist(r.costs.total)],
        ['Spot only (baseline)', ...dist(r.costs.baseline)],
        ['Saving (baseline − total)', ...dist(r.costs.saving)],
      ],
    ),
    sheet(
      'Occupancy and children',
      pre('Occupancy and children placed over the term'),
      [
        ['Measure', 'text', 40],
        ['Mean', 'number'],
        ['p5', 'number'],
        ['p50', 'number'],
        ['p95', 'number'],
      ],
      [
        ...(r.occupancy
          ? [['Occupancy (%)', ...dist(r.occupancy).map((v) => (v as number) * 100)] as Cells]
          : []),
        ['Children referred', ...dist(r.children.referrals)],
        ['Placed in the block', ...dist(r.children.placedInBlock)],
        ['Placed spot, locally', ...dist(r.children.placedSpotLocal)],
        ['Placed spot, out of area', ...dist(r.children.placedSpotOutOfArea)],
        ['Placed locally (block or local spot)', ...dist(r.children.placedLocally)],
      ],
    ),
    sheet(
      'By LA',
      pre('Each LA’s cost: its own children, plus its share of empty block beds'),
      [
        ['Code', 'text'],
        ['LA', 'text', 28],
        ['Liability share', 'percent'],
        ['Mean cost', 'pence', 16],
        ['Spot-only cost', 'pence', 16],
        ['Mean saving', 'pence', 16],
        ['Chance of saving', 'percent'],
        ['Placed in block', 'number'],
        ['Placed locally', 'number'],
      ],
      r.las.map((la) => [
        la.code,
        la.name,
        la.sharePpm / 1_000_000,
        la.cost.mean,
        la.baseline.mean,
        la.saving.mean,
        la.probabilitySaves,
        la.placedInBlock.mean,
        la.placedLocally.mean,
      ]),
    ),
  ];
  if (r.monthly.length > 0) {
    sheets.push(
      sheet(
        'Monthly occupancy',
        pre('Expected occupancy month by month (the band to monitor the live contract against)'),
        [
          ['Month', 'text'],
          ['Mean', 'percent'],
          ['p5', 'percent'],
          ['p95', 'percent'],
        ],
        r.monthly.map((m) => [
          m.month,
          m.occupancy?.mean ?? null,
          m.occupancy?.p5 ?? null,
          m.occupancy?.p95 ?? null,
        ]),
      ),
    );
  }
  if (input.sizing) sheets.push(sizingSheet(input.sizing, pre('Sizing sweep: block size and price')));
  if (input.pooling) sheets.push(...poolingSheets(input.pooling, pre));
  if (input.appraisal) sheets.push(...appraisalSheets(input.appraisal, pre));
  return sheets;
}
