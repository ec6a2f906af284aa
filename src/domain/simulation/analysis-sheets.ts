/**
 * The analysis sheets of the business-case pack: the sizing sweep with its frontier, pooling
 * against each LA alone, and the options appraisal with its reasoning laid out row by row.
 */
import type { ModelledOption } from './option-models.ts';
import type { Appraisal } from './options-appraisal.ts';
import { type CellKind, type Cells, money, type PackSheet, percent, sheet } from './pack-sheet.ts';
import type { PoolingResult } from './pooling.ts';
import type { SizingResult } from './sizing.ts';

export function sizingSheet(z: SizingResult, preamble: string[]): PackSheet {
  const best = new Map(z.best.map((b) => [b.blockWeekly, b]));
  return sheet(
    'Sizing sweep',
    [...preamble, `Spot-only cost (mean): ${money(z.baselineMeanCost)}`],
    [
      ['Beds', 'integer'],
      ['Block price a week', 'pence', 14],
      ['Mean cost', 'pence', 16],
      ['p5 cost', 'pence', 16],
      ['p95 cost', 'pence', 16],
      ['Mean saving', 'pence', 16],
      ['Chance of saving', 'percent'],
      ['Occupancy', 'percent'],
      ['Erlang occupancy', 'percent'],
      ['Placed in block', 'number'],
      ['Placed locally', 'number'],
      ['On cost/risk frontier', 'text'],
      ['Best', 'text', 24],
    ],
    z.points.map((p) => {
      const b = best.get(p.blockWeekly);
      const tags = [
        b?.lowestMeanCost === p.beds ? 'lowest mean cost' : '',
        b?.lowestBadYearCost === p.beds ? 'lowest p95 cost' : '',
      ].filter(Boolean);
      return [
        p.beds,
        p.blockWeekly,
        p.meanCost,
        p.p5Cost,
        p.p95Cost,
        p.meanSaving,
        p.probabilitySaves,
        p.occupancy,
        p.erlangOccupancy,
        p.placedInBlock,
        p.placedLocally,
        p.onFrontier ? 'yes' : 'no',
        tags.join(', '),
      ];
    }),
  );
}

export function poolingSheets(p: PoolingResult, pre: (t: string) => string[]): PackSheet[] {
  const row = (name: string, beds: string, x: PoolingResult['pooled']): Cells => [
    name,
    beds,
    x.occupancy?.mean ?? null,
    x.totalCost.mean,
    x.saving.mean,
    x.probabilitySaves,
    x.placedInBlock.mean,
    x.placedLocally.mean,
  ];
  return [
    sheet(
      'Pooling',
      [
        ...pre('Pooling: the block shared, against the same beds split between the LAs'),
        `Pooling adds ${Math.round((p.benefit.occupancyPoints ?? 0) * 10) / 10} points of occupancy and saves ${money(p.benefit.meanCostSaving)} on average.`,
      ],
      [
        ['Arrangement', 'text', 30],
        ['Beds', 'text'],
        ['Occupancy', 'percent'],
        ['Mean cost', 'pence', 16],
        ['Mean saving', 'pence', 16],
        ['Chance of saving', 'percent'],
        ['Placed in block', 'number'],
        ['Placed locally', 'number'],
      ],
      [
        row('Shared block', String(p.beds), p.pooled),
        row('Each LA alone', p.bedsByLa.join(' / '), p.separate),
      ],
    ),
    sheet(
      'Pooling (Erlang)',
      pre('Closed form: the same demand split between k separate blocks sharing the beds'),
      [
        ['Separate blocks', 'integer'],
        ['Occupancy', 'percent'],
      ],
      p.erlangCurve.map((e) => [e.blocks, e.occupancy]),
    ),
  ];
}

export function appraisalSheets(
  a: { appraisal: Appraisal; options: readonly ModelledOption[] },
  pre: (t: string) => string[],
): PackSheet[] {
  const crit = a.appraisal.criteria;
  const weights = crit.map((c) => `${c.label} ${percent(c.share)}`).join('; ');
  return [
    sheet(
      'Options appraisal',
      [...pre('Options appraisal (scores 1 = worst of the options, 5 = best)'), `Weights: ${weights}`],
      [
        ['Rank', 'integer'],
        ['Option', 'text', 32],
        ['Weighted total (%)', 'number'],
        ...crit.map((c): [string, CellKind] => [c.label, 'number']),
      ],
      a.appraisal.options.map((o) => [o.rank, o.label, o.weightedTotal, ...o.scores.map((x) => x.score)]),
    ),
    sheet(
      'Appraisal reasoning',
      pre('Why each option scored as it did'),
      [
        ['Option', 'text', 32],
        ['Heading', 'text'],
        ['Criterion', 'text', 36],
        ['Weight', 'percent'],
        ['Score', 'number'],
        ['Rating', 'text', 16],
        ['Reason', 'text', 90],
      ],
      a.appraisal.options.flatMap((o) =>
        o.scores.map((x, i) => [
          o.label,
          x.heading,
          crit[i]!.label,
          crit[i]!.share,
          x.score,
          x.rating,
          x.reason,
        ]),
      ),
    ),
    sheet(
      'Options modelled',
      pre('How each option was modelled'),
      [
        ['Option', 'text', 32],
        ['Basis', 'text', 90],
        ['Mean cost', 'pence', 16],
        ['p5 cost', 'pence', 16],
        ['p95 cost', 'pence', 16],
        ['Placed locally', 'percent'],
        ['Chance of costing more than spot', 'percent'],
      ],
      a.options.map((o) => [
        o.label,
        o.basis,
        o.metrics.meanCost,
        o.metrics.p5Cost,
        o.metrics.p95Cost,
        o.metrics.localShare,
        o.metrics.probabilityCostsMoreThanSpot,
      ]),
    ),
  ];
}
