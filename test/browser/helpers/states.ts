/**
 * The states the accessibility crawl needs that the demo region does not have, made cheaply
 * through the app itself (in-process requests as the right people, the job runner drained by
 * hand) or, for organisations and people, inserted into the test database:
 *
 * - full: referrals with a question and an offer (the LA's page and the provider's inbox), a
 *   finished draft (check your answers), SSDA903 returns imported with a forecast, a scenario,
 *   a backtest and the forecast shared with the hub, a draft dataset, a refused import, a
 *   business case run against a contract, a tender with bids scored, a published market position
 *   statement and a draft, an Ofsted import and a refused one, and jobs waiting (pending pages);
 * - empty: a region with no data (North East): a hub, an LA (Hartlepool) with a commissioner and
 *   a placement officer, and a provider with no homes: no placements, referrals, contracts, spot
 *   rates, forecasts, business cases, tenders, statements or notifications.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { newTotpSecret } from '../../../src/app/auth/totp.ts';
import { REFERRAL_PAGES } from '../../../src/app/referrals/answers.ts';
import { createUser } from '../../../src/app/users/create-user.ts';
import { setTotp } from '../../../src/db/queries/auth.ts';
import type { DB } from '../../../src/db/schema.ts';
import { WORKED_CRITERIA, WORKED_TENDER } from '../../../src/domain/tenders/testing.ts';
import { generateOfstedList, listToCsv } from '../../fixtures/ofsted/generate-list.ts';
import { type Session, signIn } from '../../helpers/app.ts';

export const EMPTY_PASSWORD = 'a long enough test password';
/** People of the empty region (emails; password EMPTY_PASSWORD). */
export const EMPTY_PEOPLE = {
  commissioner: 'commissioner@hartlepool.example',
  officer: 'officer@hartlepool.example',
  analyst: 'analyst@north-east-hub.example',
  manager: 'manager@empty-provider.example',
} as const;
/** A demo-domain person with two-factor authentication on (the code step shows their code). */
export const TWO_FACTOR_PERSON = 'two-factor.ealing@demo.example';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

export interface States {
  /** A job still queued (its page shows progress), and ones that finished. */
  queuedJobId: string;
  finishedJobId: string;
  /** Ealing's live referral with a question and an offer from Elmtree House. */
  ealingReferralId: string;
  contractId: string;
  /** Pages that share a URL shape with another the crawl visits first, so it would not come back. */
  refusedDatasetId: string;
  backtestId: string;
  monitoredScenarioId: string;
  pendingRunId: string;
  scoredTenderId: string;
  pdsImportJobIds: { imported: string; refused: string };
}

interface Part {
  name: string;
  value?: string;
  fileName?: string;
  bytes?: Buffer;
}

function multipart(parts: Part[]) {
  const boundary = `----a11y${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      p.fileName === undefined
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
    chunks.push(Buffer.from(head), p.bytes ?? Buffer.from(p.value ?? ''), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(app: FastifyInstance, s: Session, url: string, parts: Part[]) {
  const { payload, contentType } = multipart([{ name: '_csrf', value: s.csrf }, ...parts]);
  return app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: s.cookie,
      'content-type': contentType,
      'x-csrf-token': s.csrf,
      accept: 'application/json',
    },
    payload,
  });
}

function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, what: string): T {
  if (res.statusCode >= 400) throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 400)}`);
  return (res.body.startsWith('{') ? res.json() : {}) as T;
}

async function drainJobs(app: FastifyInstance): Promise<void> {
  while (await app.jobs.runOnce()) {
    // every queued job, in this process
  }
}

const BOY = {
  childRef: 'EAL-A11Y-1',
  bornIn: '2012-06',
  sex: 'male',
  primaryNeed: 'ebd',
  risks: ['missing'],
  neededBy: 'gt-5-days',
  latestStart: '2026-12-04',
  siblingCount: 0,
  isPreferredLocationLocal: true,
  familyPostcodeSector: 'W5 3',
  keepSchool: false,
  communicationNeeds: 'no',
  communicationRequirements: ['none'],
  homeAdaptationRequired: false,
  culturalNeeds: 'not-required',
  livingCompanions: 'no-preference',
  pets: 'yes-can',
  additionalSupport: ['na'],
  deprivationOfLiberty: false,
  fosterSuitability: 'suitable-not-preferred',
  residentialSuitability: 'preferred',
  supportedAccommodationSuitability: 'unsuitable',
  penPortrait: 'Loves football; settles with calm adults.',
};

/** The question pages' answers (form field names), for a finished draft. */
const DRAFT_FORM: Record<string, string | string[]> = {
  childRef: 'EAL-A11Y-DRAFT',
  'bornIn-month': '6',
  'bornIn-year': '2012',
  sex: 'male',
  primaryNeed: 'ebd',
  neededBy: 'gt-5-days',
  'latestStart-day': '4',
  'latestStart-month': '12',
  'latestStart-year': '2026',
  siblingCount: '0',
  familyPostcodeSector: 'W5 3',
  keepSchool: 'no',
  isPreferredLocationLocal: 'yes',
  communicationNeeds: 'no',
  communicationRequirements: ['none'],
  culturalNeeds: 'not-required',
  homeAdaptationRequired: 'no',
  livingCompanions: 'no-preference',
  pets: 'yes-can',
  risks: ['missing'],
  residentialSuitability: 'preferred',
  fosterSuitability: 'suitable-not-preferred',
  supportedAccommodationSuitability: 'unsuitable',
  additionalSupport: ['na'],
  deprivationOfLiberty: 'no',
  penPortrait: 'Loves drawing; settles with calm, consistent adults.',
};

async function referrals(app: FastifyInstance): Promise<{ ealingReferralId: string }> {
  const ealing = await signIn(app, 'officer.ealing');
  const hillingdon = await signIn(app, 'officer.hillingdon');
  const elmtree = await signIn(app, 'manager.elmtree');
  const made = ok<{
    referralId: string;
    routing: { sent: Array<{ recipientId: string; homeName: string }> };
  }>(await ealing.api('POST', '/api/v1/referrals', BOY), 'Ealing referral');
  ok(
    await hillingdon.api('POST', '/api/v1/referrals', {
      ...BOY,
      childRef: 'HIL-A11Y-1',
      familyPostcodeSector: 'UB8 1',
    }),
    'Hillingdon referral',
  );
  const copy = made.routing.sent.find((x) => x.homeName === 'Elmtree House')?.recipientId;
  if (!copy) throw new Error('the Ealing referral did not reach Elmtree House');
  ok(await elmtree.api('POST', `/api/v1/inbox/${copy}/interest`), 'interest');
  const papers = ok<{ freeBeds: Array<{ id: string }> }>(
    await elmtree.api('GET', `/api/v1/inbox/${copy}`),
    'papers',
  );
  ok(await elmtree.api('POST', `/api/v1/inbox/${copy}/questions`, { body: 'Any allergies?' }), 'question');
  ok(
    await elmtree.api('POST', `/api/v1/inbox/${copy}/offer`, {
      bedId: papers.freeBeds[0]!.id,
      startOn: '2026-11-24',
      weeklyPricePence: 445_000,
    }),
    'offer',
  );

  // A draft with every page answered: "check your answers", and each question page through "Change".
  const started = await ealing.post('/referrals/new', {});
  const draftUrl = started.headers.location!.replace(/\/[^/]+$/, '');
  for (const page of REFERRAL_PAGES) {
    const res = await ealing.post(`${draftUrl}/${page.slug}`, DRAFT_FORM);
    if (res.statusCode !== 303) throw new Error(`draft page ${page.slug}: ${res.statusCode}`);
  }
  return { ealingReferralId: made.referralId };
}

async function forecasting(
  app: FastifyInstance,
): Promise<{ datasetId: string; refusedDatasetId: string; backtestId: string }> {
  const s = await signIn(app, 'commissioner.ealing');
  const sample = join(FIXTURES, 'ssda903', 'la-small');
  const parts: Part[] = [{ name: 'name', value: 'Synthetic returns 2021-22 to 2023-24' }];
  for (const year of ['2022', '2023', '2024'])
    for (const f of ['header.csv', 'episodes.csv', 'uasc.csv'])
      parts.push({ name: 'files', fileName: `${year}_${f}`, bytes: readFileSync(join(sample, year, f)) });
  const { datasetId } = ok<{ datasetId: string }>(
    await upload(app, s, '/api/v1/forecasting/datasets', parts),
    'SSDA903 upload',
  );
  // A refused import (a bad code), and a draft with no files.
  const bad = join(FIXTURES, 'ssda903', 'bad-code', '2023');
  const refused = ok<{ datasetId: string }>(
    await upload(app, s, '/api/v1/forecasting/datasets', [
      { name: 'name', value: 'A bad extract' },
      { name: 'year', value: '2023' },
      { name: 'files', fileName: 'header.csv', bytes: readFileSync(join(bad, 'header.csv')) },
      { name: 'files', fileName: 'episodes.csv', bytes: readFileSync(join(bad, 'episodes.csv')) },
    ]),
    'bad SSDA903 upload',
  );
  ok(await s.post('/forecasting/datasets', { name: 'Returns still to add' }), 'draft dataset');
  await drainJobs(app);

  const { forecastId } = ok<{ forecastId: string }>(
    await s.api('POST', '/api/v1/forecasts', {
      datasetId,
      horizonMonths: 12,
      simulations: 100,
      seed: 1,
      scenarios: [{ name: 'Fewer entries', entryChange: -0.25 }],
    }),
    'forecast',
  );
  const { backtestId } = ok<{ backtestId: string }>(
    await s.api('POST', '/api/v1/backtests', {
      datasetId,
      cutoffs: ['2023-03-31'],
      horizonMonths: 6,
      simulations: 100,
      seed: 1,
    }),
    'backtest',
  );
  await drainJobs(app);
  ok(await s.api('POST', `/api/v1/forecasts/${forecastId}/share`, { shared: true }), 'share');
  return { datasetId, refusedDatasetId: refused.datasetId, backtestId };
}

async function businessCases(
  app: FastifyInstance,
  contractId: string,
  ealingOrgId: string,
): Promise<{ sharedScenarioId: string; monitoredScenarioId: string }> {
  const s = await signIn(app, 'commissioner.ealing');
  const hub = await signIn(app, 'analyst.hub');
  const file = (name: string) => ({
    name,
    startDate: '2027-04-01',
    termMonths: 24,
    las: [{ code: '307', name: 'Ealing', referralsPerYear: 6, share: 1 }],
    stayLength: { kind: 'exponential', meanDays: 240 },
    matching: { probability: 0.7, days: 14 },
    block: { beds: 2, weeklyPounds: 4800 },
    spot: { weeklyPounds: 6000, outOfAreaProbability: 0.6 },
    simulation: { runs: 200, seed: 4 },
  });
  const run = ok<{ id: string }>(
    await s.api('POST', `/api/v1/scenarios?contractId=${contractId}`, file('Ealing two-bed block')),
    'scenario',
  );
  ok(await s.api('POST', `/api/v1/scenarios/${run.id}/runs`, {}), 'run');
  ok(await s.api('POST', '/api/v1/scenarios', file('Ealing: not run yet')), 'scenario not run');
  const shared = ok<{ id: string }>(
    await hub.api('POST', '/api/v1/scenarios', file('Hub: shared with Ealing')),
    'hub scenario',
  );
  ok(await hub.post(`/business-cases/${shared.id}/sharing`, { la: [ealingOrgId] }), 'sharing');
  await drainJobs(app);
  return { sharedScenarioId: shared.id, monitoredScenarioId: run.id };
}

/** Jobs left queued (nothing runs them): the "still running" pages of a forecast, a backtest and a run. */
async function pendingJobs(
  app: FastifyInstance,
  datasetId: string,
  scenarioId: string,
): Promise<{ jobId: string; runId: string }> {
  const s = await signIn(app, 'commissioner.ealing');
  const hub = await signIn(app, 'analyst.hub');
  ok(
    await s.api('POST', '/api/v1/forecasts', { datasetId, horizonMonths: 12, simulations: 100 }),
    'pending forecast',
  );
  ok(
    await s.api('POST', '/api/v1/backtests', {
      datasetId,
      cutoffs: ['2023-03-31'],
      horizonMonths: 6,
      simulations: 100,
    }),
    'pending backtest',
  );
  const run = ok<{ jobId: string; runId: string }>(
    await hub.api('POST', `/api/v1/scenarios/${scenarioId}/runs`, {}),
    'pending run',
  );
  return run;
}

async function regional(hub: Session, ealingOrgId: string): Promise<string> {
  // A tender with bids, scored; another with none.
  const criteria = WORKED_CRITERIA.map(({ label, weight, maxScore }) => ({ label, weight, maxScore }));
  const { id } = ok<{ id: string }>(
    await hub.api('POST', '/api/v1/tenders', {
      reference: 'WL-T-A11Y-1',
      name: 'West London residential block beds',
      lots: [{ code: '1', name: 'Residential beds' }],
      criteria,
      parties: [ealingOrgId],
    }),
    'tender',
  );
  ok(await hub.api('POST', `/api/v1/tenders/${id}/bids`, { bids: WORKED_TENDER.bids }), 'bids');
  ok(await hub.api('POST', `/api/v1/tenders/${id}/evaluations`), 'scoring');
  ok(
    await hub.api('POST', '/api/v1/tenders', {
      reference: 'WL-T-A11Y-2',
      name: 'Solo and complex placements',
      lots: [{ code: '1', name: 'Solo' }],
      criteria,
      parties: [ealingOrgId],
    }),
    'empty tender',
  );
  // A market position statement published, and a draft.
  const statement = ok<{ id: string }>(
    await hub.api('POST', '/api/v1/regional/market-position'),
    'statement',
  );
  ok(await hub.api('POST', `/api/v1/regional/market-position/${statement.id}/publish`), 'publish');
  ok(await hub.api('POST', '/api/v1/regional/market-position'), 'draft statement');
  return id;
}

/** A Placements Data Standard import that worked and one that was refused (the result pages). */
async function pdsImports(app: FastifyInstance): Promise<{ imported: string; refused: string }> {
  const s = await signIn(app, 'officer.ealing');
  const example = readFileSync(
    join(
      import.meta.dirname,
      '..',
      '..',
      '..',
      'docs',
      'examples',
      'placements-standard',
      'referrals-and-placements.csv',
    ),
  );
  const send = async (fileName: string, bytes: Buffer) =>
    ok<{ jobId: string }>(
      await upload(app, s, '/api/v1/referrals/import', [{ name: 'file', fileName, bytes }]),
      fileName,
    ).jobId;
  const imported = await send('referrals.csv', example);
  const refused = await send(
    'bad.csv',
    Buffer.from('child_ID,when_placement_is_needed_by\nEAL-1,Tomorrow\n'),
  );
  await drainJobs(app);
  return { imported, refused };
}

async function ofsted(app: FastifyInstance, hub: Session): Promise<string> {
  const good = await upload(app, hub, '/directory/ofsted', [
    { name: 'file', fileName: 'providers.csv', bytes: listToCsv(generateOfstedList('la-list', 12, 31)) },
  ]);
  if (good.statusCode !== 303)
    throw new Error(`Ofsted upload: ${good.statusCode} ${good.body.slice(0, 300)}`);
  const bad = await upload(app, hub, '/directory/ofsted', [
    {
      name: 'file',
      fileName: 'bad-postcodes.csv',
      bytes: readFileSync(join(FIXTURES, 'ofsted', 'bad-postcodes.csv')),
    },
  ]);
  if (bad.statusCode !== 303) throw new Error(`Ofsted upload: ${bad.statusCode}`);
  await drainJobs(app);
  return good.headers.location!.split('/').pop()!;
}

/** An organisation and its people in a region with no data. */
async function emptyRegion(db: Kysely<DB>): Promise<void> {
  const region = 'E12000001';
  const orgs = await db
    .insertInto('organisation')
    .values([
      {
        kind: 'hub',
        name: 'North East Children’s Commissioning Hub',
        region_code: region,
        la_code: null,
        ons_code: null,
      },
      {
        kind: 'local-authority',
        name: 'Hartlepool',
        region_code: region,
        la_code: '805',
        ons_code: 'E06000001',
      },
      { kind: 'provider', name: 'Empty Provider Ltd', region_code: region, la_code: null, ons_code: null },
    ])
    .returning(['id', 'kind'])
    .execute();
  const org = (kind: string) => orgs.find((o) => o.kind === kind)!.id;
  const people = [
    { email: EMPTY_PEOPLE.analyst, role: 'hub-analyst', orgId: org('hub') },
    { email: EMPTY_PEOPLE.commissioner, role: 'commissioner', orgId: org('local-authority') },
    { email: EMPTY_PEOPLE.officer, role: 'placement-officer', orgId: org('local-authority') },
    { email: EMPTY_PEOPLE.manager, role: 'provider-manager', orgId: org('provider') },
  ] as const;
  for (const p of people)
    await createUser(db, { ...p, displayName: `Test ${p.role}`, password: EMPTY_PASSWORD });
}

/** A person who must give a code after the password (the demo domain shows it on the page). */
async function twoFactorPerson(db: Kysely<DB>): Promise<void> {
  const ealing = await db
    .selectFrom('organisation')
    .select('id')
    .where('la_code', '=', '307')
    .executeTakeFirstOrThrow();
  const { id } = await createUser(db, {
    email: TWO_FACTOR_PERSON,
    displayName: 'Two-factor tester',
    role: 'commissioner',
    password: EMPTY_PASSWORD,
    orgId: ealing.id,
  });
  await setTotp(db, id, { secret: newTotpSecret(), enabledAt: new Date() });
}

export async function prepareStates(app: FastifyInstance, db: Kysely<DB>): Promise<States> {
  const ealing = await db
    .selectFrom('organisation')
    .select('id')
    .where('la_code', '=', '307')
    .executeTakeFirstOrThrow();
  const contract = await db
    .selectFrom('contract')
    .select('id')
    .where('reference', '=', 'WL-SB-001')
    .executeTakeFirstOrThrow();
  const hub = await signIn(app, 'analyst.hub');
  const { ealingReferralId } = await referrals(app);
  const { datasetId, refusedDatasetId, backtestId } = await forecasting(app);
  const { sharedScenarioId, monitoredScenarioId } = await businessCases(app, contract.id, ealing.id);
  const scoredTenderId = await regional(hub, ealing.id);
  const finishedJobId = await ofsted(app, hub);
  const pdsImportJobIds = await pdsImports(app);
  const pending = await pendingJobs(app, datasetId, sharedScenarioId);
  await emptyRegion(db);
  await twoFactorPerson(db);
  return {
    queuedJobId: pending.jobId,
    finishedJobId,
    ealingReferralId,
    contractId: contract.id,
    refusedDatasetId,
    backtestId,
    monitoredScenarioId,
    pendingRunId: pending.runId,
    scoredTenderId,
    pdsImportJobIds,
  };
}
