/**
 * Reads 903 files from disk in streamed chunks (a national extract is never held as one string),
 * reporting progress by bytes read, and hands them to the importer.
 */
import { createReadStream, statSync } from 'node:fs';
import { describeFiles, discoverFiles } from './discover.ts';
import { type ImportResult, Ssda903Importer } from './importer.ts';
import type { SourceFile } from './raw-store.ts';
import type { ReadOptions } from './table-readers.ts';

export type Progress = (fraction: number, message: string) => void;

export interface ImportFromDiskOptions extends ReadOptions {
  onProgress?: Progress;
  /** LA name for loose files (a folder layout names LAs itself). */
  la?: string;
}

/** Imports a folder (see discover.ts for layouts) or an explicit list of CSV files. */
export async function importSsda903(
  source: string | readonly string[],
  options: ImportFromDiskOptions = {},
): Promise<ImportResult> {
  const files: SourceFile[] =
    typeof source === 'string' ? discoverFiles(source) : describeFiles(source, options.la);
  const sizes = files.map((f) => statSync(f.path).size);
  const total = sizes.reduce((a, b) => a + b, 0) || 1;
  const importer = new Ssda903Importer(options);
  let done = 0;
  let lastReport = -1;
  for (const [i, file] of files.entries()) {
    const sink = importer.open(file);
    const stream = createReadStream(file.path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    for await (const chunk of stream) {
      sink.push(chunk as string);
      done += Buffer.byteLength(chunk as string);
      const fraction = (0.9 * done) / total;
      if (options.onProgress && fraction - lastReport >= 0.01) {
        lastReport = fraction;
        options.onProgress(fraction, `reading ${file.name}`);
      }
    }
    sink.end();
    done = sizes.slice(0, i + 1).reduce((a, b) => a + b, 0);
  }
  options.onProgress?.(0.9, 'merging episodes across returns');
  const result = importer.finish();
  options.onProgress?.(
    1,
    `${result.dataset.episodes.count} episodes of ${result.dataset.children.count} children`,
  );
  return result;
}
