import type { NeedSegment, RiskCode } from './codes.ts';

const DISABILITY = ['learning-difficulty', 'physical-disabilities', 'sensory-impairment'];
const EXPLOITATION_OR_MISSING: readonly RiskCode[] = [
  'sexual-exploitation',
  'criminal-exploitation',
  'missing',
];

/**
 * The price segment a placement falls in, from the child's primary need and risks: coarse on
 * purpose, so prices are compared like with like and cells hold enough placements to publish.
 * (Solo or very complex placements are marked by the commissioner; needs alone do not imply them.)
 */
export function needSegmentOf(primaryNeed: string, risks: readonly string[]): NeedSegment {
  if (DISABILITY.includes(primaryNeed)) return 'disability';
  if (primaryNeed === 'mental-disorders') return 'mental-health';
  if (risks.some((r) => (EXPLOITATION_OR_MISSING as readonly string[]).includes(r))) return 'ebd-complex';
  return 'ebd-standard';
}
