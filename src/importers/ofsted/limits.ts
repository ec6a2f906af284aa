/**
 * How big an upload may be before we refuse it, unread. A national Ofsted list is about 3,000
 * children's homes (under 40,000 providers of every kind) and a few megabytes; these limits leave
 * ample room for that and none for a file built to exhaust memory (ASVS 5.2: file size, entry
 * count and compression ratio checked before anything is inflated).
 */
export interface ImportLimits {
  /** Bytes of the uploaded file. */
  maxFileBytes: number;
  /** Data rows across all sheets. */
  maxRows: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** Entries in an XLSX archive. */
  maxZipEntries: number;
  /** Declared uncompressed bytes of all entries together. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of any one entry. */
  maxCompressionRatio: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: 25 * 1024 * 1024,
  maxRows: 60_000,
  maxCellChars: 2_000,
  maxZipEntries: 200,
  maxUncompressedBytes: 300 * 1024 * 1024,
  maxCompressionRatio: 150,
};
