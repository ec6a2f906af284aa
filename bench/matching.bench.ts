/**
 * Issue 4: a provider's view ranks every live referral against each of its vacancies with the
 * reasons for every score; 200 live referrals against 50 vacancies must take under 50 ms. The
 * caseload is the seeded generator in src/domain/matching/synthetic.ts (engine only, no database).
 */
import { rankForProvider, rankHomes } from '../src/domain/matching/rank.ts';
import { matchOptions } from '../src/domain/matching/score.ts';
import { syntheticCaseload } from '../src/domain/matching/synthetic.ts';
import { type Measurement, time } from './lib.ts';

export default async function matching(): Promise<Measurement[]> {
  const today = '2026-03-02';
  const { referrals, targets } = syntheticCaseload(4, 200, 50, today);
  const options = matchOptions(today);
  const inbox = rankForProvider(targets, referrals, options);
  const pairs = inbox.reduce((n, v) => n + v.ranked.length, 0);
  const reasons = inbox.reduce((n, v) => n + v.ranked.reduce((m, r) => m + r.match.reasons.length, 0), 0);
  const all = await time(() => rankForProvider(targets, referrals, options), { runs: 30, warmup: 10 });
  const homes = await time(() => referrals.slice(0, 20).map((r) => rankHomes(r, targets, options)), {
    runs: 30,
    warmup: 10,
  });
  return [
    {
      name: 'rank 200 referrals against 50 vacancies, with reasons',
      value: all.median,
      unit: 'ms',
      target: 50,
      note: `${pairs.toLocaleString('en-GB')} eligible pairs scored, ${reasons.toLocaleString('en-GB')} reasons; p95 ${all.p95.toFixed(1)} ms`,
    },
    { name: 'rank 50 homes for each of 20 referrals', value: homes.median, unit: 'ms' },
  ];
}
