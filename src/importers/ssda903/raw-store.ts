/**
 * Everything read from the files before it is merged: children interned per LA, header facts
 * (latest return wins), every episode row with the file and row it came from (so a problem found
 * only after merging, like an overlap, can still be named by file and row), and the problems found.
 */
import type { FieldError } from '../../domain/shared/errors.ts';
import { Growable } from './growable.ts';

export interface SourceFile {
  /** As shown in messages (relative to the imported folder when there is one). */
  name: string;
  path: string;
  /** Which table; guessed from the columns when absent. */
  kind?: 'header' | 'episodes' | 'uasc';
  /** Collection year from the folder name (a YEAR column, when present, overrides it per row). */
  year?: number;
  la: string;
}

/** How many problems of each kind are kept with full detail; the rest are only counted. */
const KEEP = 500;

export class RawStore {
  readonly las: string[] = [];
  private readonly laIndex = new Map<string, number>();
  private readonly childMaps: Map<string, number>[] = [];
  readonly childIds: string[] = [];
  readonly childLa = new Growable(Uint16Array);
  readonly birth = new Growable(Int32Array);
  /** Collection year of the header row the birth date came from (0 = no header row yet). */
  readonly headerYear = new Growable(Uint16Array);
  readonly sex = new Growable(Uint8Array);
  readonly uasc = new Growable(Uint8Array);

  readonly epChild = new Growable(Int32Array, 1 << 16);
  readonly epStart = new Growable(Int32Array, 1 << 16);
  readonly epEnd = new Growable(Int32Array, 1 << 16);
  readonly epRne = new Growable(Uint8Array, 1 << 16);
  readonly epLs = new Growable(Uint8Array, 1 << 16);
  readonly epPlace = new Growable(Uint8Array, 1 << 16);
  readonly epProvider = new Growable(Uint8Array, 1 << 16);
  readonly epRec = new Growable(Uint8Array, 1 << 16);
  readonly epYear = new Growable(Uint16Array, 1 << 16);
  readonly epFile = new Growable(Uint16Array, 1 << 16);
  readonly epRow = new Growable(Int32Array, 1 << 16);

  readonly files: SourceFile[] = [];
  /** Collection years loaded per LA, so a missing follow-up return can be told from a closed one. */
  readonly yearsByLa: Set<number>[] = [];

  readonly errors: FieldError[] = [];
  errorCount = 0;
  readonly warnings: FieldError[] = [];
  warningCount = 0;

  la(name: string): number {
    let i = this.laIndex.get(name);
    if (i === undefined) {
      i = this.las.length;
      this.las.push(name);
      this.laIndex.set(name, i);
      this.childMaps.push(new Map());
      this.yearsByLa.push(new Set());
    }
    return i;
  }

  /** The child's index, creating it on first sight. */
  child(la: number, id: string): number {
    const map = this.childMaps[la]!;
    let i = map.get(id);
    if (i === undefined) {
      i = this.childIds.length;
      map.set(id, i);
      this.childIds.push(id);
      this.childLa.push(la);
      this.birth.push(0);
      this.headerYear.push(0);
      this.sex.push(0);
      this.uasc.push(0);
    }
    return i;
  }

  error(e: FieldError): void {
    this.errorCount++;
    if (this.errors.length < KEEP) this.errors.push(e);
  }

  warn(e: FieldError): void {
    this.warningCount++;
    if (this.warnings.length < KEEP) this.warnings.push(e);
  }

  get episodeRows(): number {
    return this.epChild.length;
  }
}
