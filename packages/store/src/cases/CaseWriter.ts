import type { CompiledPathway } from '@continuum/machines';
import type { CaseEventRecord, CaseRecord } from '../repositories/rows.ts';
import type { CodedAttributes } from '../schema.ts';

/** Who asked for a write; recorded in the audit log in the same transaction. */
export interface Actor {
  tokenId: number | null;
  role: string | null;
}
import type { MoveRequest } from './planMove.ts';

/** The outcome of a case write; `replayed` means a repeated client event id returned the original. */
export interface CaseWriteResult {
  case: CaseRecord;
  event: CaseEventRecord;
  replayed: boolean;
}

/** Everything needed to open a case (already validated and pseudonymised). */
export interface OpenCommand {
  pathwayVersionId: number;
  ref: string;
  stage: string;
  terminal: boolean;
  occurredAt: number;
  attributes: CodedAttributes;
  clientEventId: string | null;
  recordedAt: number;
  actor?: Actor | undefined;
}

/** A validated move for one case. */
export interface MoveCommand extends MoveRequest {
  caseId: number;
  /** The pathway version the move was checked against; the writer refuses if the case has another. */
  pathwayVersionId: number;
  clientEventId: string | null;
  recordedAt: number;
  actor?: Actor | undefined;
}

/**
 * The port each database implements (in engines/): executes a CaseWritePlan atomically (event,
 * stays and case row in one transaction), serialised per case.
 */
export interface CaseWriter {
  open(command: OpenCommand): Promise<CaseWriteResult>;
  move(pathway: CompiledPathway, command: MoveCommand): Promise<CaseWriteResult>;
}

/** The case was moved to another pathway version after its version was looked up: check again. */
export class CaseVersionChanged extends Error {
  constructor(readonly versionId: number) {
    super(`The case is now on pathway version ${versionId}.`);
    this.name = 'CaseVersionChanged';
  }
}
