import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPEN } from '../../domain/forecasting/dataset.ts';
import { codeName } from '../../domain/forecasting/ssda903-codes.ts';
import { fromEpochDay } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { importSsda903 } from './import-files.ts';
import { Ssda903Importer } from './importer.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/ssda903');
const SAMPLE =
  process.env.SSDA903_SAMPLE_DIR ?? join(import.meta.dirname, '../../../../shared/data/ssda903/la-small');

async function refused(dir: string): Promise<FieldError[]> {
  try {
    await importSsda903(join(FIXTURES, dir));
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).message).toMatch(/nothing was imported/);
    return [...(e as DomainError).fieldErrors];
  }
  throw new Error(`${dir} was imported`);
}

describe('importing SSDA903 folders', () => {
  it('merges returns: the latest return closes an episode the earlier one left open', async () => {
    const { dataset, files } = await importSsda903(join(FIXTURES, 'good'));
    expect(files.map((f) => `${f.name}:${f.kind}:${f.year}`)).toEqual([
      '2022/episodes.csv:episodes:2022',
      '2022/header.csv:header:2022',
      '2023/episodes.csv:episodes:2023',
      '2023/header.csv:header:2023',
    ]);
    expect(dataset.years).toEqual([2022, 2023]);
    expect(fromEpochDay(dataset.dataStart)).toBe('2021-04-01');
    expect(fromEpochDay(dataset.dataEnd)).toBe('2023-03-31');
    const history = (id: string) => {
      const c = dataset.children.id.indexOf(id);
      const out: string[] = [];
      for (let e = dataset.children.firstEpisode[c]!; e < dataset.children.firstEpisode[c + 1]!; e++) {
        const end = dataset.episodes.end[e]!;
        out.push(
          `${fromEpochDay(dataset.episodes.start[e]!)} ${codeName('PLACE', dataset.episodes.place[e]!)} ${end === OPEN ? 'open' : fromEpochDay(end)}`,
        );
      }
      return out;
    };
    expect(history('A1')).toEqual(['2021-05-10 U6 2022-08-20', '2022-08-20 U4 open']);
    expect(history('A2')).toEqual(['2020-09-01 K2 2022-01-12', '2022-01-12 H5 2023-02-01']);
    expect(history('A3')).toEqual(['2022-11-05 U3 open']);
  });

  it('refuses a file without a required column, naming the file, row 1 and the column', async () => {
    const errors = await refused('missing-column');
    expect(errors).toContainEqual(
      expect.objectContaining({ record: '2023/episodes.csv', row: 1, field: 'PLACE' }),
    );
  });

  it('refuses unknown codes with row and column', async () => {
    const errors = await refused('bad-code');
    expect(errors).toEqual([
      { record: '2023/episodes.csv', row: 3, field: 'PLACE', message: '"X9" is not a PLACE code' },
    ]);
  });

  it('refuses overlapping episodes of one child, naming both rows', async () => {
    const errors = await refused('overlap');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ record: '2023/episodes.csv', row: 3, field: 'DECOM' });
    expect(errors[0]!.message).toMatch(/overlaps .*2023\/episodes.csv row 2/);
  });

  it('refuses an episode that ends before it starts', async () => {
    expect(await refused('out-of-order')).toContainEqual(
      expect.objectContaining({ row: 2, field: 'DEC', message: 'DEC is before DECOM' }),
    );
  });

  it('refuses dates that do not exist', async () => {
    expect(await refused('bad-date')).toContainEqual(
      expect.objectContaining({ row: 2, field: 'DECOM', message: '"31/02/2023" is not a date (dd/mm/yyyy)' }),
    );
  });

  it.skipIf(!existsSync(SAMPLE))(
    'imports the shared sample, warning about codes used before their years',
    async () => {
      const progress: number[] = [];
      const r = await importSsda903(SAMPLE, { onProgress: (f) => progress.push(f) });
      expect(r.dataset.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
      expect(r.dataset.children.count).toBeGreaterThan(3000);
      expect(r.warnings.every((w) => /K3/.test(w.message))).toBe(true);
      expect(progress.at(-1)).toBe(1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      // Strict mode makes the same codes errors.
      await expect(importSsda903(SAMPLE, { codeYears: 'error' })).rejects.toThrow(/K3/);
    },
  );
});

describe('Ssda903Importer on generated histories', () => {
  const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
  const EPISODES =
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
  const day = (n: number) => {
    const [y, m, d] = fromEpochDay(n).split('-');
    return `${d}/${m}/${y}`;
  };
  const yearStart = (y: number) => Math.round(Date.UTC(y - 1, 3, 1) / 86_400_000);
  const yearEnd = (y: number) => Math.round(Date.UTC(y, 2, 31) / 86_400_000);

  it('rebuilds every child history from yearly returns, however episodes straddle the years', () => {
    const history = fc.array(
      fc.tuple(fc.integer({ min: 1, max: 400 }), fc.boolean(), fc.constantFrom('U4', 'K2', 'H5', 'P1')),
      {
        minLength: 1,
        maxLength: 6,
      },
    );
    fc.assert(
      fc.property(
        fc.array(history, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 300 }),
        (children, offset) => {
          const first = yearStart(2021) + offset;
          const years = [2021, 2022, 2023, 2024];
          const truth: string[] = [];
          const rows = new Map<number, { header: string[]; episodes: string[] }>(
            years.map((y) => [y, { header: [], episodes: [] }]),
          );
          children.forEach((eps, c) => {
            let t = first + c;
            const spans = eps.map(([len, gapAfter, place], i) => {
              const span = { start: t, end: t + len, place, last: i === eps.length - 1 };
              t = span.end + (gapAfter ? 30 : 0);
              return span;
            });
            for (const s of spans) {
              const end = s.end > yearEnd(2024) ? OPEN : s.end;
              if (s.start <= yearEnd(2024)) truth.push(`C${c} ${s.start} ${s.place} ${end}`);
            }
            for (const y of years) {
              const inYear = spans.filter((s) => s.start <= yearEnd(y) && s.end >= yearStart(y));
              if (inYear.length === 0) continue;
              rows.get(y)!.header.push(`C${c},1,01/01/2012,WBRI,,,`);
              for (const s of inYear) {
                const open = s.end > yearEnd(y);
                const prov = s.place === 'P1' ? 'PR0' : 'PR1';
                rows
                  .get(y)!
                  .episodes.push(
                    `C${c},${day(s.start)},P,C2,N1,${s.place},${prov},${open ? '' : day(s.end)},${open ? '' : 'X1'},,,,`,
                  );
              }
            }
          });
          const imp = new Ssda903Importer();
          for (const y of years) {
            const h = imp.open({ name: `${y}/header.csv`, kind: 'header', year: y, la: '' });
            h.push(`${HEADER}\n${rows.get(y)!.header.join('\n')}\n`);
            h.end();
            const e = imp.open({ name: `${y}/episodes.csv`, kind: 'episodes', year: y, la: '' });
            // Pushed in small pieces, as a stream arrives.
            const text = `${EPISODES}\r\n${rows.get(y)!.episodes.join('\r\n')}`;
            for (let i = 0; i < text.length; i += 37) e.push(text.slice(i, i + 37));
            e.end();
          }
          const { dataset } = imp.finish();
          const got: string[] = [];
          for (let i = 0; i < dataset.episodes.count; i++) {
            const c = dataset.children.id[dataset.episodes.child[i]!];
            got.push(
              `${c} ${dataset.episodes.start[i]} ${codeName('PLACE', dataset.episodes.place[i]!)} ${dataset.episodes.end[i]}`,
            );
          }
          expect(got.sort()).toEqual(truth.sort());
        },
      ),
      { numRuns: 60 },
    );
  });
});
