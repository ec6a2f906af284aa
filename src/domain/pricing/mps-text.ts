/**
 * Small wording helpers for generated statements, in GOV.UK style: whole pounds, whole percentages,
 * "and" before the last item of a list.
 */
import { NEED_SEGMENTS, type NeedSegment, PLACEMENT_TYPES } from '../shared/codes.ts';
import { formatPence, type Pence } from '../shared/money.ts';
import type { SoughtType } from './gap-types.ts';

export function pounds(p: Pence): string {
  return formatPence(p, { wholePounds: true });
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "rise by 12%", "fall by 5%", or "stay about the same" (within 2%). */
export function change(from: number, to: number): string {
  if (from <= 0) return to > 0 ? 'start from none' : 'stay at none';
  const r = (to - from) / from;
  if (Math.abs(r) < 0.02) return 'stay about the same';
  return `${r > 0 ? 'rise' : 'fall'} by ${percent(Math.abs(r))}`;
}

/** "a rise of 12%", "a fall of 5%", or "about the same" (within 2%). */
export function changeNoun(from: number, to: number): string {
  if (from <= 0) return 'no earlier figure';
  const r = (to - from) / from;
  if (Math.abs(r) < 0.02) return 'about the same';
  return `a ${r > 0 ? 'rise' : 'fall'} of ${percent(Math.abs(r))}`;
}

/** Lower-case segment wording for the middle of a sentence. */
export function segmentWords(s: NeedSegment): string {
  const label = NEED_SEGMENTS[s];
  return label.charAt(0).toLowerCase() + label.slice(1);
}

export function typeWords(t: SoughtType): string {
  if (t === 'unspecified') return 'placements of any type';
  const words: Record<keyof typeof PLACEMENT_TYPES, string> = {
    residential: 'residential (children’s home) places',
    foster: 'foster placements',
    'supported-accommodation': 'supported accommodation places',
  };
  return words[t];
}

export function typeLabel(t: SoughtType): string {
  return t === 'unspecified' ? 'Not specified' : PLACEMENT_TYPES[t];
}
