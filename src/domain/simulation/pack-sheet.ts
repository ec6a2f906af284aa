/**
 * The shape of one sheet of the business-case pack: a name, lines above the table, typed columns
 * and rows of plain cells. It matches src/exports/spreadsheet.ts's `Sheet` structurally, so the
 * domain describes the tables and the exporter writes them (and neutralises formula injection).
 */
import { formatPence } from '../shared/money.ts';
import type { Distribution } from './distribution.ts';

export type CellKind = 'text' | 'integer' | 'number' | 'pence' | 'percent' | 'date';
export type Cell = string | number | null;
export type Cells = readonly Cell[];

export interface PackSheet {
  name: string;
  preamble: readonly string[];
  columns: readonly { header: string; kind: CellKind; value: (row: Cells) => Cell; width?: number }[];
  rows: readonly Cells[];
}

export function sheet(
  name: string,
  preamble: readonly string[],
  columns: readonly [header: string, kind: CellKind, width?: number][],
  rows: readonly Cells[],
): PackSheet {
  return {
    name,
    preamble,
    columns: columns.map(([header, kind, width], i) => ({
      header,
      kind,
      value: (row: Cells) => row[i] ?? null,
      width,
    })),
    rows,
  };
}

export const money = (p: number) => formatPence(Math.round(p), { wholePounds: true });
export const percent = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 1000) / 10}%`);
export const dist = (d: Distribution): Cells => [d.mean, d.p5, d.p50, d.p95];
