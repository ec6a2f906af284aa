/**
 * The audit trail: every step of an evaluation in order, in words with the numbers used, so a
 * bidder's challenge can be answered line by line and the arithmetic checked by hand.
 */
export type AuditStage =
  | 'rules'
  | 'eligibility'
  | 'price'
  | 'quality'
  | 'total'
  | 'rank'
  | 'award'
  | 'sensitivity';

export interface AuditStep {
  seq: number;
  lot: string;
  stage: AuditStage;
  /** The bid the step is about, if one. */
  bid: string | null;
  text: string;
}

export interface AuditLog {
  steps: AuditStep[];
  add(stage: AuditStage, bid: string | null, text: string): void;
}

export function auditLog(lot: string): AuditLog {
  const steps: AuditStep[] = [];
  return {
    steps,
    add(stage, bid, text) {
      steps.push({ seq: steps.length + 1, lot, stage, bid, text });
    },
  };
}

/** A log that records nothing (for the sensitivity re-runs). */
export const SILENT: AuditLog = { steps: [], add() {} };
