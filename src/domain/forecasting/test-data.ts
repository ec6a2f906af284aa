/**
 * Small hand-made datasets for the forecasting tests: children and episodes written as readable
 * rows, turned into the compact columns the engine reads (no importer, no files).
 */
import { toEpochDay } from '../shared/dates.ts';
import { OPEN, type Ssda903Dataset } from './dataset.ts';
import { codeIndex } from './ssda903-codes.ts';

export interface TestEpisode {
  start: string;
  end?: string;
  place: string;
  provider?: string;
  ls?: string;
  rne?: string;
  year?: number;
}

export interface TestChild {
  id: string;
  birth: string;
  la?: number;
  episodes: TestEpisode[];
}

export function testDataset(
  children: TestChild[],
  opts: { years?: number[]; las?: string[] } = {},
): Ssda903Dataset {
  const years = opts.years ?? [2020, 2021, 2022, 2023];
  const n = children.reduce((a, c) => a + c.episodes.length, 0);
  const ep = {
    count: n,
    child: new Int32Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
    rne: new Uint8Array(n),
    legalStatus: new Uint8Array(n),
    place: new Uint8Array(n),
    provider: new Uint8Array(n),
    reasonEnd: new Uint8Array(n),
    year: new Uint16Array(n),
  };
  const firstEpisode = new Int32Array(children.length + 1);
  let i = 0;
  children.forEach((c, ci) => {
    firstEpisode[ci] = i;
    for (const e of c.episodes) {
      ep.child[i] = ci;
      ep.start[i] = toEpochDay(e.start);
      ep.end[i] = e.end ? toEpochDay(e.end) : OPEN;
      ep.rne[i] = codeIndex('RNE', e.rne ?? 'P');
      ep.legalStatus[i] = codeIndex('LS', e.ls ?? 'C2');
      ep.place[i] = codeIndex('PLACE', e.place);
      ep.provider[i] = codeIndex('PLACE_PROVIDER', e.provider ?? 'PR1');
      ep.reasonEnd[i] = e.end ? codeIndex('REC', 'X1') : 0;
      ep.year[i] = e.year ?? years.at(-1)!;
      i++;
    }
  });
  firstEpisode[children.length] = i;
  return {
    las: opts.las ?? ['test'],
    years,
    dataStart: toEpochDay(`${years[0]! - 1}-04-01`),
    dataEnd: toEpochDay(`${years.at(-1)}-03-31`),
    children: {
      count: children.length,
      id: children.map((c) => c.id),
      la: Uint16Array.from(children.map((c) => c.la ?? 0)),
      birth: Int32Array.from(children.map((c) => toEpochDay(c.birth))),
      sex: new Uint8Array(children.length).fill(1),
      uasc: new Uint8Array(children.length),
      firstEpisode,
    },
    episodes: ep,
  };
}

/**
 * A small synthetic region for tests: each LA takes Poisson entries every month from April 2018 to
 * March 2024, each child in one placement after another (moves at 0.6 a year, leaving at 0.5 a year,
 * always at 18), written as a merged extract. Not calibrated to anything; only to exercise the code.
 */
export function syntheticRegion(
  seed: number,
  las: { name: string; entriesPerMonth: number }[],
): Ssda903Dataset {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const poisson = (mean: number) => {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rand();
    while (p > limit) {
      k++;
      p *= rand();
    }
    return k;
  };
  const places: [string, string][] = [
    ['U4', 'PR1'],
    ['U6', 'PR4'],
    ['U3', 'PR1'],
    ['K2', 'PR4'],
    ['H5', 'PR4'],
    ['K1', 'PR2'],
    ['P1', 'PR0'],
    ['Z1', 'PR4'],
  ];
  const weights = [30, 25, 18, 10, 6, 1, 8, 2];
  const pick = () => {
    let u = rand() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return places[i]!;
    }
    return places[0]!;
  };
  const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
  const start = Math.round(Date.UTC(2018, 3, 1) / 86_400_000);
  const end = Math.round(Date.UTC(2024, 2, 31) / 86_400_000);
  const children: TestChild[] = [];
  las.forEach((la, l) => {
    for (let m = 0; m < 72; m++) {
      const n = poisson(la.entriesPerMonth);
      for (let i = 0; i < n; i++) {
        const entry = start + m * 30 + Math.floor(rand() * 30);
        const age = Math.floor(rand() * 17.5 * 365);
        const birth = entry - age;
        const adult = birth + Math.round(18 * 365.25);
        const episodes: TestEpisode[] = [];
        let t = entry;
        let first = true;
        for (;;) {
          const [place, provider] = pick();
          const stay = Math.max(1, Math.round((-Math.log(1 - rand()) / 1.1) * 365));
          const leaves = rand() < 0.5 / 1.1;
          let stop = Math.min(t + stay, adult);
          const open = stop > end;
          if (open) stop = end + 1;
          episodes.push({
            start: day(t),
            end: open ? undefined : day(stop),
            place,
            provider,
            rne: first ? 'S' : 'P',
          });
          first = false;
          if (open || stop >= adult || leaves) break;
          t = stop;
        }
        children.push({ id: `${la.name}-${children.length}`, birth: day(birth), la: l, episodes });
      }
    }
  });
  return testDataset(children, { years: [2019, 2020, 2021, 2022, 2023, 2024], las: las.map((l) => l.name) });
}
