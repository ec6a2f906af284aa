import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECLINE_REASONS, REFERRAL_OUTCOMES } from '../shared/codes.ts';
import { buildReferral } from './fixtures.ts';
import { addHours } from './instant.ts';
import { draftReferralState, type ReferralCommand, referralTransition } from './lifecycle.ts';
import { type OutcomeRecord, outcomeRecord } from './outcome.ts';
import { type RecipientState, routeRecipient } from './recipient.ts';
import { median, summariseOutcomes } from './sought-secured.ts';
import { orThrow } from './transition.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const h = (n: number) => addHours(T0, n);

function recipient(id: string, providerOrgId: string, decline: RecipientState['decline']): RecipientState {
  const r = routeRecipient(
    {
      id,
      referralId: 'R-1',
      homeId: `H-${id}`,
      providerOrgId,
      vacancyId: null,
      stage: 'block',
      respondBy: h(48),
    },
    T0,
  );
  return { ...r, status: decline ? 'declined' : r.status, decline };
}

describe('the outcome of one referral', () => {
  it('records sought vs secured, days to place, providers approached and decline reasons', () => {
    const referral = buildReferral({ id: 'R-1' }); // residential preferred
    const cmds: ReferralCommand[] = [
      { type: 'submit', stage: 'block' },
      { type: 'close', outcome: 'placed-spot', placementType: 'foster', startOn: '2026-03-12' },
    ];
    const state = cmds.reduce(
      (s, c, i) => orThrow(referralTransition(s, c, h(i * 24))).state,
      draftReferralState('R-1', T0),
    );
    const recipients = [
      recipient('X-1', 'P-1', { by: 'provider', reason: 'resident-mix' }),
      recipient('X-2', 'P-1', { by: 'provider', reason: 'staffing' }),
      recipient('X-3', 'P-2', { by: 'la', reason: 'location' }),
    ];
    expect(outcomeRecord(referral, state, recipients)).toEqual({
      referralId: 'R-1',
      laCode: '312',
      outcome: 'placed-spot',
      submittedOn: '2026-03-02',
      endedOn: '2026-03-03',
      idealPlacementType: 'residential',
      actualPlacementType: 'foster',
      idealMet: false,
      daysToPlace: 10,
      providersApproached: 2,
      declineReasons: ['resident-mix', 'staffing'],
      stageReached: 'block',
    });
  });

  it('refuses a referral that has not ended', () => {
    expect(() => outcomeRecord(buildReferral(), draftReferralState('R-1', T0), [])).toThrow(/not ended/);
  });
});

const arbRecord: fc.Arbitrary<OutcomeRecord> = fc
  .record({
    la: fc.constantFrom('312', '304', '313'),
    outcome: fc.constantFrom(...(Object.keys(REFERRAL_OUTCOMES) as (keyof typeof REFERRAL_OUTCOMES)[])),
    ideal: fc.constantFrom('residential' as const, 'foster' as const, null),
    actual: fc.constantFrom('residential' as const, 'foster' as const, 'supported-accommodation' as const),
    days: fc.nat(60),
    approached: fc.nat(12),
    declines: fc.array(
      fc.constantFrom(...(Object.keys(DECLINE_REASONS) as (keyof typeof DECLINE_REASONS)[])),
      { maxLength: 4 },
    ),
  })
  .map((x) => {
    const placed = x.outcome.startsWith('placed');
    return {
      referralId: `R-${x.la}-${x.days}-${x.approached}`,
      laCode: x.la,
      outcome: x.outcome,
      submittedOn: '2026-01-01',
      endedOn: '2026-02-01',
      idealPlacementType: x.ideal,
      actualPlacementType: placed ? x.actual : null,
      idealMet: placed && x.ideal ? x.ideal === x.actual : null,
      daysToPlace: placed ? x.days : null,
      providersApproached: x.approached,
      declineReasons: x.declines,
      stageReached: 'block' as const,
    };
  });

describe('sought vs secured per LA', () => {
  it('counts, takes medians and percentages per LA and overall', () => {
    const base = {
      submittedOn: '2026-01-01',
      endedOn: '2026-02-01',
      declineReasons: [],
      stageReached: 'block' as const,
    };
    const records: OutcomeRecord[] = [
      {
        ...base,
        referralId: 'a',
        laCode: '312',
        outcome: 'placed-block',
        idealPlacementType: 'residential',
        actualPlacementType: 'residential',
        idealMet: true,
        daysToPlace: 4,
        providersApproached: 2,
      },
      {
        ...base,
        referralId: 'b',
        laCode: '312',
        outcome: 'placed-spot',
        idealPlacementType: 'foster',
        actualPlacementType: 'residential',
        idealMet: false,
        daysToPlace: 9,
        providersApproached: 7,
        declineReasons: ['needs-not-met', 'needs-not-met'],
      },
      {
        ...base,
        referralId: 'c',
        laCode: '312',
        outcome: 'no-placement',
        idealPlacementType: 'foster',
        actualPlacementType: null,
        idealMet: null,
        daysToPlace: null,
        providersApproached: 10,
      },
      {
        ...base,
        referralId: 'd',
        laCode: '304',
        outcome: 'withdrawn',
        idealPlacementType: null,
        actualPlacementType: null,
        idealMet: null,
        daysToPlace: null,
        providersApproached: 0,
      },
    ];
    const { perLa, overall } = summariseOutcomes(records);
    expect(perLa.map((s) => s.laCode)).toEqual(['304', '312']);
    const hil = perLa[1]!;
    expect(hil).toMatchObject({
      referrals: 3,
      placed: 2,
      placedPercent: 66.7,
      placedWithIdeal: 2,
      idealMet: 1,
      idealMetPercent: 50,
      medianDaysToPlace: 6.5,
      medianProvidersApproached: 7,
    });
    expect(hil.byOutcome['placed-block']).toBe(1);
    expect(hil.declineReasons['needs-not-met']).toBe(2);
    expect(hil.soughtVsSecured).toEqual([
      { sought: 'residential', secured: 'residential', count: 1 },
      { sought: 'foster', secured: 'residential', count: 1 },
      { sought: 'foster', secured: 'not-placed', count: 1 },
    ]);
    expect(perLa[0]).toMatchObject({ placedPercent: 0, idealMetPercent: null, medianDaysToPlace: null });
    expect(overall).toMatchObject({ laCode: null, referrals: 4, placed: 2, placedPercent: 50 });
  });

  it('adds up: outcomes, cells and LAs all sum to the referrals (property)', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 40 }), (records) => {
        const { perLa, overall } = summariseOutcomes(records);
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(sum(perLa.map((s) => s.referrals))).toBe(records.length);
        for (const s of [...perLa, overall]) {
          expect(sum(Object.values(s.byOutcome))).toBe(s.referrals);
          expect(sum(s.soughtVsSecured.map((c) => c.count))).toBe(s.referrals);
          expect(s.idealMet).toBeLessThanOrEqual(s.placedWithIdeal);
        }
        expect(sum(Object.values(overall.declineReasons))).toBe(
          sum(records.map((r) => r.declineReasons.length)),
        );
      }),
    );
  });

  it('takes the median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });
});
