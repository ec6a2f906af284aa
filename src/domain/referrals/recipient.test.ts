import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addHours } from './instant.ts';
import {
  isLive,
  type RecipientCommand,
  type RecipientState,
  recipientTransition,
  routeRecipient,
  TERMINAL_RECIPIENT_STATUSES,
} from './recipient.ts';
import { dueForExpiry, supersededBy } from './recipient-effects.ts';
import { orThrow } from './transition.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const h = (n: number) => addHours(T0, n);

function routed(over: Partial<RecipientState> = {}): RecipientState {
  return {
    ...routeRecipient(
      {
        id: 'X-1',
        referralId: 'R-1',
        homeId: 'H-1',
        providerOrgId: 'P-1',
        vacancyId: 'V-1',
        stage: 'block',
        respondBy: h(48),
      },
      T0,
    ),
    ...over,
  };
}

/** Applies commands in turn, one hour apart, failing the test on any refusal. */
function run(s: RecipientState, cmds: RecipientCommand[], start = 1) {
  const events = [];
  let state = s;
  for (const [i, c] of cmds.entries()) {
    const out = orThrow(recipientTransition(state, c, h(start + i)));
    state = out.state;
    events.push(...out.events);
  }
  return { state, events };
}

describe('a recipient of a referral', () => {
  it('walks the whole pathway to an accepted offer, stamping every event', () => {
    const { state, events } = run(routed(), [
      { type: 'view' },
      { type: 'express-interest', decideBy: h(80) },
      { type: 'ask-question', questionId: 'Q-1' },
      { type: 'answer-question', questionId: 'Q-1' },
      { type: 'shortlist' },
      { type: 'make-offer', startOn: '2026-03-09', weeklyPrice: 520_000, expiresAt: h(30) },
      { type: 'accept-offer' },
    ]);
    expect(state.status).toBe('accepted');
    expect(state.offer).toMatchObject({ vacancyId: 'V-1', startOn: '2026-03-09', weeklyPrice: 520_000 });
    expect(events.map((e) => e.type)).toEqual([
      'viewed',
      'interest-expressed',
      'papers-released',
      'question-asked',
      'question-answered',
      'shortlisted',
      'offer-made',
      'offer-accepted',
    ]);
    expect(events.map((e) => e.at)).toEqual([h(1), h(2), h(2), h(3), h(4), h(5), h(6), h(7)]);
  });

  it('refuses steps out of order, with the words to show', () => {
    const r = routed();
    const offer = recipientTransition(
      r,
      { type: 'make-offer', startOn: '2026-03-09', expiresAt: h(30) },
      h(1),
    );
    expect(offer).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'An offer can only follow interest in the referral.' },
    });
    expect(recipientTransition(r, { type: 'ask-question', questionId: 'Q' }, h(1)).ok).toBe(false);
    expect(recipientTransition(r, { type: 'accept-offer' }, h(1)).ok).toBe(false);
    expect(recipientTransition(r, { type: 'answer-question', questionId: 'Q' }, h(1)).ok).toBe(false);
  });

  it('needs a reason code to decline, and words when the reason is "Other"', () => {
    const other = recipientTransition(routed(), { type: 'decline', reason: 'other' }, h(1));
    expect(other.ok || other.error.code).toBe('validation');
    const bogus = recipientTransition(routed(), { type: 'decline', reason: 'bored' as never }, h(1));
    expect(bogus.ok).toBe(false);
    const { state, events } = run(routed(), [{ type: 'decline', reason: 'resident-mix' }]);
    expect(state.decline).toEqual({ by: 'provider', reason: 'resident-mix' });
    expect(events[0]).toMatchObject({ type: 'declined', reason: 'resident-mix' });
  });

  it('expires after the response deadline, but not while a question waits on the LA', () => {
    const r = routed();
    expect(recipientTransition(r, { type: 'expire' }, h(47)).ok).toBe(false);
    expect(orThrow(recipientTransition(r, { type: 'expire' }, h(48))).state.status).toBe('expired');
    const asking = run(r, [{ type: 'express-interest' }, { type: 'ask-question', questionId: 'Q-1' }]).state;
    expect(dueForExpiry([asking], h(100))).toEqual([]);
  });

  it('lets an open offer run to its own expiry, and refuses to accept it afterwards', () => {
    const offered = run(routed(), [
      { type: 'express-interest' },
      { type: 'make-offer', startOn: '2026-03-09', expiresAt: h(60) },
    ]).state;
    expect(dueForExpiry([offered], h(50))).toEqual([]);
    expect(recipientTransition(offered, { type: 'accept-offer' }, h(60)).ok).toBe(false);
    const expired = orThrow(recipientTransition(offered, { type: 'expire' }, h(60)));
    expect(expired.events[0]).toMatchObject({ type: 'expired', wasOffered: true });
  });

  it('lets the LA refuse an offer with a reason', () => {
    const offered = run(routed(), [
      { type: 'express-interest' },
      { type: 'make-offer', startOn: '2026-03-09', expiresAt: h(60) },
    ]);
    const out = orThrow(
      recipientTransition(offered.state, { type: 'refuse-offer', reason: 'location' }, h(10)),
    );
    expect(out.state.decline).toEqual({ by: 'la', reason: 'location' });
  });

  it('supersedes the other referrals for the bed and the other homes holding the child', () => {
    const accepted = run(routed(), [
      { type: 'express-interest' },
      { type: 'make-offer', startOn: '2026-03-09', expiresAt: h(60) },
      { type: 'accept-offer' },
    ]).state;
    const sameBed = routed({ id: 'X-2', referralId: 'R-2' });
    const sameChild = routed({ id: 'X-3', homeId: 'H-9', vacancyId: 'V-9', providerOrgId: 'P-9' });
    const unrelated = routed({ id: 'X-4', referralId: 'R-3', vacancyId: 'V-7' });
    const done = { ...routed({ id: 'X-5', referralId: 'R-4' }), status: 'declined' as const };
    const out = supersededBy(accepted, [accepted, sameBed, sameChild, unrelated, done]);
    expect(out).toEqual([
      {
        recipientId: 'X-2',
        command: { type: 'supersede', by: { recipientId: 'X-1', cause: 'vacancy-filled' } },
      },
      {
        recipientId: 'X-3',
        command: { type: 'supersede', by: { recipientId: 'X-1', cause: 'child-placed' } },
      },
    ]);
    expect(supersededBy(accepted, [sameBed], true)).toEqual([]);
  });

  it('never leaves an ended state and never goes back a step (property)', () => {
    const cmd: fc.Arbitrary<RecipientCommand> = fc.oneof(
      fc.constant({ type: 'view' as const }),
      fc.constant({ type: 'express-interest' as const }),
      fc.constantFrom('Q-1', 'Q-2').map((q) => ({ type: 'ask-question' as const, questionId: q })),
      fc.constantFrom('Q-1', 'Q-2').map((q) => ({ type: 'answer-question' as const, questionId: q })),
      fc.constant({ type: 'shortlist' as const }),
      fc.constant({ type: 'make-offer' as const, startOn: '2026-03-09', expiresAt: h(40) }),
      fc.constant({ type: 'accept-offer' as const }),
      fc.constant({ type: 'decline' as const, reason: 'staffing' as const }),
      fc.constant({ type: 'expire' as const }),
      fc.constant({ type: 'withdraw' as const, reason: 'referral-withdrawn' as const }),
    );
    const order = ['routed', 'viewed', 'interested', 'questions', 'shortlisted', 'offered'];
    fc.assert(
      fc.property(fc.array(fc.tuple(cmd, fc.integer({ min: 0, max: 5 })), { maxLength: 25 }), (steps) => {
        let s = routed();
        let t = 0;
        for (const [c, gap] of steps) {
          t += gap;
          const out = recipientTransition(s, c, h(t));
          if (TERMINAL_RECIPIENT_STATUSES.has(s.status)) {
            expect(out.ok).toBe(false);
            continue;
          }
          if (!out.ok) continue;
          for (const e of out.events) expect(e.at).toBe(h(t));
          if (isLive(out.state.status))
            expect(order.indexOf(out.state.status)).toBeGreaterThanOrEqual(order.indexOf(s.status));
          s = out.state;
        }
      }),
    );
  });
});
