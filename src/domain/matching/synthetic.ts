/**
 * A seeded synthetic caseload for benchmarks and demo data: live referrals from several LAs and
 * vacancies in homes with residents, spread over West London–sized geography. The mix is
 * plausible rather than measured (mostly emotional and behavioural needs, teenagers, a few risks
 * each), so that ranking does the same work it would on real data: most pairs pass or fail
 * eligibility for the usual reasons, and every eligible pair is scored with all its reasons.
 */
import type { HomeProfile } from '../directory/home.ts';
import { buildHome, buildReferral, gridPoint } from '../referrals/fixtures.ts';
import type { Referral } from '../referrals/profile.ts';
import { type RegistrationCategory, RISK_CODES, type RiskCode, type Sex } from '../shared/codes.ts';
import { addDays, type LocalDate } from '../shared/dates.ts';
import { type Rng, randomInt, seededRng } from '../shared/rng.ts';
import type { MatchTarget, Resident } from './target.ts';

const NEEDS: readonly RegistrationCategory[] = [
  'ebd',
  'ebd',
  'ebd',
  'ebd',
  'mental-disorders',
  'learning-difficulty',
];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[randomInt(rng, xs.length)]!;
const sex = (rng: Rng): Sex => (rng.next() < 0.55 ? 'male' : 'female');
/** Around Hayes: ±30 km each way, so some pairs are within 20 miles and some are not. */
const place = (rng: Rng) =>
  gridPoint(509_500 + randomInt(rng, 60_000) - 30_000, 179_800 + randomInt(rng, 60_000) - 30_000);

function risks(rng: Rng, max: number): RiskCode[] {
  const n = randomInt(rng, max + 1);
  return [...new Set(Array.from({ length: n }, () => pick(rng, RISK_CODES)))];
}

export function syntheticReferrals(rng: Rng, n: number, today: LocalDate): Referral[] {
  return Array.from({ length: n }, (_, i) =>
    buildReferral({
      id: `R-${i + 1}`,
      laOrgId: `org-la-${i % 7}`,
      laCode: String(301 + (i % 7)),
      createdOn: addDays(today, -randomInt(rng, 40)),
      familyLocation: place(rng),
      schoolLocation: rng.next() < 0.8 ? place(rng) : null,
      child: {
        childRef: `CASE-${i + 1}`,
        ageYears: 10 + randomInt(rng, 8),
        sex: sex(rng),
        primaryNeed: pick(rng, NEEDS),
        risks: risks(rng, 4),
      },
      requirements: {
        neededBy: pick(rng, ['today', 'lt-5-days', 'gt-5-days', 'gt-5-days'] as const),
        latestStart: addDays(today, 3 + randomInt(rng, 30)),
        siblingCount: rng.next() < 0.1 ? 1 : 0,
        keepSchool: rng.next() < 0.6,
        livingCompanions: pick(rng, [
          'no-preference',
          'no-preference',
          'with-other-children',
          'only-older',
          'solo',
        ] as const),
        pets: pick(rng, ['yes-can', 'yes-can', 'not-known', 'no'] as const),
      },
    }),
  );
}

export function syntheticVacancies(rng: Rng, n: number, today: LocalDate): MatchTarget[] {
  return Array.from({ length: n }, (_, i) => {
    const ageMin = 8 + randomInt(rng, 5);
    const home: HomeProfile = buildHome({
      id: `H-${i + 1}`,
      providerOrgId: `org-p-${i % 12}`,
      name: `Home ${i + 1}`,
      ageMin,
      ageMax: Math.min(17, ageMin + 5 + randomInt(rng, 4)),
      sexes: rng.next() < 0.7 ? ['female', 'male'] : [sex(rng)],
      registrationCategories: rng.next() < 0.8 ? ['ebd'] : ['ebd', 'mental-disorders', 'learning-difficulty'],
      needsSupported: risks(rng, 5),
      needsExcluded: risks(rng, 2),
      offersSolo: rng.next() < 0.15,
      petsOnSite: rng.next() < 0.2,
      location: place(rng),
    });
    const residents: Resident[] = Array.from({ length: randomInt(rng, 4) }, () => ({
      ageYears: 10 + randomInt(rng, 8),
      sex: sex(rng),
      risks: risks(rng, 3),
    }));
    return {
      home,
      residents,
      vacancy: {
        id: `V-${i + 1}`,
        beds: rng.next() < 0.2 ? 2 : 1,
        availableFrom: addDays(today, randomInt(rng, 21)),
      },
    };
  });
}

/** A reproducible caseload: `referrals` live referrals and `vacancies` vacancies for `seed`. */
export function syntheticCaseload(seed: number, referrals: number, vacancies: number, today: LocalDate) {
  const rng = seededRng(seed);
  return {
    referrals: syntheticReferrals(rng, referrals, today),
    targets: syntheticVacancies(rng, vacancies, today),
  };
}
