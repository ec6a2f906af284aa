/**
 * A seeded national-scale SSDA903 extract for benchmarks: about 50 LAs, 80,000 children in care and
 * 1.2 million episode rows, in the shared sample's layout (<LA>/<YEAR>/{header,episodes,uasc}.csv,
 * dd/mm/yyyy dates, one row per episode open at any time in each year, open episodes blank-ended).
 * Each LA is made from the shared synthetic LA's children, drawn with replacement in a number set by
 * the LA's size, each child's whole history shifted by a random number of days (its birth date
 * too), and the yearly files rebuilt from the shifted histories. Generated data is never committed:
 * it is written under .cache/ and reused when already there.
 *
 *   node --import tsx bench/generate/ssda903-national.ts [outDir] [--las 50] [--seed 1]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRng } from '../../src/domain/shared/rng.ts';

const SAMPLE = '/work/shared/data/ssda903/la-small';
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];

interface Episode {
  cells: string[]; // the sample row
  start: number;
  end: number | undefined;
}

interface Child {
  header: string[];
  birth: number;
  uasc?: string[];
  episodes: Episode[];
}

const DAY = 86_400_000;
const toDay = (s: string) => {
  const [d, m, y] = s.split('/').map(Number);
  return Math.round(Date.UTC(y!, m! - 1, d!) / DAY);
};
const fmt = (n: number) => {
  const t = new Date(n * DAY);
  return `${String(t.getUTCDate()).padStart(2, '0')}/${String(t.getUTCMonth() + 1).padStart(2, '0')}/${t.getUTCFullYear()}`;
};
const yearStart = (y: number) => Math.round(Date.UTC(y - 1, 3, 1) / DAY);
const yearEnd = (y: number) => Math.round(Date.UTC(y, 2, 31) / DAY);

function readCsv(path: string): { columns: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  return { columns: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** The sample's children with merged histories (latest return wins for each DECOM). */
function loadSample(): { children: Child[]; columns: Record<'header' | 'episodes' | 'uasc', string[]> } {
  const byId = new Map<string, Child>();
  const columns = { header: [] as string[], episodes: [] as string[], uasc: [] as string[] };
  const latest = new Map<string, { year: number; rows: string[][] }>();
  for (const year of YEARS) {
    const h = readCsv(join(SAMPLE, String(year), 'header.csv'));
    columns.header = h.columns;
    for (const r of h.rows) {
      const c = byId.get(r[0]!) ?? { header: r, birth: toDay(r[2]!), episodes: [] };
      c.header = r;
      c.birth = toDay(r[2]!);
      byId.set(r[0]!, c);
    }
    const u = readCsv(join(SAMPLE, String(year), 'uasc.csv'));
    columns.uasc = u.columns;
    for (const r of u.rows) {
      const c = byId.get(r[0]!);
      if (c) c.uasc = r;
    }
    const e = readCsv(join(SAMPLE, String(year), 'episodes.csv'));
    columns.episodes = e.columns;
    for (const r of e.rows) {
      const key = `${r[0]}|${r[1]}`;
      const seen = latest.get(key);
      if (!seen || seen.year < year) latest.set(key, { year, rows: [r] });
      else if (seen.year === year) seen.rows.push(r);
    }
  }
  for (const { rows } of latest.values()) {
    for (const r of rows) {
      byId.get(r[0]!)?.episodes.push({ cells: r, start: toDay(r[1]!), end: r[7] ? toDay(r[7]) : undefined });
    }
  }
  const children = [...byId.values()].filter((c) => c.episodes.length > 0);
  for (const c of children) c.episodes.sort((a, b) => a.start - b.start || (a.end ?? 1e9) - (b.end ?? 1e9));
  return { children, columns };
}

export interface NationalOptions {
  las?: number;
  seed?: number;
  /** Total size in multiples of the sample LA (85 gives about 1.2 million episode rows). */
  scale?: number;
}

/** Writes the extract under `outDir` (skipped when a completed extract with these options is there). */
export function generateNational(outDir: string, opts: NationalOptions = {}): { rows: number; dir: string } {
  const las = opts.las ?? 50;
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? 85;
  const stamp = join(outDir, `.complete-${las}-${seed}-${scale}`);
  if (existsSync(stamp)) return { rows: Number(readFileSync(stamp, 'utf8')), dir: outDir };
  const rng = seededRng(seed);
  const { children, columns } = loadSample();
  // LA sizes: lognormal spread (the largest LAs several times the smallest), summing to `scale`.
  const raw = Array.from({ length: las }, () =>
    Math.exp(0.6 * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next())),
  );
  const total = raw.reduce((a, b) => a + b, 0);
  const dataEnd = yearEnd(YEARS.at(-1)!);
  let rows = 0;
  for (let l = 0; l < las; l++) {
    const la = `LA${String(l + 1).padStart(2, '0')}`;
    const count = Math.round((raw[l]! / total) * scale * children.length);
    const files = new Map<number, { header: string[]; episodes: string[]; uasc: string[] }>(
      YEARS.map((y) => [y, { header: [], episodes: [], uasc: [] }]),
    );
    for (let i = 0; i < count; i++) {
      const src = children[Math.floor(rng.next() * children.length)]!;
      const shift = Math.floor(rng.next() * 361) - 180;
      const id = String(1_000_000 + l * 100_000 + i);
      const birth = src.birth + shift;
      const adult = Math.round(
        Date.UTC(
          new Date(birth * DAY).getUTCFullYear() + 18,
          new Date(birth * DAY).getUTCMonth(),
          new Date(birth * DAY).getUTCDate(),
        ) / DAY,
      );
      const eps = src.episodes
        .map((e) => {
          let end = e.end === undefined ? undefined : e.end + shift;
          const cells = [...e.cells];
          if (end === undefined && adult <= dataEnd) {
            end = adult; // an open episode moved earlier must still end at 18
            cells[8] = 'E5';
          }
          return { cells, start: e.start + shift, end };
        })
        .filter((e) => e.start <= dataEnd && e.start < adult);
      for (const y of YEARS) {
        const inYear = eps.filter(
          (e) => e.start <= yearEnd(y) && (e.end === undefined || e.end >= yearStart(y)),
        );
        if (inYear.length === 0) continue;
        const f = files.get(y)!;
        f.header.push([id, src.header[1], fmt(birth), ...src.header.slice(3)].join(','));
        if (src.uasc)
          f.uasc.push(
            [id, src.uasc[1], fmt(birth), src.uasc[3] ? fmt(toDay(src.uasc[3]) + shift) : ''].join(','),
          );
        for (const e of inYear) {
          const open = e.end === undefined || e.end > yearEnd(y);
          const c = e.cells;
          f.episodes.push(
            [
              id,
              fmt(e.start),
              c[2],
              c[3],
              c[4],
              c[5],
              c[6],
              open ? '' : fmt(e.end!),
              open ? '' : c[8],
              open ? '' : c[9],
              c[10],
              c[11],
              c[12],
            ].join(','),
          );
          rows++;
        }
      }
    }
    for (const [y, f] of files) {
      const dir = join(outDir, la, String(y));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'header.csv'), [columns.header.join(','), ...f.header].join('\n') + '\n');
      writeFileSync(join(dir, 'episodes.csv'), [columns.episodes.join(','), ...f.episodes].join('\n') + '\n');
      writeFileSync(join(dir, 'uasc.csv'), [columns.uasc.join(','), ...f.uasc].join('\n') + '\n');
    }
  }
  writeFileSync(stamp, String(rows));
  return { rows, dir: outDir };
}

if (process.argv[1]?.endsWith('ssda903-national.ts')) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const outDir =
    args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '.cache/ssda903-national';
  const t0 = Date.now();
  const r = generateNational(outDir, { las: flag('--las'), seed: flag('--seed') });
  const lasMade = readdirSync(outDir).filter((f) => !f.startsWith('.')).length;
  console.log(
    `${r.rows} episode rows in ${lasMade} LAs under ${r.dir} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
