/**
 * Imports SSDA903 returns from text pushed in chunks (a file stream, an upload, a string). Nothing
 * is kept unless every file is clean: `finish()` either returns the merged dataset with any
 * warnings, or throws one validation error listing each problem by file, row and column.
 */
import type { Ssda903Dataset } from '../../domain/forecasting/dataset.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { CsvRecordReader } from './csv-records.ts';
import { mergeEpisodes } from './merge-episodes.ts';
import { RawStore, type SourceFile } from './raw-store.ts';
import { type ReadOptions, tableReader } from './table-readers.ts';

export interface ImportedFile {
  name: string;
  kind?: SourceFile['kind'];
  year?: number;
  la: string;
  /** Rows read, the header row included. */
  rows: number;
}

export interface ImportResult {
  dataset: Ssda903Dataset;
  files: ImportedFile[];
  /** Problems that did not stop the import (codes outside their years, returns that drop an episode). */
  warnings: FieldError[];
  warningCount: number;
}

export interface FileSink {
  push(text: string): void;
  end(): void;
}

export class Ssda903Importer {
  private readonly store = new RawStore();
  private readonly readers: CsvRecordReader[] = [];

  constructor(private readonly options: ReadOptions = {}) {}

  /** Starts a file; push its text through the returned sink, then call end(). */
  open(file: Omit<SourceFile, 'path'> & { path?: string }): FileSink {
    const index = this.store.files.length;
    const source: SourceFile = { ...file, path: file.path ?? file.name };
    this.store.files.push(source);
    const handle = tableReader(this.store, source, index, this.options);
    let records = 0;
    const reader = new CsvRecordReader((fields, row, undecodable) => {
      records++;
      handle(fields, row, undecodable);
    });
    this.readers.push(reader);
    return {
      push: (t) => reader.push(t),
      end: () => {
        reader.end();
        if (records === 0) {
          this.store.error({
            record: source.name,
            row: 1,
            field: 'file',
            message: `the file is empty: a 903 ${source.kind ?? 'table'} file starts with a row of column names`,
          });
        }
      },
    };
  }

  /** Merges, checks histories and returns the dataset, or throws listing every problem. */
  finish(): ImportResult {
    const s = this.store;
    if (s.errorCount === 0 && s.episodeRows === 0) {
      // Column names and nothing under them: there is nothing to forecast from.
      const first = s.files.find((f) => f.kind !== 'header') ?? s.files[0];
      s.error({
        record: first?.name ?? 'ssda903',
        row: 1,
        field: 'file',
        message: 'the files hold no episodes: the episodes file has column names but no rows under them',
      });
    }
    const dataset = s.errorCount === 0 ? mergeEpisodes(s) : undefined;
    if (s.errorCount > 0 || !dataset) {
      const shown = s.errors.slice(0, 5).map((e) => `${e.record} row ${e.row} ${e.field}: ${e.message}`);
      const more = s.errorCount > 5 ? ` (and ${s.errorCount - 5} more)` : '';
      throw new DomainError(
        'validation',
        `The SSDA903 files have ${s.errorCount} problem${s.errorCount === 1 ? '' : 's'}; nothing was imported: ${shown.join('; ')}${more}`,
        s.errors,
      );
    }
    return {
      dataset,
      files: s.files.map((f, i) => ({
        name: f.name,
        kind: f.kind,
        year: f.year,
        la: f.la,
        rows: this.readers[i]!.rows,
      })),
      warnings: s.warnings,
      warningCount: s.warningCount,
    };
  }
}
