import { type CompiledPathway, type MoveRefusal, resolveMove } from '@continuum/machines';
import { StoreError } from '../errors.ts';

/** What a move needs to know about the case it applies to (read under a lock). */
export interface CaseState {
  id: number;
  stage: string;
  lastSeq: number;
  lastOccurredAt: number;
}

/** A requested move: by event name, by target stage, or both (they must agree). */
export interface MoveRequest {
  event?: string | undefined;
  toStage?: string | undefined;
  occurredAt: number;
}

/** Everything a writer must apply, atomically, for one accepted event. */
export interface MovePlan {
  seq: number;
  event: string;
  fromStage: string;
  toStage: string;
  occurredAt: number;
  /** False for record-only events (management oversight): no stay closes or opens. */
  changesStage: boolean;
  /** The case rests in a terminal stage after the move. */
  terminal: boolean;
}

/**
 * Decides a move against the compiled pathway's table (the machine's derived authority): the event
 * to record, the target stage, whether stays change (the one move rule, `resolveMove`). Throws
 * StoreError with what would be valid.
 */
export function planMove(pathway: CompiledPathway, state: CaseState, request: MoveRequest): MovePlan {
  const from = state.stage;
  if (request.occurredAt < state.lastOccurredAt) {
    throw new StoreError(
      'out_of_order',
      `occurredAt ${new Date(request.occurredAt).toISOString()} is before the case's last event (${new Date(state.lastOccurredAt).toISOString()}).`,
      'occurredAt',
      { lastOccurredAt: new Date(state.lastOccurredAt).toISOString() },
    );
  }
  const move = resolveMove(pathway, from, request);
  if (!move.ok) throw moveRefused(move, 'toStage');
  return {
    seq: state.lastSeq + 1,
    event: move.event,
    fromStage: from,
    toStage: move.toStage,
    occurredAt: request.occurredAt,
    changesStage: move.changesStage,
    terminal: move.terminal,
  };
}

/**
 * The store's typed error for a refusal of the one move rule; `targetField` names the target stage
 * as the caller spells it (`toStage` in the API, `stage` in an event log). Ingest and the case
 * service give the same code, message and details for the same refusal.
 */
export function moveRefused(refusal: MoveRefusal, targetField: string): StoreError {
  const details: Record<string, unknown> = {
    currentStage: refusal.currentStage,
    allowedEvents: refusal.allowedEvents,
  };
  if (refusal.candidates) details.candidates = refusal.candidates;
  const code = refusal.code === 'no_move' ? 'invalid_value' : refusal.code;
  return new StoreError(code, refusal.message, refusal.field === 'target' ? targetField : 'event', details);
}

/**
 * A repeated client event id must describe the same move; reusing one for a different move is
 * refused rather than silently answered with the old result.
 */
export function assertSameReplay(
  original: { event: string | null; to_stage?: string; toStage?: string },
  request: { event?: string | undefined; toStage?: string | undefined },
): void {
  const toStage = original.toStage ?? original.to_stage;
  if (
    (request.event !== undefined && request.event !== original.event) ||
    (request.toStage !== undefined && request.toStage !== toStage)
  ) {
    throw new StoreError(
      'client_event_conflict',
      'This clientEventId was already used for a different move.',
      'clientEventId',
      { originalEvent: original.event, originalStage: toStage },
    );
  }
}
