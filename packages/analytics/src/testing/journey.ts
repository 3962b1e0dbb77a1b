import type { StageInterval } from '../columnar/fromIntervals.ts';

/** A step of a hand-written case history: the stage entered, the date, and the event that moved it there. */
export type Step = [stage: string, date: string, event?: string];

/**
 * Turns a case history into stage intervals (each stay ends when the next begins), so fixtures read
 * like the canonical event log. Test helper.
 */
export function journey(caseId: string, steps: readonly Step[]): StageInterval[] {
  return steps.map(([stage, date], k) => {
    const next = steps[k + 1];
    return {
      caseId,
      stage,
      enteredAt: date,
      exitedAt: next ? next[1] : null,
      nextStage: next ? next[0] : null,
      exitEvent: next ? (next[2] ?? null) : null,
    };
  });
}
