/** SSDA903 importer: folders or files of 903 CSV returns in, a compact merged dataset out. */
export { describeFiles, discoverFiles } from './discover.ts';
export { type ImportFromDiskOptions, importSsda903, type Progress } from './import-files.ts';
export { type FileSink, type ImportedFile, type ImportResult, Ssda903Importer } from './importer.ts';
export type { ReadOptions } from './table-readers.ts';
