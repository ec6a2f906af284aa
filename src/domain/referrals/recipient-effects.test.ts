import { describe, expect, it } from 'vitest';
import { addHours } from './instant.ts';
import { draftReferralState, referralTransition } from './lifecycle.ts';
import {
  type RecipientCommand,
  type RecipientState,
  recipientTransition,
  routeRecipient,
} from './recipient.ts';
import { acceptanceCommand, referralCommandFor, withdrawnWith } from './recipient-effects.ts';
import { orThrow } from './transition.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const h = (n: number) => addHours(T0, n);
const fresh = (id: string, referralId = 'R-1'): RecipientState =>
  routeRecipient(
    {
      id,
      referralId,
      homeId: `H-${id}`,
      providerOrgId: 'P',
      vacancyId: `V-${id}`,
      stage: 'block',
      respondBy: h(48),
    },
    T0,
  );

describe('keeping the referral in step with its recipients', () => {
  it('turns offers made, lapsed and accepted into the referral commands, end to end', () => {
    let referral = orThrow(
      referralTransition(draftReferralState('R-1', T0), { type: 'submit', stage: 'block' }, T0),
    ).state;
    let a = fresh('A');
    let b = fresh('B');
    const step = (r: RecipientState, cmd: RecipientCommand, at: number) => {
      const out = orThrow(recipientTransition(r, cmd, h(at)));
      for (const e of out.events) {
        const c = referralCommandFor(e, r);
        if (c) referral = orThrow(referralTransition(referral, c, h(at))).state;
      }
      return out.state;
    };
    a = step(a, { type: 'express-interest' }, 1);
    a = step(a, { type: 'make-offer', startOn: '2026-03-09', expiresAt: h(40) }, 2);
    b = step(b, { type: 'express-interest' }, 3);
    b = step(b, { type: 'make-offer', startOn: '2026-03-10', expiresAt: h(40) }, 4);
    expect(referral).toMatchObject({ status: 'offered', liveOffers: ['A', 'B'] });
    b = step(b, { type: 'refuse-offer', reason: 'location' }, 5);
    expect(referral.liveOffers).toEqual(['A']);
    a = step(a, { type: 'accept-offer' }, 6);
    const placed = orThrow(
      referralTransition(
        referral,
        acceptanceCommand(a, { placementType: 'residential', contractKind: 'soft-block' }),
        h(6),
      ),
    ).state;
    expect(placed).toMatchObject({
      status: 'placed',
      outcome: 'placed-block',
      placement: { homeId: 'H-A', vacancyId: 'V-A', startOn: '2026-03-09' },
    });
  });

  it('asks nothing of the referral for steps that do not touch an offer', () => {
    const r = fresh('A');
    const out = orThrow(recipientTransition(r, { type: 'decline', reason: 'staffing' }, h(1)));
    expect(referralCommandFor(out.events[0]!, r)).toBeNull();
    expect(() => acceptanceCommand(r, { placementType: 'foster', contractKind: 'spot' })).toThrow(
      /no accepted offer/,
    );
  });

  it('withdraws every live copy of a withdrawn referral, and only those', () => {
    const ended = { ...fresh('C'), status: 'declined' as const };
    expect(withdrawnWith('R-1', [fresh('A'), fresh('B', 'R-2'), ended], 'referral-withdrawn')).toEqual([
      { recipientId: 'A', command: { type: 'withdraw', reason: 'referral-withdrawn' } },
    ]);
  });
});
