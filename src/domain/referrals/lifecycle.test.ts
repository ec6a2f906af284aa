import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addHours } from './instant.ts';
import {
  draftReferralState,
  outcomeForContract,
  type ReferralCommand,
  type ReferralState,
  referralTransition,
  TERMINAL_REFERRAL_STATUSES,
} from './lifecycle.ts';
import { orThrow } from './transition.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const h = (n: number) => addHours(T0, n);

function apply(s: ReferralState, ...cmds: ReferralCommand[]): ReferralState {
  return cmds.reduce((state, c, i) => orThrow(referralTransition(state, c, h(i + 1))).state, s);
}

const accept = (recipientId: string): ReferralCommand => ({
  type: 'accept-offer',
  recipientId,
  homeId: 'H-1',
  vacancyId: 'V-1',
  startOn: '2026-03-09',
  placementType: 'residential',
  contractKind: 'soft-block',
});

describe('a referral lifecycle', () => {
  it('goes from draft to searching to offered to placed, recording the outcome', () => {
    const s = apply(
      draftReferralState('R-1', T0),
      { type: 'submit', stage: 'block' },
      { type: 'offer-received', recipientId: 'X-1' },
      { type: 'offer-received', recipientId: 'X-2' },
    );
    expect(s).toMatchObject({
      status: 'offered',
      stage: 'block',
      stageStartedAt: h(1),
      liveOffers: ['X-1', 'X-2'],
    });
    const out = orThrow(referralTransition(s, accept('X-2'), h(9)));
    expect(out.state).toMatchObject({
      status: 'placed',
      outcome: 'placed-block',
      endedAt: h(9),
      liveOffers: [],
    });
    expect(out.events).toEqual([
      {
        referralId: 'R-1',
        at: h(9),
        type: 'placed',
        outcome: 'placed-block',
        placement: {
          placementType: 'residential',
          startOn: '2026-03-09',
          homeId: 'H-1',
          vacancyId: 'V-1',
          recipientId: 'X-2',
        },
      },
    ]);
  });

  it('goes back to searching when the last open offer lapses', () => {
    const s = apply(
      draftReferralState('R-1', T0),
      { type: 'submit', stage: 'framework' },
      { type: 'offer-received', recipientId: 'X-1' },
      { type: 'offer-lapsed', recipientId: 'X-1' },
    );
    expect(s.status).toBe('searching');
    expect(referralTransition(s, accept('X-1'), h(9)).ok).toBe(false);
  });

  it('closes with an outcome from outside the pathway, which needs the placement type and date', () => {
    const s = apply(draftReferralState('R-1', T0), { type: 'submit', stage: 'block' });
    const missing = referralTransition(s, { type: 'close', outcome: 'placed-in-house' }, h(5));
    expect(missing.ok).toBe(false);
    const closed = orThrow(
      referralTransition(
        s,
        { type: 'close', outcome: 'placed-in-house', placementType: 'foster', startOn: '2026-03-04' },
        h(5),
      ),
    ).state;
    expect(closed).toMatchObject({
      status: 'closed',
      outcome: 'placed-in-house',
      placement: { placementType: 'foster' },
    });
    const none = orThrow(
      referralTransition(s, { type: 'close', outcome: 'no-placement', note: 'Child returned home' }, h(5)),
    );
    expect(none.state).toMatchObject({
      outcome: 'no-placement',
      placement: null,
      endNote: 'Child returned home',
    });
  });

  it('maps the contract a bed sits under to the outcome', () => {
    expect(outcomeForContract('soft-block')).toBe('placed-block');
    expect(outcomeForContract('hard-block')).toBe('placed-block');
    expect(outcomeForContract('framework')).toBe('placed-framework');
    expect(outcomeForContract('spot')).toBe('placed-spot');
  });

  it('keeps ended referrals ended, whatever is tried (property)', () => {
    const cmd = fc.oneof(
      fc.constant<ReferralCommand>({ type: 'submit', stage: 'block' }),
      fc
        .constantFrom('X-1', 'X-2')
        .map<ReferralCommand>((id) => ({ type: 'offer-received', recipientId: id })),
      fc.constantFrom('X-1', 'X-2').map<ReferralCommand>((id) => ({ type: 'offer-lapsed', recipientId: id })),
      fc.constantFrom('X-1', 'X-2').map(accept),
      fc.constant<ReferralCommand>({ type: 'withdraw' }),
      fc.constant<ReferralCommand>({ type: 'close', outcome: 'no-placement' }),
    );
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 20 }), (cmds) => {
        let s = draftReferralState('R-1', T0);
        cmds.forEach((c, i) => {
          const out = referralTransition(s, c, h(i));
          if (TERMINAL_REFERRAL_STATUSES.has(s.status)) expect(out.ok).toBe(false);
          if (!out.ok) return;
          s = out.state;
          expect(s.status === 'offered').toBe(s.liveOffers.length > 0);
          expect(s.outcome !== null).toBe(TERMINAL_REFERRAL_STATUSES.has(s.status));
        });
      }),
    );
  });
});
