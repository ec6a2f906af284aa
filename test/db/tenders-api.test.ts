/**
 * Tenders through the API, on the engine's worked example (WORKED_TENDER, docs/tenders.md section
 * 5): scores, ranking, award and the award where a greedy method fails, all checked by hand; bad
 * bodies are refused naming the field, and nothing is written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { rulesWith, WORKED_CRITERIA, WORKED_TENDER } from '../../src/domain/tenders/testing.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();

interface Score {
  ref: string;
  pricePoints: number;
  qualityPoints: number;
  total: number;
  rank: number;
}
interface Evaluation {
  lots: {
    lot: string;
    scores: Score[];
    award: {
      feasible: boolean;
      totalBeds: number;
      weeklyCost: number;
      lines: { home: string; bedsAwarded: number; note: string | null }[];
    };
    sensitivity: { winnerChanges: { atPriceWeight: number; from: string; to: string }[] };
  }[];
}

describe('tenders over the API, on the worked example', () => {
  let hub: Session;
  let id: string;

  beforeAll(async () => {
    hub = await signIn(t().app, 'analyst.hub');
  });

  it('starts a tender, refusing a body with a bad field and criteria that do not add up', async () => {
    const bad = await hub.api('POST', '/api/v1/tenders', {
      reference: '',
      name: 'x',
      lots: [],
      criteria: [],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['reference', 'lots', 'criteria']),
    );
    const weights = await hub.api('POST', '/api/v1/tenders', {
      reference: 'API-1',
      name: 'Worked example',
      lots: [{ code: '1', name: 'Residential' }],
      criteria: [{ label: 'Safeguarding', weight: 40, maxScore: 5 }],
    });
    expect(weights.statusCode).toBe(400);
    expect(weights.json().error.message).toContain('The weights must add up to 100 (they add up to 40)');
    const res = await hub.api('POST', '/api/v1/tenders', {
      reference: 'API-1',
      name: 'Worked example',
      lots: [{ code: '1', name: 'Residential' }],
      criteria: WORKED_CRITERIA.map(({ label, weight, maxScore }) => ({ label, weight, maxScore })),
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });

  it('takes the worked bids, refusing a bid for a lot the tender does not have', async () => {
    const wrong = await hub.api('POST', `/api/v1/tenders/${id}/bids`, {
      bids: [{ ...WORKED_TENDER.bids[0], lot: '7' }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0]).toMatchObject({ field: 'lot' });
    const res = await hub.api('POST', `/api/v1/tenders/${id}/bids`, { bids: WORKED_TENDER.bids });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ added: 4, replaced: 0 });
    const again = await hub.api('POST', `/api/v1/tenders/${id}/bids`, { bids: [WORKED_TENDER.bids[0]] });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toContain('bid B1 appears twice in lot 1');
  });

  it('scores and awards as worked by hand', async () => {
    const res = await hub.api('POST', `/api/v1/tenders/${id}/evaluations`);
    expect(res.statusCode).toBe(201);
    const lot = (res.json().evaluation as Evaluation).lots[0]!;
    // Lowest £3,900. B2: 70.00 + 0.60 × 30 = 88.00; B1: 3,900/4,200 × 70 = 65.00 + 0.74 × 30 = 22.20 → 87.20;
    // B3: 3,900/5,000 × 70 = 54.60 + 30.00 = 84.60; B4: 3,900/4,500 × 70 = 60.67 + 0.46 × 30 = 13.80 → 74.47.
    expect(lot.scores.map((s) => [s.ref, s.pricePoints, s.qualityPoints, s.total, s.rank])).toEqual([
      ['B2', 70, 18, 88, 1],
      ['B1', 65, 22.2, 87.2, 2],
      ['B3', 54.6, 30, 84.6, 3],
      ['B4', 60.67, 13.8, 74.47, 4],
    ]);
    // Birch Lodge 5 (capped from 6), Oak 3, Elm 4, Cedar 2, Dove 4 = 18 beds:
    // 5 × £3,900 + 7 × £4,200 + 2 × £5,000 + 4 × £4,500 = £76,900 a week.
    expect(lot.award.lines.map((l) => [l.home, l.bedsAwarded])).toEqual([
      ['Birch Lodge', 5],
      ['Oak House', 3],
      ['Elm House', 4],
      ['Cedar View', 2],
      ['Dove Cottage', 4],
    ]);
    expect(lot.award).toMatchObject({ feasible: true, totalBeds: 18, weeklyCost: 7_690_000 });
    // B3 leads up to 63.64% (26 = 0.408571 w), B1 to 66.22% (14 = 0.211429 w), then B2.
    expect(lot.sensitivity.winnerChanges).toEqual([
      { atPriceWeight: 63.64, from: 'B3', to: 'B1' },
      { atPriceWeight: 66.22, from: 'B1', to: 'B2' },
    ]);
  });

  it('awards exactly where a greedy award fails: 9 beds from at most 2 providers, whole homes', async () => {
    const rules = rulesWith({ award: { minBeds: 9, maxBeds: 9, maxProviders: 2, wholeSettings: true } });
    const changed = await hub.api('PUT', `/api/v1/tenders/${id}/rules`, rules);
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ changed: 4 });
    await hub.api('POST', `/api/v1/tenders/${id}/evaluations`);
    const res = await hub.api('GET', `/api/v1/tenders/${id}/evaluation`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { current: boolean; evaluation: Evaluation; tables: { id: string }[] };
    expect(body.current).toBe(true);
    // Greedy would take Birch 5 + Oak 3 = 8 and be stuck; the exact award skips Oak: Birch 5 + Elm 4 = 9.
    expect(body.evaluation.lots[0]!.award.lines.map((l) => l.bedsAwarded)).toEqual([5, 0, 4, 0, 0]);
    expect(body.evaluation.lots[0]!.award.lines[1]!.note).toMatch(/would leave no valid award/);
    expect(body.tables.map((x) => x.id)).toEqual([
      'scores',
      'award',
      'quality',
      'sensitivity',
      'overtakes',
      'audit',
    ]);
    const history = (await hub.api('GET', `/api/v1/tenders/${id}/history`)).json() as {
      events: { kind: string; who: string; detail: { changes?: Record<string, unknown> } }[];
    };
    const rulesChange = history.events.find((e) => e.kind === 'rules-changed')!;
    expect(rulesChange.who).toBe('Hub analyst');
    expect(Object.keys(rulesChange.detail.changes!).sort()).toEqual([
      'maxBeds',
      'maxProviders',
      'minBeds',
      'wholeSettings',
    ]);
  });

  it('refuses rules that do not add up, and changes nothing', async () => {
    const before = (await hub.api('GET', `/api/v1/tenders/${id}`)).json().revision;
    const res = await hub.api('PUT', `/api/v1/tenders/${id}/rules`, { ...rulesWith({}), priceWeight: 80 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('quality-weight');
    expect((await hub.api('GET', `/api/v1/tenders/${id}`)).json().revision).toBe(before);
  });

  it('answers another hub’s tender as one that does not exist, and refuses LAs that do not take part', async () => {
    const other = await t()
      .database.db.selectFrom('tender')
      .select('id')
      .where('reference', 'like', '%CANARY%')
      .executeTakeFirst();
    const missing = await hub.api('GET', '/api/v1/tenders/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    if (other) expect((await hub.api('GET', `/api/v1/tenders/${other.id}`)).statusCode).toBe(404);
    const ealing = await signIn(t().app, 'commissioner.ealing');
    expect((await ealing.api('GET', `/api/v1/tenders/${id}`)).statusCode).toBe(404);
    expect((await ealing.api('POST', `/api/v1/tenders/${id}/evaluations`)).statusCode).toBe(403);
  });
});
