import { type CompiledPathway, NO_MOVE } from '@continuum/machines';
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
 * to record, the target stage, whether stays change. Throws StoreError with what would be valid.
 */
export function planMove(pathway: CompiledPathway, state: CaseState, request: MoveRequest): MovePlan {
  const from = state.stage;
  const fromIndex = pathway.stageIndex.get(from);
  if (fromIndex === undefined) {
    throw new StoreError(
      'unknown_stage',
      `The case rests in "${from}", which its pathway does not know.`,
      'stage',
    );
  }
  if (request.occurredAt < state.lastOccurredAt) {
    throw new StoreError(
      'out_of_order',
      `occurredAt ${new Date(request.occurredAt).toISOString()} is before the case's last event (${new Date(state.lastOccurredAt).toISOString()}).`,
      'occurredAt',
      { lastOccurredAt: new Date(state.lastOccurredAt).toISOString() },
    );
  }
  const allowedEvents = pathway.allowedEvents(from);
  const details = { currentStage: from, allowedEvents };
  let event = request.event;
  if (request.toStage !== undefined) {
    if (!pathway.stageIndex.has(request.toStage)) {
      throw new StoreError(
        'unknown_stage',
        `"${request.toStage}" is not a stage of this pathway.`,
        'toStage',
        {
          stages: pathway.stages,
        },
      );
    }
    const candidates = pathway.eventsBetween(from, request.toStage);
    if (event === undefined) {
      if (candidates.length === 0) {
        throw new StoreError(
          'illegal_move',
          `No move leads from "${from}" to "${request.toStage}".`,
          'toStage',
          details,
        );
      }
      if (candidates.length > 1) {
        throw new StoreError(
          'ambiguous_move',
          `Several events lead from "${from}" to "${request.toStage}": ${candidates.join(', ')}; name one.`,
          'event',
          { ...details, candidates },
        );
      }
      event = candidates[0]!;
    } else if (!candidates.includes(event)) {
      throw new StoreError(
        'illegal_move',
        `"${event}" does not lead from "${from}" to "${request.toStage}".`,
        'event',
        details,
      );
    }
  }
  if (event === undefined) throw new StoreError('invalid_value', 'Give an event or a toStage.', 'event');
  const eventIndex = pathway.eventIndex.get(event);
  if (eventIndex === undefined) {
    throw new StoreError('unknown_event', `"${event}" is not an event of this pathway.`, 'event', details);
  }
  const target = pathway.table[fromIndex * pathway.events.length + eventIndex]!;
  if (target === NO_MOVE) {
    throw new StoreError('illegal_move', `"${event}" is not a legal move from "${from}".`, 'event', details);
  }
  const toStage = pathway.stages[target]!;
  const recordOnly = pathway.definition.recordEvents.includes(event);
  return {
    seq: state.lastSeq + 1,
    event,
    fromStage: from,
    toStage,
    occurredAt: request.occurredAt,
    changesStage: !recordOnly,
    terminal: pathway.definition.stages[target]!.terminal === true,
  };
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
