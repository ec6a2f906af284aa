import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbHome, arbReferral, arbResident } from '../referrals/arbitraries.ts';
import { buildHome, buildReferral, gridPoint } from '../referrals/fixtures.ts';
import { rankForProvider, rankHomes, rankReferrals } from './rank.ts';
import { matchOptions } from './score.ts';
import type { MatchTarget } from './target.ts';

const options = matchOptions('2026-03-08');
const uniqueReferrals = fc.uniqueArray(arbReferral, { selector: (r) => r.id, maxLength: 25 });

describe('ranking referrals for a vacancy', () => {
  it('puts the better match first and explains why the others were left out', () => {
    const home = buildHome();
    const target: MatchTarget = {
      home,
      residents: [],
      vacancy: { id: 'V-1', beds: 1, availableFrom: '2026-03-10' },
    };
    const near = buildReferral({ id: 'R-near' });
    const far = buildReferral({ id: 'R-far', familyLocation: gridPoint(380_000, 400_000) });
    const boy = buildReferral({ id: 'R-boy', child: { sex: 'male', ageYears: 8 } });
    const out = rankReferrals(target, [far, boy, near], options);
    expect(out.ranked.map((r) => [r.referralId, r.rank])).toEqual([
      ['R-near', 1],
      ['R-far', 2],
    ]);
    expect(out.ineligible).toEqual([
      { referralId: 'R-boy', failures: [expect.objectContaining({ rule: 'age' })] },
    ]);
    expect(out.vacancyId).toBe('V-1');
  });

  it('orders by score, then longest wait, whatever the input order (property)', () => {
    fc.assert(
      fc.property(
        arbHome,
        fc.array(arbResident, { maxLength: 3 }),
        uniqueReferrals,
        (home, residents, referrals) => {
          const target = { home, residents };
          const out = rankReferrals(target, referrals, options);
          expect(out.ranked.length + out.ineligible.length).toBe(referrals.length);
          expect(out.ranked.map((r) => r.rank)).toEqual(out.ranked.map((_, i) => i + 1));
          for (let i = 1; i < out.ranked.length; i++) {
            expect(out.ranked[i - 1]!.match.score).toBeGreaterThanOrEqual(out.ranked[i]!.match.score);
          }
          const again = rankReferrals(target, [...referrals].reverse(), options);
          expect(again.ranked.map((r) => r.referralId)).toEqual(out.ranked.map((r) => r.referralId));
        },
      ),
    );
  });

  it('gives a provider one ranking per vacancy, limited to what was routed to it', () => {
    const a = buildHome({ id: 'H-a', sexes: ['female'] });
    const b = buildHome({ id: 'H-b', sexes: ['male'] });
    const targets: MatchTarget[] = [
      { home: a, residents: [], vacancy: { id: 'V-a', beds: 1, availableFrom: '2026-03-09' } },
      { home: b, residents: [], vacancy: { id: 'V-b', beds: 1, availableFrom: '2026-03-09' } },
    ];
    const referrals = [buildReferral({ id: 'R-1' }), buildReferral({ id: 'R-2', child: { sex: 'male' } })];
    const inbox = rankForProvider(
      targets,
      referrals,
      options,
      (r, t) => !(r.id === 'R-1' && t.home.id === 'H-b'),
    );
    expect(inbox.map((v) => v.vacancyId)).toEqual(['V-a', 'V-b']);
    expect(inbox[0]!.ranked.map((r) => r.referralId)).toEqual(['R-1']);
    expect(inbox[0]!.ineligible.map((r) => r.referralId)).toEqual(['R-2']);
    expect(inbox[1]!.ranked.map((r) => r.referralId)).toEqual(['R-2']);
    expect(inbox[1]!.ineligible).toEqual([]);
  });
});

describe('ranking homes for a referral', () => {
  it('ranks the nearer home first and lists the homes that cannot take the child', () => {
    const referral = buildReferral();
    const out = rankHomes(
      referral,
      [
        { home: buildHome({ id: 'H-far', location: gridPoint(380_000, 400_000) }), residents: [] },
        { home: buildHome({ id: 'H-near' }), residents: [] },
        { home: buildHome({ id: 'H-boys', sexes: ['male'] }), residents: [] },
      ],
      options,
    );
    expect(out.ranked.map((h) => h.homeId)).toEqual(['H-near', 'H-far']);
    expect(out.ineligible.map((h) => [h.homeId, h.failures.map((f) => f.rule)])).toEqual([
      ['H-boys', ['sex']],
    ]);
  });
});
