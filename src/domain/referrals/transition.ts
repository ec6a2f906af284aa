/**
 * The shape every pathway state machine shares: `(state, command, now) => Transition`. A command
 * that may happen returns the new state and the events to append (each stamped with `now`); one
 * that may not returns an error value, because "the offer has already been accepted" is an
 * expected outcome, not a crash. The repository stores the state row and appends the events in
 * one transaction; `orThrow` turns a refusal into the DomainError the HTTP edge maps to a status.
 */
import { DomainError, type DomainErrorCode } from '../shared/errors.ts';

export interface TransitionError {
  /** conflict: the state has moved on (someone else acted first); unprocessable: never allowed; validation: bad input. */
  code: Extract<DomainErrorCode, 'conflict' | 'unprocessable' | 'validation'>;
  message: string;
}

export type Transition<S, E> = { ok: true; state: S; events: E[] } | { ok: false; error: TransitionError };

export function refuse<S, E>(code: TransitionError['code'], message: string): Transition<S, E> {
  return { ok: false, error: { code, message } };
}

export function moved<S, E>(state: S, events: E[]): Transition<S, E> {
  return { ok: true, state, events };
}

/** The new state and events, or a DomainError with the refusal's code and words. */
export function orThrow<S, E>(t: Transition<S, E>): { state: S; events: E[] } {
  if (!t.ok) throw new DomainError(t.error.code, t.error.message);
  return { state: t.state, events: t.events };
}
