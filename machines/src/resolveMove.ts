import { type CompiledPathway, NO_MOVE } from './compile.ts';
import { quoteSent } from './quoteSent.ts';

/** Why a move was refused; the same codes reach an API caller and an ingest row report. */
export type MoveRefusalCode =
  | 'unknown_stage'
  | 'unknown_event'
  | 'illegal_move'
  | 'ambiguous_move'
  | 'no_move';

/** A refused move, with what would have been legal from where the case rests. */
export interface MoveRefusal {
  readonly ok: false;
  readonly code: MoveRefusalCode;
  /** Which part of the request is wrong: the named event, or the target stage. */
  readonly field: 'event' | 'target';
  readonly message: string;
  readonly currentStage: string;
  readonly allowedEvents: string[];
  /** For an ambiguous target: the events that lead there. */
  readonly candidates?: string[];
}

/** A legal move, resolved to indexes into the pathway's table (hot paths write codes, not names). */
export interface ResolvedMove {
  readonly ok: true;
  readonly event: string;
  readonly eventIndex: number;
  readonly toStage: string;
  readonly toIndex: number;
  /** False for record-only events (management oversight): no stay closes or opens. */
  readonly changesStage: boolean;
  /** The case rests in a terminal stage after the move. */
  readonly terminal: boolean;
}

/** What a caller asks for: an event, a target stage, or both (they must agree). */
export interface MoveIntent {
  event?: string | null | undefined;
  toStage?: string | undefined;
}

interface RuleTables {
  recordOnly: Uint8Array;
  terminal: Uint8Array;
  /** Stage-changing events from one stage to another, by `from * stages + to`, filled as asked. */
  between: Map<number, number[]>;
}

const tablesOf = new WeakMap<CompiledPathway, RuleTables>();

function tables(p: CompiledPathway): RuleTables {
  let t = tablesOf.get(p);
  if (!t) {
    const record = new Set(p.definition.recordEvents);
    t = {
      recordOnly: Uint8Array.from(p.events, (e) => (record.has(e) ? 1 : 0)),
      terminal: Uint8Array.from(p.definition.stages, (s) => (s.terminal ? 1 : 0)),
      between: new Map(),
    };
    tablesOf.set(p, t);
  }
  return t;
}

/**
 * The one rule for a live or imported move: resolves `intent` from the stage a case rests in against
 * the table derived from the machine. A move by target stage only ever means a stage-changing event;
 * record-only events must be named. Every caller (API moves, bulk ingest, importers) uses this.
 */
export function resolveMove(
  p: CompiledPathway,
  from: string,
  intent: MoveIntent,
): ResolvedMove | MoveRefusal {
  const fromIndex = p.stageIndex.get(from);
  if (fromIndex === undefined) {
    return refusal(
      p,
      from,
      'unknown_stage',
      'target',
      `The case rests in "${from}", which its pathway does not know.`,
    );
  }
  let toIndex = -1;
  if (intent.toStage !== undefined) {
    toIndex = p.stageIndex.get(intent.toStage) ?? -1;
    if (toIndex < 0) {
      return refusal(
        p,
        from,
        'unknown_stage',
        'target',
        `${quoteSent(intent.toStage)} is not a stage of this pathway.`,
      );
    }
  }
  let eventIndex = -1;
  if (intent.event !== undefined && intent.event !== null) {
    eventIndex = p.eventIndex.get(intent.event) ?? -1;
    if (eventIndex < 0) {
      return refusal(
        p,
        from,
        'unknown_event',
        'event',
        `${quoteSent(intent.event)} is not an event of this pathway.`,
      );
    }
  }
  return resolveMoveAt(p, fromIndex, eventIndex, toIndex);
}

/**
 * `resolveMove` over table indexes (-1 for "not given"), for paths that already hold codes; the
 * stage and event indexes must belong to `p`.
 */
export function resolveMoveAt(
  p: CompiledPathway,
  fromIndex: number,
  eventIndex: number,
  toIndex: number,
): ResolvedMove | MoveRefusal {
  const t = tables(p);
  const from = p.stages[fromIndex]!;
  const width = p.events.length;
  if (eventIndex < 0) {
    if (toIndex < 0) return refusal(p, from, 'no_move', 'event', 'Give an event or a target stage.');
    const key = fromIndex * p.stages.length + toIndex;
    let candidates = t.between.get(key);
    if (!candidates) {
      candidates = [];
      for (let e = 0; e < width; e++) {
        if (t.recordOnly[e] === 0 && p.table[fromIndex * width + e] === toIndex) candidates.push(e);
      }
      t.between.set(key, candidates);
    }
    const to = p.stages[toIndex]!;
    if (candidates.length === 0) {
      return refusal(
        p,
        from,
        'illegal_move',
        'target',
        `No move leads from "${from}" to "${to}"; allowed: ${listOf(p.allowedEvents(from))}.`,
      );
    }
    if (candidates.length > 1) {
      const names = candidates.map((e) => p.events[e]!);
      return refusal(
        p,
        from,
        'ambiguous_move',
        'event',
        `Several events lead from "${from}" to "${to}" (${names.join(', ')}); name one.`,
        names,
      );
    }
    eventIndex = candidates[0]!;
  }
  const target = p.table[fromIndex * width + eventIndex]!;
  const event = p.events[eventIndex]!;
  if (target === NO_MOVE) {
    return refusal(
      p,
      from,
      'illegal_move',
      'event',
      `"${event}" is not a legal move from "${from}"; allowed: ${listOf(p.allowedEvents(from))}.`,
    );
  }
  if (toIndex >= 0 && target !== toIndex) {
    return refusal(
      p,
      from,
      'illegal_move',
      'target',
      `"${event}" leads from "${from}" to "${p.stages[target]}", not "${p.stages[toIndex]}".`,
    );
  }
  return {
    ok: true,
    event,
    eventIndex,
    toStage: p.stages[target]!,
    toIndex: target,
    changesStage: t.recordOnly[eventIndex] === 0,
    terminal: t.terminal[target] === 1,
  };
}

function listOf(events: string[]): string {
  return events.length > 0 ? events.join(', ') : 'none';
}

function refusal(
  p: CompiledPathway,
  from: string,
  code: MoveRefusalCode,
  field: MoveRefusal['field'],
  message: string,
  candidates?: string[],
): MoveRefusal {
  const allowedEvents = p.stageIndex.has(from) ? p.allowedEvents(from) : [];
  return candidates
    ? { ok: false, code, field, message, currentStage: from, allowedEvents, candidates }
    : { ok: false, code, field, message, currentStage: from, allowedEvents };
}
