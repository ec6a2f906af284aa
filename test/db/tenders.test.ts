/**
 * Tenders through the pages: a hub analyst starts a tender, uploads the documented bids file
 * (docs/examples/tenders/bids.csv, the worked example of docs/tenders.md), scores it and reads the
 * hand-checked ranking and award; changes the weighting (kept in the history with who and when)
 * and sees the winner change where the sensitivity view says it does; bad files are refused with
 * row and column and write nothing; participating LAs read, others cannot.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const BIDS = readFileSync(new URL('../../docs/examples/tenders/bids.csv', import.meta.url));

function uploadBids(
  app: ReturnType<typeof t>['app'],
  s: Session,
  tenderId: string,
  fileName: string,
  bytes: Buffer | string,
  fields: Record<string, string> = {},
) {
  const boundary = `----sufficiency${Math.random().toString(16).slice(2)}`;
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head =
    part('_csrf', s.csrf) +
    Object.entries(fields)
      .map(([k, v]) => part(k, v))
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
  return app.inject({
    method: 'POST',
    url: `/tenders/${tenderId}/bids/upload`,
    headers: { cookie: s.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

const text = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function countRows(table: 'tender_bid' | 'tender_event' | 'tender_evaluation', tenderId: string) {
  const r = await t()
    .database.db.selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tender_id', '=', tenderId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('a tender, scored through the pages', () => {
  let hub: Session;
  let tenderId: string;
  let ealingId: string;

  beforeAll(async () => {
    hub = await signIn(t().app, 'analyst.hub');
    ealingId = (
      await t()
        .database.db.selectFrom('organisation')
        .select('id')
        .where('la_code', '=', '307')
        .executeTakeFirstOrThrow()
    ).id;
  });

  it('refuses a tender whose criteria do not add up to 100, naming the field', async () => {
    const res = await hub.post('/tenders/new', {
      reference: 'WL-T-BAD',
      name: 'Bad',
      lots: '1: Residential',
      criteria: 'Safeguarding, 40, 5\nOutcomes, 30, 5',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The weights must add up to 100 (they add up to 70)');
    expect(res.body).toContain('href="#criteria"');
  });

  it('starts a tender with two lots, three criteria and Ealing taking part', async () => {
    const res = await hub.post('/tenders/new', {
      reference: 'WL-T-2026-01',
      name: 'West London residential block beds',
      lots: '1: Residential beds\n2: Solo and complex',
      criteria: 'Safeguarding, 40, 5\nOutcomes, 30, 5\nStaffing, 30, 5',
      parties: [ealingId],
    });
    expect(res.statusCode).toBe(303);
    tenderId = res.headers.location!.split('/').at(-1)!;
    const page = await hub.get(`/tenders/${tenderId}`);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Price 70%, quality 30%');
  });

  it('refuses a bad bids file with every problem by row and column, and writes nothing', async () => {
    const bad = [
      'lot,bid_ref,provider,home,urn,beds,weekly_price,"quality: Safeguarding (weight 40, max 5)","quality: Outcomes (weight 30, max 5)","quality: Staffing (weight 30, max 5)"',
      '1,B1,Acorn Care,Oak House,SC100001,three,4200,4,4,3',
      '1,B2,Birch Homes,Birch Lodge,SC200001,6,lots,3,3,3',
      '1,B3,Cedar Group,Cedar View,,2,5000,7,5,5',
      '9,B4,Dove Care,Dove Cottage,SC400001,4,4500,2,3,2',
    ].join('\n');
    const res = await uploadBids(t().app, hub, tenderId, 'bad.csv', bad);
    expect(res.statusCode).toBe(400);
    const body = text(res.body);
    expect(body).toContain('Row 2, column “beds”: "three" is not a whole number of beds');
    expect(body).toContain('Row 3, column “weekly_price”');
    expect(body).toContain(
      'Row 4, column “quality: Safeguarding (weight 40, max 5)”: "7" is not a mark from 0 to 5',
    );
    expect(body).toContain('Nothing was saved');
    expect(await countRows('tender_bid', tenderId)).toBe(0);
    // A lot the tender does not have, in an otherwise sound file.
    const wrongLot = readFileSync(
      new URL('../../docs/examples/tenders/bids.csv', import.meta.url),
      'utf8',
    ).replace('\n2,N1', '\n3,N1');
    const res2 = await uploadBids(t().app, hub, tenderId, 'bids.csv', wrongLot);
    expect(res2.statusCode).toBe(400);
    expect(text(res2.body)).toContain('Row 7, column “lot”: lot 3 is not one of this tender’s lots (1, 2)');
    // Criteria the tender does not mark by.
    const wrongWeights = BIDS.toString('utf8')
      .replace('Safeguarding (weight 40', 'Safeguarding (weight 50')
      .replace('Outcomes (weight 30', 'Outcomes (weight 20');
    const res3 = await uploadBids(t().app, hub, tenderId, 'bids.csv', wrongWeights);
    expect(res3.statusCode).toBe(400);
    expect(text(res3.body)).toContain(
      'the tender marks Safeguarding with weight 40 out of 5, not weight 50 out of 5',
    );
    expect(await countRows('tender_bid', tenderId)).toBe(0);
  });

  it('takes the documented bids file and scores it as worked by hand', async () => {
    const res = await uploadBids(t().app, hub, tenderId, 'bids.csv', BIDS);
    expect(res.statusCode, text(res.body).slice(0, 3000)).toBe(303);
    expect(await countRows('tender_bid', tenderId)).toBe(6);
    const scored = await hub.post(`/tenders/${tenderId}/score`, {});
    expect(scored.statusCode).toBe(303);
    expect(scored.headers.location).toBe(`/tenders/${tenderId}/evaluation`);
    const page = text((await hub.get(`/tenders/${tenderId}/evaluation`)).body);
    // Lot 1 at 70:30, lowest price relative (docs/tenders.md section 5):
    //  B2 £3,900: 70.00 + 18.00 = 88.00; B1 £4,200: 65.00 + 22.20 = 87.20;
    //  B3 £5,000: 54.60 + 30.00 = 84.60; B4 £4,500: 60.67 + 13.80 = 74.47.
    expect(page).toMatch(/1 1 B2 Birch Homes 6 £3,900\.00 70 60% 18 88/);
    expect(page).toMatch(/1 2 B1 Acorn Care 7 £4,200\.00 65 74% 22\.2 87\.2/);
    expect(page).toMatch(/1 3 B3 Cedar Group 2 £5,000\.00 54\.6 100% 30 84\.6/);
    expect(page).toMatch(/1 4 B4 Dove Care 4 £4,500\.00 60\.67 46% 13\.8 74\.47/);
    // Award: Birch Lodge 5 (capped), Oak 3, Elm 4, Cedar 2, Dove 4 = 18 beds, £76,900 a week.
    expect(page).toContain(
      'Lot 1. 18 beds from 4 providers (Birch Homes, Acorn Care, Cedar Group, Dove Care), £76,900.00 a week, £3,998,800.00 for 52 weeks.',
    );
    expect(page).toMatch(/Birch Lodge 6 5 £3,900\.00 £19,500\.00 capped at 5 beds a setting/);
    // Lot 2: N2 £4,800: 70.00 + 18.00 = 88.00; N1 £5,200: 4,800 ÷ 5,200 × 70 = 64.62 + 22.20 = 86.82.
    expect(page).toMatch(/2 1 N2 Fir Homes 3 £4,800\.00 70 60% 18 88/);
    expect(page).toMatch(/2 2 N1 Elm Tree Care 4 £5,200\.00 64\.62 74% 22\.2 86\.82/);
    // Sensitivity: B3 leads up to 63.64%, B1 to 66.22%, then B2.
    expect(page).toContain('Above a price weight of 63.64%, B1 ranks first instead of B3.');
    expect(page).toContain('Above a price weight of 66.22%, B2 ranks first instead of B1.');
    // The audit trail has the arithmetic.
    expect(page).toContain('Price: lowest £3,900.00 ÷ price £4,500.00 × 70 = 60.67.');
  });

  it('keeps who changed the weights and when, and the winner changes where the sensitivity said', async () => {
    const before = await countRows('tender_event', tenderId);
    const res = await hub.post(`/tenders/${tenderId}/rules`, {
      priceWeight: '60',
      qualityWeight: '40',
      priceMethod: 'lowest-relative',
      priceCeiling: '',
      minQuality: '0',
      minBeds: '6',
      maxBeds: '18',
      maxProviders: '8',
      maxBedsPerSetting: '5',
      sensitivityFrom: '50',
      sensitivityTo: '90',
      sensitivityStep: '5',
    });
    expect(res.statusCode).toBe(303);
    expect(await countRows('tender_event', tenderId)).toBe(before + 1);
    const show = text((await hub.get(`/tenders/${tenderId}`)).body);
    expect(show).toContain('Rules changed price weight from 70 to 60; quality weight from 30 to 40');
    expect(show).toMatch(/\d{2}:\d{2} Hub analyst Rules changed/);
    expect(show).toContain('The bids or the rules have changed since the last scoring');
    await hub.post(`/tenders/${tenderId}/score`, {});
    const page = text((await hub.get(`/tenders/${tenderId}/evaluation`)).body);
    // At 60:40: B3 46.80 + 40.00 = 86.80; B1 55.71 + 29.60 = 85.31; B2 60.00 + 24.00 = 84.00; B4 52.00 + 18.40 = 70.40.
    expect(page).toMatch(/1 1 B3 Cedar Group 2 £5,000\.00 46\.8 100% 40 86\.8/);
    expect(page).toMatch(/1 2 B1 Acorn Care 7 £4,200\.00 55\.71 74% 29\.6 85\.31/);
    expect(page).toMatch(/1 3 B2 Birch Homes 6 £3,900\.00 60 60% 24 84/);
    expect(page).toMatch(/1 4 B4 Dove Care 4 £4,500\.00 52 46% 18\.4 70\.4/);
    expect(await countRows('tender_evaluation', tenderId)).toBe(2);
  });

  it('exports the evaluation as a workbook with the same figures and the history of changes', async () => {
    const res = await hub.get(`/tenders/${tenderId}/evaluation.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('tender-WL-T-2026-01-evaluation.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Scores and ranking',
      'Award',
      'Quality marks',
      'Sensitivity to the weighting',
      'Where bids swap places',
      'Audit trail',
      'Changes',
    ]);
    const scores = wb.getWorksheet('Scores and ranking')!;
    const values = scores.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : r));
    expect(
      values.some((r) => Array.isArray(r) && r[2] === 'B3' && r[9] === 86.8),
      JSON.stringify(values),
    ).toBe(true);
    const changes = wb.getWorksheet('Changes')!;
    expect(JSON.stringify(changes.getSheetValues())).toContain('price weight from 70 to 60');
  });

  it('enters a bid by hand, refuses a home already offered in the lot, and removes a bid', async () => {
    const clash = await hub.post(`/tenders/${tenderId}/bids/new`, {
      lot: '1',
      bidRef: 'B5',
      provider: 'Elder Care',
      weeklyPrice: '4100',
      homes: 'Oak House, SC100001, 2',
      'mark-safeguarding': '3',
      'mark-outcomes': '3',
      'mark-staffing': '3',
    });
    expect(clash.statusCode).toBe(400);
    expect(text(clash.body)).toContain('Oak House is already offered in lot 1 by bid B1');
    const ok = await hub.post(`/tenders/${tenderId}/bids/new`, {
      lot: '1',
      bidRef: 'B5',
      provider: 'Elder Care',
      weeklyPrice: '£4,100.00',
      homes: 'Ash Lodge, 2',
      'mark-safeguarding': '3',
      'mark-outcomes': '3.5',
      'mark-staffing': '3',
    });
    expect(ok.statusCode).toBe(303);
    expect(await countRows('tender_bid', tenderId)).toBe(7);
    const bid = await t()
      .database.db.selectFrom('tender_bid')
      .select('id')
      .where('tender_id', '=', tenderId)
      .where('ref', '=', 'B5')
      .executeTakeFirstOrThrow();
    const removed = await hub.post(`/tenders/${tenderId}/bids/${bid.id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(await countRows('tender_bid', tenderId)).toBe(6);
  });

  it('lets the commissioners of participating LAs read it, and nobody else', async () => {
    const ealing = await signIn(t().app, 'commissioner.ealing');
    expect((await ealing.get('/tenders')).body).toContain('WL-T-2026-01');
    const page = await ealing.get(`/tenders/${tenderId}/evaluation`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Score the bids');
    expect((await ealing.post(`/tenders/${tenderId}/score`, {})).statusCode).toBe(403);
    expect((await ealing.get(`/tenders/${tenderId}/rules`)).statusCode).toBe(403);
    const brent = await signIn(t().app, 'commissioner.brent');
    expect((await brent.get(`/tenders/${tenderId}`)).statusCode).toBe(404);
    expect((await brent.get('/tenders')).body).not.toContain('WL-T-2026-01');
    const officer = await signIn(t().app, 'officer.ealing');
    expect((await officer.get(`/tenders/${tenderId}`)).statusCode).toBe(403);
    const provider = await signIn(t().app, 'manager.elmtree');
    expect((await provider.get('/tenders')).statusCode).toBe(403);
  });
});
