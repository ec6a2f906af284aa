/**
 * The need segments a home can care for, from what it is registered for and what its statement of
 * purpose supports (the directory's vocabulary), for the supply side of the gap analysis.
 */
import type { NeedSegment } from '../shared/codes.ts';

export interface HomeNeeds {
  registrationCategories: readonly string[];
  needsSupported: readonly string[];
  needsExcluded: readonly string[];
  offersSolo: boolean;
}

const DISABILITY = ['learning-difficulty', 'physical-disabilities', 'sensory-impairment'];
const EXPLOITATION_OR_MISSING = ['sexual-exploitation', 'criminal-exploitation', 'missing'];

export function homeSegments(h: HomeNeeds): NeedSegment[] {
  const out: NeedSegment[] = [];
  const ebd = h.registrationCategories.includes('ebd');
  if (ebd) out.push('ebd-standard');
  if (
    ebd &&
    EXPLOITATION_OR_MISSING.some((n) => h.needsSupported.includes(n) && !h.needsExcluded.includes(n))
  )
    out.push('ebd-complex');
  if (DISABILITY.some((c) => h.registrationCategories.includes(c))) out.push('disability');
  if (h.registrationCategories.includes('mental-disorders')) out.push('mental-health');
  if (h.offersSolo) out.push('solo-complex');
  return out;
}
