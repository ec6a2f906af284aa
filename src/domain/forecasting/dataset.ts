/**
 * The SSDA903 data the forecaster reads, held column by column in typed arrays so a national
 * extract (a million and more episodes) takes tens of megabytes, not gigabytes. Days are epoch days
 * (days since 1970-01-01, see shared/dates.ts); codes are indices into ssda903-codes.ts lists.
 * Episodes are sorted by child and start day, and `firstEpisode` gives each child's slice, so every
 * pass over a child's history is a contiguous loop with no lookups.
 */
import { fromEpochDay, type LocalDate } from '../shared/dates.ts';

/** Epoch day standing for "not ended yet" (DEC blank): later than any real day. */
export const OPEN = 2_147_483_647;

export interface ChildColumns {
  count: number;
  /** Pseudonymised CHILD as given (unique within its LA only). */
  id: string[];
  /** Index into `Ssda903Dataset.las`. */
  la: Uint16Array;
  birth: Int32Array;
  /** SEX code index (1 male, 2 female, 0 unknown). */
  sex: Uint8Array;
  /** 1 when the child appears in a UASC file. */
  uasc: Uint8Array;
  /** Episodes of child i are firstEpisode[i] .. firstEpisode[i + 1] - 1 (length count + 1). */
  firstEpisode: Int32Array;
}

export interface EpisodeColumns {
  count: number;
  child: Int32Array;
  start: Int32Array;
  /** OPEN when the episode had not ended in the latest return holding it. */
  end: Int32Array;
  rne: Uint8Array;
  legalStatus: Uint8Array;
  place: Uint8Array;
  provider: Uint8Array;
  reasonEnd: Uint8Array;
  /** Collection year of the return the row was taken from (the latest one holding it). */
  year: Uint16Array;
}

export interface Ssda903Dataset {
  /** LA names (one empty name for a single-LA extract). */
  las: string[];
  children: ChildColumns;
  episodes: EpisodeColumns;
  /** First day covered by the returns (1 April of the earliest collection year). */
  dataStart: number;
  /** Last day covered (31 March of the latest collection year). */
  dataEnd: number;
  /** Collection years present, ascending. */
  years: number[];
}

/** A plain, JSON-friendly description of a dataset (what a job stores next to its result). */
export interface DatasetSummary {
  las: string[];
  years: number[];
  dataStart: LocalDate;
  dataEnd: LocalDate;
  children: number;
  episodes: number;
}

export function summariseDataset(d: Ssda903Dataset): DatasetSummary {
  return {
    las: d.las,
    years: d.years,
    dataStart: fromEpochDay(d.dataStart),
    dataEnd: fromEpochDay(d.dataEnd),
    children: d.children.count,
    episodes: d.episodes.count,
  };
}

/** The first day of collection year `year` (1 April of the previous calendar year) as an epoch day. */
export function collectionYearFirstDay(year: number): number {
  return Math.round(Date.UTC(year - 1, 3, 1) / 86_400_000);
}

/** The last day of collection year `year` (31 March) as an epoch day. */
export function collectionYearLastDay(year: number): number {
  return Math.round(Date.UTC(year, 2, 31) / 86_400_000);
}
