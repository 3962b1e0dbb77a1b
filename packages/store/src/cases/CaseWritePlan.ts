import type { CompiledPathway } from '@continuum/machines';
import { StoreError } from '../errors.ts';
import { type CaseEventRecord, type CaseRecord, toCase, toEvent } from '../repositories/rows.ts';
import type { CodedAttributes } from '../schema.ts';
import {
  type Actor,
  CaseVersionChanged,
  type CaseWriteResult,
  type MoveCommand,
  type OpenCommand,
} from './CaseWriter.ts';
import { assertSameReplay, planMove } from './planMove.ts';

/** A case row to insert (an opening). */
export interface NewCaseRow {
  ref: string;
  pathwayVersionId: number;
  stage: string;
  occurredAt: number;
  closedAt: number | null;
  recordedAt: number;
  attributes: CodedAttributes;
}

/** One row appended to a case's log; names, not codes (each engine codes them in its SQL). */
export interface EventRow {
  seq: number;
  occurredAt: number;
  recordedAt: number;
  event: string | null;
  fromStage: string | null;
  toStage: string;
  clientEventId: string | null;
}

/** One audit-log row written in the same transaction; its case id is the written case's. */
export interface AuditRow {
  at: number;
  tokenId: number | null;
  role: string | null;
  action: string;
  detail: string;
}

/**
 * The rows one accepted opening or move writes, decided once for both databases: each engine's
 * CaseWriter only executes it, in order, inside its transaction.
 */
export interface CaseWritePlan {
  /** Set for an opening: the case row to insert (the other rows take its id). */
  newCase: NewCaseRow | undefined;
  event: EventRow;
  /** The open stay to close (a stage-changing move). */
  closeStay: { exitedAt: number; nextStage: string; exitEvent: string } | undefined;
  /** The stay to open (an opening, or a stage-changing move). */
  openStay: { stage: string; enteredAt: number; entryEvent: string | null } | undefined;
  /** The case as it rests after the write (a move; an opening's comes from the inserted row). */
  after: CaseRecord | undefined;
  audit: AuditRow | undefined;
}

/** A write that turned out to repeat an earlier one (same client event id): its answer and audit. */
export interface CaseReplay {
  result: CaseWriteResult;
  audit: AuditRow | undefined;
}

function auditRow(
  actor: Actor | undefined,
  action: string,
  at: number,
  detail: unknown,
): AuditRow | undefined {
  return actor
    ? { at, tokenId: actor.tokenId, role: actor.role, action, detail: JSON.stringify(detail) }
    : undefined;
}

/** The rows of an opening: the case, its first event and its first stay. */
export function planOpening(c: OpenCommand): CaseWritePlan {
  return {
    newCase: {
      ref: c.ref,
      pathwayVersionId: c.pathwayVersionId,
      stage: c.stage,
      occurredAt: c.occurredAt,
      closedAt: c.terminal ? c.occurredAt : null,
      recordedAt: c.recordedAt,
      attributes: c.attributes,
    },
    event: {
      seq: 1,
      occurredAt: c.occurredAt,
      recordedAt: c.recordedAt,
      event: null,
      fromStage: null,
      toStage: c.stage,
      clientEventId: c.clientEventId,
    },
    closeStay: undefined,
    openStay: { stage: c.stage, enteredAt: c.occurredAt, entryEvent: null },
    after: undefined,
    audit: auditRow(c.actor, 'case.open', c.recordedAt, { stage: c.stage }),
  };
}

/**
 * An opening whose ref is already stored: the original answer when the client event id repeats
 * (`original` is that event's named row), else `case_exists`.
 */
export function openingReplay(
  existing: Record<string, unknown>,
  original: Record<string, unknown> | undefined,
  c: OpenCommand,
): CaseReplay {
  if (!original) {
    throw new StoreError('case_exists', 'A case with this reference already exists.', 'caseRef', {
      caseId: Number(existing.id),
    });
  }
  return {
    result: { case: toCase(existing), event: toEvent(original), replayed: true },
    audit: auditRow(c.actor, 'case.open.replay', c.recordedAt, { clientEventId: c.clientEventId }),
  };
}

/**
 * Decides a move on the case row read under the engine's lock (`original`: the stored event with
 * the command's client event id, if any): a replay, or the rows to write (the one move rule decides
 * legality, see planMove).
 */
export function planCaseMove(
  pathway: CompiledPathway,
  current: Record<string, unknown> | undefined,
  original: Record<string, unknown> | undefined,
  c: MoveCommand,
): CaseReplay | CaseWritePlan {
  if (!current) throw new StoreError('case_not_found', 'No such case.', 'caseId');
  if (Number(current.pathway_version_id) !== c.pathwayVersionId) {
    throw new CaseVersionChanged(Number(current.pathway_version_id));
  }
  if (original) {
    assertSameReplay(original as { event: string | null; to_stage: string }, c);
    return {
      result: { case: toCase(current), event: toEvent(original), replayed: true },
      audit: auditRow(c.actor, 'case.move.replay', c.recordedAt, { clientEventId: c.clientEventId }),
    };
  }
  const after = toCase(current);
  const plan = planMove(pathway, after, c);
  after.stage = plan.toStage;
  if (plan.changesStage) {
    after.stageEnteredAt = plan.occurredAt;
    after.closedAt = plan.terminal ? plan.occurredAt : null;
  }
  after.lastSeq = plan.seq;
  after.lastOccurredAt = plan.occurredAt;
  return {
    newCase: undefined,
    event: {
      seq: plan.seq,
      occurredAt: plan.occurredAt,
      recordedAt: c.recordedAt,
      event: plan.event,
      fromStage: plan.fromStage,
      toStage: plan.toStage,
      clientEventId: c.clientEventId,
    },
    closeStay: plan.changesStage
      ? { exitedAt: plan.occurredAt, nextStage: plan.toStage, exitEvent: plan.event }
      : undefined,
    openStay: plan.changesStage
      ? { stage: plan.toStage, enteredAt: plan.occurredAt, entryEvent: plan.event }
      : undefined,
    after,
    audit: auditRow(c.actor, 'case.move', c.recordedAt, {
      event: plan.event,
      from: plan.fromStage,
      to: plan.toStage,
    }),
  };
}

/** True when a decision is a replay (nothing to write but its audit). */
export function isReplay(decision: CaseReplay | CaseWritePlan): decision is CaseReplay {
  return 'result' in decision;
}

/** The answer to an executed plan, from the case as it rests now and the new event's id. */
export function writtenResult(plan: CaseWritePlan, after: CaseRecord, eventId: number): CaseWriteResult {
  // A live move is decided by the machine: it is never outside the pathway.
  const event: CaseEventRecord = { id: eventId, caseId: after.id, ...plan.event, outsidePathway: false };
  return { case: after, event, replayed: false };
}
