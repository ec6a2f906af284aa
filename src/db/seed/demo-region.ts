/**
 * The demo region (docs/demo-data.md): the seven West London boroughs of the Commissioning
 * Alliance soft block, a regional hub, six fictional providers and fifteen fictional homes in real
 * postcode sectors. Organisation codes are real; every person, provider, home and child is made up.
 */
import type {
  NeedCode,
  NeedSegment,
  OfstedRating,
  RegistrationCategory,
  Role,
  Sex,
} from '../../domain/shared/codes.ts';

export const DEMO_PASSWORD = 'sufficiency-demo';
export const DEMO_EMAIL_DOMAIN = 'demo.example';
/** The demo's data runs up to this day; it is fixed so the demo is the same on every machine. */
export const DEMO_AS_OF = '2026-11-20';
export const LONDON = 'E12000007';

export interface DemoLa {
  slug: string;
  name: string;
  laCode: string;
  onsCode: string;
  /** Sector where the LA's children mostly live (demo families are placed around it). */
  homeSectors: string[];
}

export const DEMO_LAS: DemoLa[] = [
  {
    slug: 'barnet',
    name: 'Barnet',
    laCode: '302',
    onsCode: 'E09000003',
    homeSectors: ['EN5 2', 'N12 0', 'NW9 6', 'HA8 7'],
  },
  { slug: 'brent', name: 'Brent', laCode: '304', onsCode: 'E09000005', homeSectors: ['NW10 9', 'HA9 8'] },
  {
    slug: 'ealing',
    name: 'Ealing',
    laCode: '307',
    onsCode: 'E09000009',
    homeSectors: ['W5 3', 'UB6 8', 'W13 0', 'W3 6'],
  },
  {
    slug: 'hammersmith-fulham',
    name: 'Hammersmith and Fulham',
    laCode: '205',
    onsCode: 'E09000013',
    homeSectors: ['W6 0', 'W12 9'],
  },
  { slug: 'harrow', name: 'Harrow', laCode: '310', onsCode: 'E09000015', homeSectors: ['HA2 7', 'HA3 5'] },
  {
    slug: 'hillingdon',
    name: 'Hillingdon',
    laCode: '312',
    onsCode: 'E09000017',
    homeSectors: ['UB3 3', 'UB8 2', 'UB4 0'],
  },
  {
    slug: 'hounslow',
    name: 'Hounslow',
    laCode: '313',
    onsCode: 'E09000018',
    homeSectors: ['TW3 1', 'TW7 6', 'TW13 7'],
  },
];

export const DEMO_HUB = { slug: 'hub', name: 'West London Children’s Commissioning Hub' };

export interface DemoHome {
  name: string;
  sector: string;
  /** Full demo address (only LAs and the owning provider see it). */
  line1: string;
  town: string;
  unit: string;
  urn: string;
  beds: number;
  ageMin: number;
  ageMax: number;
  sexes: Sex[];
  categories: RegistrationCategory[];
  supported: NeedCode[];
  excluded: NeedCode[];
  solo?: boolean;
  rating: OfstedRating;
  ratedOn: string;
}

export interface DemoProvider {
  slug: string;
  name: string;
  homes: DemoHome[];
}

const EBD: RegistrationCategory[] = ['ebd'];

export const DEMO_PROVIDERS: DemoProvider[] = [
  {
    slug: 'elmtree',
    name: 'Elmtree Care Ltd',
    homes: [
      {
        name: 'Elmtree House',
        sector: 'UB4 0',
        line1: '12 Lime Grove',
        town: 'Hayes',
        unit: 'UB4 0AA',
        urn: '2000101',
        beds: 4,
        ageMin: 11,
        ageMax: 17,
        sexes: ['male', 'female'],
        categories: EBD,
        supported: ['missing', 'self-harm'],
        excluded: ['others-fire'],
        rating: 'good',
        ratedOn: '2025-09-10',
      },
      {
        name: 'Cedar Lodge',
        sector: 'HA4 0',
        line1: '3 Field End Close',
        town: 'Ruislip',
        unit: 'HA4 0BB',
        urn: '2000102',
        beds: 4,
        ageMin: 12,
        ageMax: 17,
        sexes: ['male'],
        categories: EBD,
        supported: ['criminal-exploitation', 'others-physical'],
        excluded: ['others-sexual'],
        rating: 'good',
        ratedOn: '2025-03-18',
      },
      {
        name: 'Rowan Cottage',
        sector: 'UB6 8',
        line1: '40 Church Road',
        town: 'Greenford',
        unit: 'UB6 8CC',
        urn: '2000103',
        beds: 4,
        ageMin: 10,
        ageMax: 16,
        sexes: ['female'],
        categories: EBD,
        supported: ['sexual-exploitation', 'missing', 'self-harm'],
        excluded: ['others-sexual', 'others-fire'],
        rating: 'outstanding',
        ratedOn: '2024-11-05',
      },
    ],
  },
  {
    slug: 'harbour',
    name: 'Harbour Children’s Services',
    homes: [
      {
        name: 'Harbour View',
        sector: 'TW13 7',
        line1: '8 Bedfont Lane',
        town: 'Feltham',
        unit: 'TW13 7DD',
        urn: '2000201',
        beds: 4,
        ageMin: 12,
        ageMax: 17,
        sexes: ['male', 'female'],
        categories: EBD,
        supported: ['criminal-exploitation', 'drug-alcohol'],
        excluded: ['others-fire', 'others-animals'],
        rating: 'good',
        ratedOn: '2025-06-02',
      },
      {
        name: 'Quayside',
        sector: 'TW7 6',
        line1: '21 London Road',
        town: 'Isleworth',
        unit: 'TW7 6EE',
        urn: '2000202',
        beds: 3,
        ageMin: 13,
        ageMax: 17,
        sexes: ['male', 'female'],
        categories: ['ebd', 'mental-disorders'],
        supported: ['self-harm', 'eating-disorder'],
        excluded: ['others-sexual'],
        rating: 'requires-improvement',
        ratedOn: '2025-10-14',
      },
      {
        name: 'Anchor House',
        sector: 'W13 0',
        line1: '5 Drayton Green',
        town: 'West Ealing',
        unit: 'W13 0FF',
        urn: '2000203',
        beds: 3,
        ageMin: 8,
        ageMax: 15,
        sexes: ['male', 'female'],
        categories: EBD,
        supported: ['missing'],
        excluded: ['others-fire', 'others-sexual'],
        rating: 'good',
        ratedOn: '2025-01-21',
      },
    ],
  },
  {
    slug: 'brightpath',
    name: 'Brightpath Homes',
    homes: [
      {
        name: 'Brightpath Lodge',
        sector: 'NW10 9',
        line1: '77 Harlesden Road',
        town: 'London',
        unit: 'NW10 9GG',
        urn: '2000301',
        beds: 4,
        ageMin: 11,
        ageMax: 17,
        sexes: ['male'],
        categories: EBD,
        supported: ['criminal-exploitation'],
        excluded: ['others-sexual'],
        rating: 'good',
        ratedOn: '2025-07-30',
      },
      {
        name: 'Oakwood',
        sector: 'UB8 2',
        line1: '6 Belmont Road',
        town: 'Uxbridge',
        unit: 'UB8 2QQ',
        urn: '2000303',
        beds: 3,
        ageMin: 13,
        ageMax: 17,
        sexes: ['male', 'female'],
        categories: ['ebd', 'drug-problems'],
        supported: ['drug-alcohol', 'missing'],
        excluded: ['others-sexual'],
        rating: 'good',
        ratedOn: '2025-10-01',
      },
      {
        name: 'Sunrise House',
        sector: 'HA9 8',
        line1: '2 Preston Road',
        town: 'Wembley',
        unit: 'HA9 8HH',
        urn: '2000302',
        beds: 3,
        ageMin: 12,
        ageMax: 17,
        sexes: ['female'],
        categories: EBD,
        supported: ['sexual-exploitation'],
        excluded: ['others-fire'],
        rating: 'good',
        ratedOn: '2024-12-09',
      },
    ],
  },
  {
    slug: 'meadowview',
    name: 'Meadowview Care Group',
    homes: [
      {
        name: 'Meadowview',
        sector: 'HA2 7',
        line1: '14 Rayners Lane',
        town: 'Harrow',
        unit: 'HA2 7JJ',
        urn: '2000401',
        beds: 4,
        ageMin: 8,
        ageMax: 17,
        sexes: ['male', 'female'],
        categories: ['learning-difficulty', 'physical-disabilities', 'sensory-impairment'],
        supported: [],
        excluded: ['others-fire'],
        rating: 'outstanding',
        ratedOn: '2025-04-15',
      },
      {
        name: 'Birch Close',
        sector: 'EN5 2',
        line1: '9 Wood Street',
        town: 'Barnet',
        unit: 'EN5 2KK',
        urn: '2000402',
        beds: 2,
        ageMin: 10,
        ageMax: 17,
        sexes: ['male', 'female'],
        categories: ['ebd', 'learning-difficulty'],
        supported: ['self-harm'],
        excluded: [],
        solo: true,
        rating: 'good',
        ratedOn: '2025-08-26',
      },
    ],
  },
  {
    slug: 'northgate',
    name: 'Northgate Residential',
    homes: [
      {
        name: 'Northgate House',
        sector: 'NW4 4',
        line1: '30 Brent Street',
        town: 'Hendon',
        unit: 'NW4 4LL',
        urn: '2000501',
        beds: 4,
        ageMin: 12,
        ageMax: 17,
        sexes: ['male', 'female'],
        categories: EBD,
        supported: ['drug-alcohol'],
        excluded: ['others-sexual'],
        rating: 'requires-improvement',
        ratedOn: '2025-02-11',
      },
      {
        name: 'Hilltop',
        sector: 'SL6 7',
        line1: '1 Castle Hill',
        town: 'Maidenhead',
        unit: 'SL6 7MM',
        urn: '2000502',
        beds: 3,
        ageMin: 13,
        ageMax: 17,
        sexes: ['male'],
        categories: EBD,
        supported: ['criminal-exploitation', 'others-physical'],
        excluded: [],
        rating: 'good',
        ratedOn: '2025-05-07',
      },
    ],
  },
  {
    slug: 'willow',
    name: 'Willow Family Care',
    homes: [
      {
        name: 'Willow House',
        sector: 'W6 0',
        line1: '16 Fulham Palace Road',
        town: 'London',
        unit: 'W6 0NN',
        urn: '2000601',
        beds: 3,
        ageMin: 8,
        ageMax: 14,
        sexes: ['male', 'female'],
        categories: EBD,
        supported: ['self-harm'],
        excluded: ['others-fire', 'others-sexual'],
        rating: 'good',
        ratedOn: '2025-11-19',
      },
      {
        name: 'Larch Lodge',
        sector: 'RH10 1',
        line1: '4 High Street',
        town: 'Crawley',
        unit: 'RH10 1PP',
        urn: '2000602',
        beds: 3,
        ageMin: 12,
        ageMax: 17,
        sexes: ['male', 'female'],
        categories: EBD,
        supported: ['missing', 'sexual-exploitation'],
        excluded: [],
        rating: 'good',
        ratedOn: '2025-03-03',
      },
    ],
  },
];

/** Demo accounts: one line per person; `org` is an LA slug, 'hub' or a provider slug. */
export const DEMO_USERS: Array<{ org: string; role: Role; name: string; local: string }> = [
  ...DEMO_LAS.flatMap((la) => [
    {
      org: la.slug,
      role: 'placement-officer' as Role,
      name: `${la.name} placement officer`,
      local: `officer.${la.slug}`,
    },
    {
      org: la.slug,
      role: 'commissioner' as Role,
      name: `${la.name} commissioner`,
      local: `commissioner.${la.slug}`,
    },
  ]),
  { org: 'ealing', role: 'admin', name: 'Ealing administrator', local: 'admin.ealing' },
  { org: 'hub', role: 'hub-analyst', name: 'Hub analyst', local: 'analyst.hub' },
  { org: 'hub', role: 'admin', name: 'Hub administrator', local: 'admin.hub' },
  ...DEMO_PROVIDERS.map((p) => ({
    org: p.slug,
    role: 'provider-manager' as Role,
    name: `${p.name} manager`,
    local: `manager.${p.slug}`,
  })),
];

export function demoEmail(local: string): string {
  return `${local}@${DEMO_EMAIL_DOMAIN}`;
}

/** The two soft blocks: which provider, which LAs with what shares, at what price. */
export const DEMO_CONTRACTS = [
  {
    reference: 'WL-SB-001',
    name: 'West London emotional and behavioural soft block',
    provider: 'elmtree',
    lead: 'hub',
    start: '2025-04-01',
    weeklyPricePence: 430_000,
    holdDays: 14,
    parties: DEMO_LAS.map((la) => la.slug),
  },
  {
    reference: 'WL-SB-002',
    name: 'Outer West London soft block',
    provider: 'harbour',
    lead: 'hub',
    start: '2025-07-01',
    weeklyPricePence: 445_000,
    holdDays: 21,
    parties: ['ealing', 'hillingdon', 'hounslow', 'harrow'],
  },
] as const;

/**
 * The CPI figures the demo blocks' uplifts use (annual rate in ppm, from the date each figure is
 * published until the next): illustrative, not official statistics.
 */
export const DEMO_CPI: ReadonlyArray<readonly [string, number]> = [
  ['2025-03-19', 28_000],
  ['2026-03-18', 31_000],
];

/** Spot weekly rates (pence) by need segment from April 2024, 2025 and 2026. */
export const DEMO_SPOT_RATES: ReadonlyArray<readonly [NeedSegment, number, number, number]> = [
  ['ebd-standard', 520_000, 545_000, 575_000],
  ['ebd-complex', 600_000, 630_000, 665_000],
  ['disability', 650_000, 690_000, 725_000],
  ['mental-health', 680_000, 715_000, 750_000],
  ['solo-complex', 900_000, 950_000, 1_000_000],
];
