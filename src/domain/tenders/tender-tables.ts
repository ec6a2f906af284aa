/**
 * A tender evaluation as tables: for the xlsx export (`tenderSheets`, straight into `toXlsx`) and
 * for the page's HTML tables. One row per fact, so evaluators can filter and re-add the figures.
 */
import { type DataSheet, type DataTable, sheetOfTable, uniqueSheetNames } from '../pricing/data-table.ts';
import { formatPence } from '../shared/money.ts';
import type { TenderEvaluation } from './evaluate.ts';
import { PRICE_METHODS } from './tender.ts';

export function tenderTables(ev: TenderEvaluation): DataTable[] {
  const { rules, criteria, lots } = ev;
  const weighting = `Price ${rules.priceWeight}%, quality ${rules.qualityWeight}%; ${PRICE_METHODS[rules.priceMethod]}.`;
  return [
    {
      id: 'scores',
      caption: 'Scores and ranking',
      columns: [
        { key: 'lot', header: 'Lot', kind: 'text' },
        { key: 'rank', header: 'Rank', kind: 'integer' },
        { key: 'bid', header: 'Bid', kind: 'text' },
        { key: 'provider', header: 'Provider', kind: 'text', width: 28 },
        { key: 'beds', header: 'Beds offered', kind: 'integer' },
        { key: 'price', header: 'Weekly price a bed', kind: 'pence' },
        { key: 'pricePoints', header: `Price points (of ${rules.priceWeight})`, kind: 'number' },
        { key: 'qualityShare', header: 'Quality marks', kind: 'percent' },
        { key: 'qualityPoints', header: `Quality points (of ${rules.qualityWeight})`, kind: 'number' },
        { key: 'total', header: 'Total', kind: 'number' },
        { key: 'excluded', header: 'Excluded because', kind: 'text', width: 40 },
      ],
      rows: lots.flatMap((l) =>
        l.scores.map((s) => ({
          lot: l.lot,
          rank: s.rank,
          bid: s.ref,
          provider: s.provider,
          beds: s.bedsOffered,
          price: s.weeklyPrice,
          pricePoints: s.pricePoints,
          qualityShare: s.qualityShare,
          qualityPoints: s.qualityPoints,
          total: s.total,
          excluded: s.excluded,
        })),
      ),
      notes: [
        weighting,
        'Ties go to the better quality score, then the lower price, then the bid reference.',
      ],
    },
    {
      id: 'award',
      caption: 'Award',
      columns: [
        { key: 'lot', header: 'Lot', kind: 'text' },
        { key: 'rank', header: 'Rank', kind: 'integer' },
        { key: 'bid', header: 'Bid', kind: 'text' },
        { key: 'provider', header: 'Provider', kind: 'text', width: 28 },
        { key: 'home', header: 'Home', kind: 'text', width: 28 },
        { key: 'offered', header: 'Beds offered', kind: 'integer' },
        { key: 'awarded', header: 'Beds awarded', kind: 'integer' },
        { key: 'price', header: 'Weekly price a bed', kind: 'pence' },
        { key: 'cost', header: 'Weekly cost', kind: 'pence' },
        { key: 'note', header: 'Why fewer beds', kind: 'text', width: 50 },
      ],
      rows: lots.flatMap((l) =>
        l.award.lines.map((a) => ({
          lot: l.lot,
          rank: a.rank,
          bid: a.bid,
          provider: a.provider,
          home: a.home,
          offered: a.bedsOffered,
          awarded: a.bedsAwarded,
          price: a.weeklyPrice,
          cost: a.weeklyCost,
          note: a.note,
        })),
      ),
      notes: lots.map((l) =>
        l.award.feasible
          ? `Lot ${l.lot}: ${l.award.totalBeds} beds from ${l.award.providers.length} providers, ${formatPence(l.award.weeklyCost)} a week, ${formatPence(l.award.annualCost)} for 52 weeks.`
          : `Lot ${l.lot}: no award is possible: ${l.award.reason}.`,
      ),
    },
    {
      id: 'quality',
      caption: 'Quality marks',
      columns: [
        { key: 'lot', header: 'Lot', kind: 'text' },
        { key: 'bid', header: 'Bid', kind: 'text' },
        ...criteria.map((c) => ({
          key: `q_${c.id}`,
          header: `${c.label} (weight ${c.weight}%, out of ${c.maxScore})`,
          kind: 'number' as const,
        })),
        { key: 'share', header: 'Quality marks', kind: 'percent' },
      ],
      rows: lots.flatMap((l) =>
        l.scores.map((s) => ({
          lot: l.lot,
          bid: s.ref,
          ...Object.fromEntries(criteria.map((c) => [`q_${c.id}`, markOf(ev, l.lot, s.ref, c.id)])),
          share: s.qualityShare,
        })),
      ),
      notes: [],
    },
    {
      id: 'sensitivity',
      caption: 'Sensitivity to the weighting',
      columns: [
        { key: 'lot', header: 'Lot', kind: 'text' },
        { key: 'priceWeight', header: 'Price weight', kind: 'integer' },
        { key: 'qualityWeight', header: 'Quality weight', kind: 'integer' },
        { key: 'winner', header: 'Ranked first', kind: 'text' },
        { key: 'ranking', header: 'Ranking', kind: 'text', width: 40 },
        { key: 'beds', header: 'Beds awarded by bid', kind: 'text', width: 40 },
        { key: 'changed', header: 'Award differs', kind: 'text' },
      ],
      rows: lots.flatMap((l) =>
        l.sensitivity.points.map((p) => ({
          lot: l.lot,
          priceWeight: p.priceWeight,
          qualityWeight: p.qualityWeight,
          winner: p.winner,
          ranking: p.ranking.join(', '),
          beds: Object.entries(p.bedsByBid)
            .map(([bid, n]) => `${bid} ${n}`)
            .join('; '),
          changed: p.awardChanged ? 'Yes' : 'No',
        })),
      ),
      notes: [
        ...lots.flatMap((l) =>
          l.sensitivity.winnerChanges.map(
            (c) =>
              `Lot ${l.lot}: above a price weight of ${c.atPriceWeight}%, ${c.to} ranks first instead of ${c.from}.`,
          ),
        ),
      ],
    },
    {
      id: 'overtakes',
      caption: 'Where bids swap places',
      columns: [
        { key: 'lot', header: 'Lot', kind: 'text' },
        { key: 'at', header: 'Price weight', kind: 'number' },
        { key: 'bid', header: 'Bid', kind: 'text' },
        { key: 'overtakes', header: 'Overtakes', kind: 'text' },
      ],
      rows: lots.flatMap((l) =>
        l.sensitivity.overtakes.map((o) => ({
          lot: l.lot,
          at: o.atPriceWeight,
          bid: o.bid,
          overtakes: o.overtakes,
        })),
      ),
      notes: [
        'Above the weight shown, the bid ranks above the one it overtakes (exact scores, before rounding).',
      ],
    },
    {
      id: 'audit',
      caption: 'Audit trail',
      columns: [
        { key: 'lot', header: 'Lot', kind: 'text' },
        { key: 'seq', header: 'Step', kind: 'integer' },
        { key: 'stage', header: 'Stage', kind: 'text' },
        { key: 'bid', header: 'Bid', kind: 'text' },
        { key: 'text', header: 'What was done', kind: 'text', width: 100 },
      ],
      rows: lots.flatMap((l) =>
        l.audit.map((s) => ({ lot: l.lot, seq: s.seq, stage: s.stage, bid: s.bid, text: s.text })),
      ),
      notes: [],
    },
  ];
}

function markOf(ev: TenderEvaluation, lot: string, ref: string, criterion: string): number | null {
  const bid = ev.lots.find((l) => l.lot === lot)?.bids.find((b) => b.ref === ref);
  return bid?.quality[criterion] ?? null;
}

/** The evaluation as workbook sheets, one per table. */
export function tenderSheets(ev: TenderEvaluation): DataSheet[] {
  return uniqueSheetNames(tenderTables(ev).map((t) => ({ ...sheetOfTable(t), name: t.caption })));
}
