import { describe, expect, it } from 'vitest';
import { matchOptions } from '../matching/score.ts';
import { buildHome, buildReferral, gridPoint } from './fixtures.ts';
import { addHours } from './instant.ts';
import { draftReferralState, type ReferralState, referralTransition } from './lifecycle.ts';
import { type RecipientState, routeRecipient } from './recipient.ts';
import {
  canWiden,
  DEFAULT_ROUTING_POLICY,
  initialStage,
  planRouting,
  type RoutingCandidate,
  widenSearch,
} from './routing.ts';
import { orThrow } from './transition.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const h = (n: number) => addHours(T0, n);
const match = matchOptions('2026-03-02');
const referral = buildReferral();

function candidate(
  id: string,
  stage: RoutingCandidate['stage'],
  over: Parameters<typeof buildHome>[0] = {},
): RoutingCandidate {
  return {
    target: {
      home: buildHome({ id, providerOrgId: `P-${id}`, name: `Home ${id}`, ...over }),
      residents: [],
      vacancy: { id: `V-${id}`, beds: 1, availableFrom: '2026-03-05' },
    },
    stage,
  };
}

function sentTo(
  homeId: string,
  stage: RecipientState['stage'],
  status: RecipientState['status'] = 'routed',
): RecipientState {
  return {
    ...routeRecipient(
      {
        id: `X-${homeId}`,
        referralId: referral.id,
        homeId,
        providerOrgId: `P-${homeId}`,
        vacancyId: `V-${homeId}`,
        stage,
        respondBy: h(48),
      },
      T0,
    ),
    status,
  };
}

const searching = (stage: RoutingStage): ReferralState =>
  orThrow(referralTransition(draftReferralState(referral.id, T0), { type: 'submit', stage }, T0)).state;
type RoutingStage = RecipientState['stage'];

describe('routing a referral', () => {
  const candidates = [
    candidate('A', 'block'),
    candidate('B', 'block', { sexes: ['male'] }),
    candidate('C', 'framework'),
    candidate('D', 'block', { location: gridPoint(380_000, 400_000) }),
  ];

  it('sends to block homes that fit, best first, and tells the LA why the others were not sent', () => {
    const plan = planRouting(referral, candidates, {
      stage: 'block',
      already: [],
      policy: DEFAULT_ROUTING_POLICY,
      match,
      now: T0,
    });
    expect(plan.send.map((s) => s.homeId)).toEqual(['A', 'D']);
    expect(plan.send[0]!.respondBy).toBe(h(48));
    expect(plan.refused).toEqual([
      expect.objectContaining({
        homeId: 'B',
        failures: [
          expect.objectContaining({
            rule: 'sex',
            message: expect.stringContaining('Home B is registered for boys'),
          }),
        ],
      }),
    ]);
  });

  it('includes framework homes once widened, skipping homes already sent', () => {
    const plan = planRouting(referral, candidates, {
      stage: 'framework',
      already: [sentTo('A', 'block')],
      policy: DEFAULT_ROUTING_POLICY,
      match,
      now: T0,
    });
    expect(plan.send.map((s) => [s.homeId, s.stage])).toEqual([
      ['C', 'framework'],
      ['D', 'block'],
    ]);
  });

  it('caps the providers reached, counting those already reached', () => {
    const policy = { ...DEFAULT_ROUTING_POLICY, maxProviders: 2 };
    const plan = planRouting(referral, candidates, {
      stage: 'framework',
      already: [sentTo('A', 'block')],
      policy,
      match,
      now: T0,
    });
    expect(plan.send.map((s) => s.homeId)).toEqual(['C']);
    expect(plan.overCap.map((s) => s.homeId)).toEqual(['D']);
    // A second home of a provider already reached costs nothing against the cap.
    const sameProvider = candidate('E', 'block', { providerOrgId: 'P-A' });
    const again = planRouting(referral, [sameProvider], {
      stage: 'block',
      already: [sentTo('A', 'block'), sentTo('C', 'framework')],
      policy,
      match,
      now: T0,
    });
    expect(again.send.map((s) => s.homeId)).toEqual(['E']);
  });

  it('holds a bed for the block partners until the clock lets others in', () => {
    const held: RoutingCandidate = {
      ...candidate('F', 'framework'),
      hold: { phase: 'partners', laRelation: 'consortium', nextPhaseOn: '2026-03-08' },
    };
    const plan = planRouting(referral, [held], {
      stage: 'framework',
      already: [],
      policy: DEFAULT_ROUTING_POLICY,
      match,
      now: T0,
    });
    expect(plan.send).toEqual([]);
    expect(plan.held).toEqual([
      expect.objectContaining({ homeId: 'F', message: 'Offered to the block partners until 8 March 2026.' }),
    ]);
  });

  it('starts at the first stage with a home that fits', () => {
    expect(initialStage(referral, candidates, match)).toBe('block');
    expect(initialStage(referral, [candidates[1]!, candidates[2]!], match)).toBe('framework');
    expect(initialStage(referral, [candidates[1]!], match)).toBe('open');
  });
});

describe('widening the search', () => {
  it('waits for the response window while block partners are still considering', () => {
    const s = searching('block');
    const live = [sentTo('A', 'block', 'interested')];
    const early = canWiden(s, live, DEFAULT_ROUTING_POLICY, h(47));
    expect(early).toMatchObject({ allowed: false, notBefore: h(48) });
    expect(early.allowed || early.reason).toBe(
      'Providers at this stage have until 4 March 2026, 09:00 to respond.',
    );
    expect(canWiden(s, live, DEFAULT_ROUTING_POLICY, h(48))).toEqual({ allowed: true, to: 'framework' });
  });

  it('may widen at once when every partner has said no', () => {
    const s = searching('block');
    expect(canWiden(s, [sentTo('A', 'block', 'declined')], DEFAULT_ROUTING_POLICY, h(1))).toEqual({
      allowed: true,
      to: 'framework',
    });
  });

  it('records the widening as an event and stops at an open search', () => {
    const out = orThrow(
      widenSearch(searching('block'), { recipients: [], policy: DEFAULT_ROUTING_POLICY }, h(2)),
    );
    expect(out.state).toMatchObject({ stage: 'framework', stageStartedAt: h(2) });
    expect(out.events).toEqual([
      { referralId: referral.id, at: h(2), type: 'search-widened', from: 'block', to: 'framework' },
    ]);
    const open = orThrow(
      widenSearch(out.state, { recipients: [], policy: DEFAULT_ROUTING_POLICY }, h(3)),
    ).state;
    expect(open.stage).toBe('open');
    expect(widenSearch(open, { recipients: [], policy: DEFAULT_ROUTING_POLICY }, h(100)).ok).toBe(false);
  });
});
