/**
 * Closing a tender (the worked example, docs/tenders.md): only a tender scored at its current
 * revision closes; the hub running it closes it, nobody else; once closed its bids, rules and
 * scoring are refused (409) and nothing is written; the history says when and at which revision.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { rulesWith, WORKED_CRITERIA, WORKED_TENDER } from '../../src/domain/tenders/testing.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();

async function counts(tenderId: string) {
  const n = async (table: 'tender_bid' | 'tender_evaluation' | 'tender_event') =>
    Number(
      (
        await t()
          .database.db.selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('tender_id', '=', tenderId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    bids: await n('tender_bid'),
    evaluations: await n('tender_evaluation'),
    events: await n('tender_event'),
  };
}

async function startTender(hub: Session, reference: string): Promise<string> {
  const res = await hub.api('POST', '/api/v1/tenders', {
    reference,
    name: 'Worked example',
    lots: [{ code: '1', name: 'Residential' }],
    criteria: WORKED_CRITERIA.map(({ label, weight, maxScore }) => ({ label, weight, maxScore })),
    parties: [],
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  expect((await hub.api('POST', `/api/v1/tenders/${id}/bids`, { bids: WORKED_TENDER.bids })).statusCode).toBe(
    201,
  );
  return id;
}

describe('closing a tender', () => {
  let hub: Session;
  let id: string;
  beforeAll(async () => {
    hub = await signIn(t().app, 'analyst.hub');
    id = await startTender(hub, 'CLOSE-1');
  });

  it('refuses to close before the bids are scored, or after they changed since', async () => {
    const unscored = await hub.api('POST', `/api/v1/tenders/${id}/close`);
    expect(unscored.statusCode).toBe(409);
    expect(unscored.json().error.message).toBe('Score the bids before closing the tender');
    const page = await hub.get(`/tenders/${id}/close`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Score the bids first');
    expect(page.body).not.toContain('govuk-button--warning');

    expect((await hub.api('POST', `/api/v1/tenders/${id}/evaluations`)).statusCode).toBe(201);
    const rules = rulesWith({ priceWeight: 50, qualityWeight: 50 });
    expect((await hub.api('PUT', `/api/v1/tenders/${id}/rules`, rules)).statusCode).toBe(200);
    const stale = await hub.api('POST', `/api/v1/tenders/${id}/close`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe(
      'The bids or rules changed after the last scoring: score the bids again before closing',
    );
  });

  it('is for the hub running it only', async () => {
    expect((await hub.api('POST', `/api/v1/tenders/${id}/evaluations`)).statusCode).toBe(201);
    const la = await signIn(t().app, 'commissioner.ealing');
    expect((await la.api('POST', `/api/v1/tenders/${id}/close`)).statusCode).toBe(403); // a role that runs no tender
    expect((await la.post(`/tenders/${id}/close`, {})).statusCode).toBe(403);
    const show = await hub.get(`/tenders/${id}`);
    expect(show.body).toContain('Close the tender');
  });

  it('closes through the page on the evaluation at hand, which then is the record', async () => {
    const confirm = await hub.get(`/tenders/${id}/close`);
    expect(confirm.body).toContain('becomes the record');
    expect(confirm.body).toContain('Lot 1:');
    const res = await hub.post(`/tenders/${id}/close`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/tenders/${id}`);

    const show = await hub.get(`/tenders/${id}`);
    expect(show.body).toContain('This tender is closed');
    for (const action of [
      'Score the bids',
      'Upload bids',
      'Enter a bid',
      'Change the rules',
      'Close the tender',
    ])
      expect(show.body, action).not.toContain(`>${action}`);
    expect(show.body).toContain('Tender closed');
    expect(show.body).toMatch(/Closed at revision \d+: the evaluation of that revision is the record/);
    const evaluation = await hub.get(`/tenders/${id}/evaluation`);
    expect(evaluation.body).toContain('The tender is closed: this evaluation is the record.');
  });

  it('refuses every change once closed, and writes nothing', async () => {
    const before = await counts(id);
    const bids = await hub.api('POST', `/api/v1/tenders/${id}/bids`, { bids: [WORKED_TENDER.bids[0]] });
    expect(bids.statusCode).toBe(409);
    expect(bids.json().error.message).toContain('The tender is closed');
    const rules = await hub.api('PUT', `/api/v1/tenders/${id}/rules`, rulesWith({}));
    expect(rules.statusCode).toBe(409);
    expect(rules.json().error.message).toBe('The tender is closed: its bids and rules cannot change');
    const score = await hub.api('POST', `/api/v1/tenders/${id}/evaluations`);
    expect(score.statusCode).toBe(409);
    expect(score.json().error.message).toBe('The tender is closed: its evaluation on record is final');
    const again = await hub.api('POST', `/api/v1/tenders/${id}/close`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('The tender is already closed');
    const page = await hub.post(`/tenders/${id}/close`, {});
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('The tender is already closed');
    expect(await counts(id)).toEqual(before);
  });

  it('closes over the API too, naming the revision and the evaluation on record', async () => {
    const other = await startTender(hub, 'CLOSE-2');
    const scored = await hub.api('POST', `/api/v1/tenders/${other}/evaluations`);
    const res = await hub.api('POST', `/api/v1/tenders/${other}/close`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      reference: 'CLOSE-2',
      revision: expect.any(Number),
      evaluationId: scored.json().id,
    });
    const listed = (await hub.api('GET', '/api/v1/tenders')).json() as {
      tenders: { reference: string; status: string }[];
    };
    expect(listed.tenders.find((x) => x.reference === 'CLOSE-2')?.status).toBe('closed');
  });
});
