import { CODED_ATTRIBUTES, type CodedAttributes } from '../schema.ts';

/** A case as the repositories return it (times in epoch ms). */
export interface CaseRecord {
  id: number;
  /** HMAC-SHA-256 hex of the source reference: the only identifier stored. */
  ref: string;
  pathwayVersionId: number;
  stage: string;
  stageEnteredAt: number;
  openedAt: number;
  /** Set while the case rests in a terminal stage; cleared by a re-referral. */
  closedAt: number | null;
  lastSeq: number;
  lastOccurredAt: number;
  createdAt: number;
  attributes: CodedAttributes;
}

/** One entry of a case's append-only log. */
export interface CaseEventRecord {
  id: number;
  caseId: number;
  seq: number;
  occurredAt: number;
  recordedAt: number;
  /** Null for the opening entry. */
  event: string | null;
  fromStage: string | null;
  toStage: string;
  clientEventId: string | null;
  /** An imported move the pathway lacks, stored as recorded (event null); never set by a live move. */
  outsidePathway: boolean;
}

/** One stay of a case in a stage; `exitedAt` null while the case is still there. */
export interface StageIntervalRecord {
  id: number;
  caseId: number;
  stage: string;
  enteredAt: number;
  exitedAt: number | null;
  nextStage: string | null;
  exitEvent: string | null;
  entryEvent: string | null;
}

/** Raw row shapes as either engine returns them (numbers may arrive as bigint-ish strings; normalised here). */
// biome-ignore lint/suspicious/noExplicitAny: a row straight from the driver
type Row = Record<string, any>;

/** Pulls the coded attributes out of a row. */
export function attributesOf(row: Row): CodedAttributes {
  const out = {} as CodedAttributes;
  for (const a of CODED_ATTRIBUTES) out[a] = row[a] ?? null;
  return out;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Where a case is, as its row says: shared by the repositories' reads and the ingest's lookups. */
export type CaseState = Omit<CaseRecord, 'ref' | 'createdAt'>;

/** Row -> CaseState. */
export function toCaseState(row: Row): CaseState {
  return {
    id: Number(row.id),
    pathwayVersionId: Number(row.pathway_version_id),
    stage: String(row.stage),
    stageEnteredAt: Number(row.stage_entered_at),
    openedAt: Number(row.opened_at),
    closedAt: num(row.closed_at),
    lastSeq: Number(row.last_seq),
    lastOccurredAt: Number(row.last_occurred_at),
    attributes: attributesOf(row),
  };
}

/** Row -> CaseRecord. */
export function toCase(row: Row): CaseRecord {
  return { ...toCaseState(row), ref: row.ref, createdAt: Number(row.created_at) };
}

/** Row -> CaseEventRecord. */
export function toEvent(row: Row): CaseEventRecord {
  return {
    id: Number(row.id),
    caseId: Number(row.case_id),
    seq: Number(row.seq),
    occurredAt: Number(row.occurred_at),
    recordedAt: Number(row.recorded_at),
    event: row.event ?? null,
    fromStage: row.from_stage ?? null,
    toStage: row.to_stage,
    clientEventId: row.client_event_id ?? null,
    outsidePathway: Number(row.outside_pathway ?? 0) === 1,
  };
}

/** Row -> StageIntervalRecord. */
export function toInterval(row: Row): StageIntervalRecord {
  return {
    id: Number(row.id),
    caseId: Number(row.case_id),
    stage: row.stage,
    enteredAt: Number(row.entered_at),
    exitedAt: num(row.exited_at),
    nextStage: row.next_stage ?? null,
    exitEvent: row.exit_event ?? null,
    entryEvent: row.entry_event ?? null,
  };
}
