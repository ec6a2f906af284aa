/**
 * The vacancy hold clock. In a soft block the LAs pay to hold a bed for a time after it falls
 * vacant; while the clock runs the bed is offered first to the block's partner LAs, then to the
 * wider consortium, and when the paid hold ends it is released to the provider to fill as it
 * wishes. Everyone involved sees the same clock: which phase it is in and when the next begins.
 *
 * Days, not hours: holds are paid by the night, like the bed ledger (occupancy/). Pass the LA's
 * calendar day as `today`.
 */
import { addDays, daysBetween, type LocalDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';

/** From the contract's admissions and matching policy. */
export interface HoldPolicy {
  /** Nights the LAs pay to hold a vacant bed (the "up to N days" of the contract). */
  holdDays: number;
  /** Of those, nights when only the block's partner LAs may refer; the rest are open to the consortium. */
  partnersOnlyDays: number;
}

export const HOLD_PHASES = {
  partners: 'Offered to the block partners',
  consortium: 'Offered to the wider consortium',
  released: 'Released to the provider',
} as const;
export type HoldPhase = keyof typeof HOLD_PHASES;

/** How a referring LA stands to the contract the vacancy sits under. */
export type LaRelation = 'partner' | 'consortium' | 'other';

export interface HoldClock {
  phase: HoldPhase;
  /** First night of the current phase (the first phase starts the night the bed falls vacant, which may be ahead). */
  phaseStartsOn: LocalDate;
  next: HoldPhase | null;
  /** First night of the next phase; null once released. */
  nextPhaseOn: LocalDate | null;
  /** Whole days from `today` until the next phase begins (at least 1); null once released. */
  daysToNextPhase: number | null;
  /** The first night no longer paid as a hold. */
  holdEndsOn: LocalDate;
}

export function holdPolicyErrors(p: HoldPolicy): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(p.holdDays) || p.holdDays < 0)
    errors.push('The hold period must be a whole number of days.');
  if (!Number.isInteger(p.partnersOnlyDays) || p.partnersOnlyDays < 0 || p.partnersOnlyDays > p.holdDays) {
    errors.push('The partners-only period must be whole days, no longer than the hold period.');
  }
  return errors;
}

/**
 * Where the clock stands on `today` for a bed vacant from `vacantFrom`. Before the bed falls
 * vacant (a planned move notified in advance) the partners already have first call on it.
 */
export function holdClock(vacantFrom: LocalDate, policy: HoldPolicy, today: LocalDate): HoldClock {
  const errors = holdPolicyErrors(policy);
  if (errors.length > 0) throw new DomainError('validation', errors.join(' '));
  const consortiumFrom = addDays(vacantFrom, policy.partnersOnlyDays);
  const releasedFrom = addDays(vacantFrom, policy.holdDays);
  // Phases of zero length are left out: no hold means released the night the bed falls vacant.
  const starts: Array<[HoldPhase, LocalDate]> = [];
  if (policy.holdDays === 0) {
    starts.push(['released', vacantFrom]);
  } else {
    if (policy.partnersOnlyDays > 0) starts.push(['partners', vacantFrom]);
    if (policy.partnersOnlyDays < policy.holdDays) starts.push(['consortium', consortiumFrom]);
    starts.push(['released', releasedFrom]);
  }

  let i = 0;
  while (i + 1 < starts.length && starts[i + 1]![1] <= today) i++;
  const [phase, phaseStartsOn] = starts[i]!;
  const nextEntry = starts[i + 1];
  return {
    phase,
    phaseStartsOn,
    next: nextEntry?.[0] ?? null,
    nextPhaseOn: nextEntry?.[1] ?? null,
    daysToNextPhase: nextEntry ? daysBetween(today, nextEntry[1]) : null,
    holdEndsOn: releasedFrom,
  };
}

/** Whether an LA standing in `relation` to the contract may refer a child to the bed in `phase`. */
export function phaseAdmits(phase: HoldPhase, relation: LaRelation): boolean {
  if (phase === 'released') return true;
  if (phase === 'consortium') return relation !== 'other';
  return relation === 'partner';
}
