import type { CompiledPathway } from '@continuum/machines';
import { type CaseState, toCaseState } from '../repositories/rows.ts';
import type { CodedAttributes } from '../schema.ts';

/** A case already in the store when an ingest first meets it, as it was (to continue it or to undo). */
export interface ExistingCase extends CaseState {
  /** The open stay's row id, if any. */
  openIntervalId: number | null;
  /** Its highest stay row id before this ingest: an undo deletes only the stays added after it. */
  maxIntervalId: number;
  clientEventIds: Set<string>;
}

/** In-memory state of one case during an ingest: the stay being built, counters, and how to undo. */
export interface CaseRun {
  ref: string;
  /** Row id once the sink has written the case row. */
  id: number | undefined;
  existing: ExistingCase | undefined;
  pathway: CompiledPathway;
  pathwayVersionId: number;
  stage: number;
  stageEnteredAt: number;
  /** Code of the event that opened the current stay (null for the opening stay). */
  entryEventCode: number | null;
  openedAt: number;
  closedAt: number | null;
  lastOccurredAt: number;
  seq: number;
  attributes: CodedAttributes;
  clientEventIds: Set<string> | undefined;
  /** The current stay is the pre-existing open interval row (not yet closed by this ingest). */
  stayInStore: boolean;
  /** Rows of this case accepted so far (discarded if the case is rejected). */
  acceptedRows: number;
  /** Of acceptedRows: moves the pathway lacks, stored flagged. */
  flaggedRows: number;
  /** The ingest's row count at this case's last accepted row (cases idle for long are settled). */
  lastRow: number;
  /** `seq` when the sink wrote the case row (early, see IngestSink.settleCase); undefined until then. */
  settledSeq: number | undefined;
  /** Line of the first rejected row of this case. */
  rejectedAt: number | undefined;
}

/** A stored case as an ingest first meets it, from its row and its stays' and events' facts. */
export function existingCase(
  row: Record<string, unknown>,
  openIntervalId: number | null,
  maxIntervalId: number,
  clientEventIds: Set<string>,
): ExistingCase {
  return { ...toCaseState(row), openIntervalId, maxIntervalId, clientEventIds };
}
