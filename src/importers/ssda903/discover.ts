/**
 * Finds the 903 files under a folder. Two layouts, as extracts come: one LA as <dir>/<YEAR>/*.csv,
 * or several as <dir>/<LA>/<YEAR>/*.csv. The collection year is the folder name (the year holding
 * 31 March); the table comes from the file name (header, episodes, uasc) and other files (OC2,
 * missing, reviews) are left out. A plain list of files is taken as given.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { DomainError } from '../../domain/shared/errors.ts';
import type { SourceFile } from './raw-store.ts';

const YEAR = /^\d{4}$/;

export function kindFromName(name: string): SourceFile['kind'] | 'other' | undefined {
  const n = name.toLowerCase();
  if (!n.endsWith('.csv')) return 'other';
  if (n.includes('header')) return 'header';
  if (n.includes('episode')) return 'episodes';
  if (n.includes('uasc')) return 'uasc';
  return undefined;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function yearFiles(root: string, yearDir: string, la: string): SourceFile[] {
  const year = Number(basename(yearDir));
  return readdirSync(yearDir)
    .sort()
    .flatMap((f) => {
      const kind = kindFromName(f);
      if (kind === 'other' || kind === undefined) return [];
      const path = join(yearDir, f);
      return [{ name: relative(root, path), path, kind, year, la }];
    });
}

/** The 903 files under `dir`, in year order (older returns first). */
export function discoverFiles(dir: string): SourceFile[] {
  if (!isDir(dir))
    throw new DomainError('validation', `${dir} is not a folder`, [
      { field: 'ssda903', message: `${dir} is not a folder` },
    ]);
  const entries = readdirSync(dir).sort();
  const years = entries.filter((e) => YEAR.test(e) && isDir(join(dir, e)));
  let files: SourceFile[];
  if (years.length > 0) {
    files = years.flatMap((y) => yearFiles(dir, join(dir, y), basename(dir)));
  } else {
    const las = entries.filter((e) => isDir(join(dir, e)));
    files = las.flatMap((la) =>
      readdirSync(join(dir, la))
        .filter((y) => YEAR.test(y) && isDir(join(dir, la, y)))
        .sort()
        .flatMap((y) => yearFiles(dir, join(dir, la, y), la)),
    );
    if (files.length === 0) {
      // Combined files (with YEAR and LA columns) straight in the folder.
      files = entries.flatMap((f) => {
        const kind = kindFromName(f);
        if (kind === 'other' || kind === undefined) return [];
        const path = join(dir, f);
        return [{ name: f, path, kind, la: basename(dir) }];
      });
    }
  }
  if (files.length === 0) {
    throw new DomainError('validation', `no SSDA903 header or episodes files under ${dir}`, [
      {
        field: 'ssda903',
        message: 'expected <YEAR>/header.csv and <YEAR>/episodes.csv (or <LA>/<YEAR>/...)',
      },
    ]);
  }
  return files;
}

/** Describes loose files: the year from a parent folder named like 2024, the table from the name. */
export function describeFiles(paths: readonly string[], la = ''): SourceFile[] {
  return paths.map((path) => {
    const parent = basename(dirname(path));
    const kind = kindFromName(basename(path));
    return {
      name: path,
      path,
      kind: kind === 'other' ? undefined : kind,
      year: YEAR.test(parent) ? Number(parent) : undefined,
      la,
    };
  });
}
