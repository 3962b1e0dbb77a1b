import { type CompiledPathway, quoteSent } from '@continuum/machines';
import { parseAttributes, parseClientEventId } from '../anonymise/parseAttributes.ts';
import { pseudonymise } from '../anonymise/pseudonymise.ts';
import { StoreError } from '../errors.ts';
import type { PathwayVersion } from '../repositories/PathwayRepository.ts';
import type { Store } from '../store.ts';
import { parsePastTime } from '../time.ts';
import { type Actor, CaseVersionChanged, type CaseWriteResult, type CaseWriter } from './CaseWriter.ts';

/** Input to open a case; raw values from the boundary (validated here). */
export interface OpenCaseInput {
  /** The source system's reference; only its HMAC is stored. */
  caseRef: string;
  /** Opening stage; the pathway's entry when absent. */
  stage?: string | undefined;
  /** ISO 8601 or epoch ms; now when absent. */
  occurredAt?: string | number | undefined;
  /** Coded attributes only (unknown keys and PII-looking values are refused). */
  attributes?: unknown;
  clientEventId?: string | undefined;
  /** Which pathway (newest version is used); the default pathway when absent. */
  pathwayId?: string | undefined;
}

/** Input to move a case: an event name or a target stage. */
export interface MoveCaseInput {
  event?: string | undefined;
  toStage?: string | undefined;
  occurredAt?: string | number | undefined;
  clientEventId?: string | undefined;
}

/**
 * Opens and moves cases: validates and pseudonymises at the boundary, decides legality with the
 * one move rule (see CaseWritePlan), and hands the write to the database's CaseWriter.
 */
export class CaseService {
  private readonly writer: CaseWriter;
  private readonly versions = new Map<number, PathwayVersion>();
  // A case's pathway version changes only when it is moved to another version, so the lookup before each move is
  // remembered; the writer refuses a move checked against a version the case no longer has.
  private readonly versionOfCase = new Map<number, number>();

  constructor(
    private readonly store: Store,
    private readonly hmacKey: Buffer,
    private readonly clock: () => number = Date.now,
  ) {
    this.writer = store.adapter.caseWriter();
  }

  /** The pseudonymous ref a source reference maps to (for lookups). */
  refOf(caseRef: string): string {
    return pseudonymise(this.hmacKey, caseRef);
  }

  /** Opens a case; a repeated clientEventId for the same ref returns the original opening. */
  async open(input: OpenCaseInput, actor?: Actor): Promise<CaseWriteResult> {
    if (
      typeof input.caseRef !== 'string' ||
      input.caseRef.trim().length === 0 ||
      input.caseRef.length > 200
    ) {
      throw new StoreError(
        'invalid_value',
        'caseRef must be a non-empty string of at most 200 characters.',
        'caseRef',
      );
    }
    const attributes = parseAttributes(input.attributes);
    const clientEventId = parseClientEventId(input.clientEventId);
    const version = input.pathwayId
      ? await this.store.pathways.latest(input.pathwayId)
      : await this.store.pathways.latest();
    if (!version) {
      throw new StoreError(
        'pathway_not_found',
        `No published pathway${input.pathwayId ? ` ${quoteSent(input.pathwayId)}` : ''}.`,
        'pathwayId',
      );
    }
    const pathway = this.store.pathways.compiled(version);
    const stage = input.stage ?? pathway.definition.entry;
    const index = pathway.stageIndex.get(stage);
    if (index === undefined) {
      throw new StoreError('unknown_stage', `${quoteSent(stage)} is not a stage of this pathway.`, 'stage', {
        stages: pathway.stages,
      });
    }
    const now = this.clock();
    return this.writer.open({
      pathwayVersionId: version.id,
      ref: this.refOf(input.caseRef),
      stage,
      terminal: pathway.definition.stages[index]!.terminal === true,
      occurredAt: input.occurredAt === undefined ? now : parsePastTime(input.occurredAt, 'occurredAt', now),
      attributes,
      clientEventId,
      recordedAt: now,
      actor,
    });
  }

  /** Moves a case by event or target stage; illegal moves throw StoreError('illegal_move') with the allowed events. */
  async move(caseId: number, input: MoveCaseInput, actor?: Actor): Promise<CaseWriteResult> {
    if (input.event !== undefined && typeof input.event !== 'string') {
      throw new StoreError('invalid_value', 'event must be a string.', 'event');
    }
    if (input.toStage !== undefined && typeof input.toStage !== 'string') {
      throw new StoreError('invalid_value', 'toStage must be a string.', 'toStage');
    }
    const now = this.clock();
    const command = {
      caseId,
      event: input.event,
      toStage: input.toStage,
      occurredAt: input.occurredAt === undefined ? now : parsePastTime(input.occurredAt, 'occurredAt', now),
      clientEventId: parseClientEventId(input.clientEventId),
      recordedAt: now,
      actor,
    };
    let versionId = this.versionOfCase.get(caseId);
    if (versionId === undefined) {
      const c = await this.store.cases.get(caseId);
      if (!c) throw new StoreError('case_not_found', 'No such case.', 'caseId');
      versionId = c.pathwayVersionId;
    }
    for (;;) {
      this.rememberVersion(caseId, versionId);
      try {
        const pathway = await this.pathwayOf(versionId);
        return await this.writer.move(pathway, { ...command, pathwayVersionId: versionId });
      } catch (error) {
        // Moved to another version meanwhile (by this process or another sharing the database): check against its new version.
        if (!(error instanceof CaseVersionChanged) || error.versionId === versionId) throw error;
        versionId = error.versionId;
      }
    }
  }

  /** Remembers a case's pathway version (it changes only when the case is moved to another version; the writer checks). */
  private rememberVersion(caseId: number, versionId: number): void {
    if (this.versionOfCase.size >= 100_000) this.versionOfCase.clear();
    this.versionOfCase.set(caseId, versionId);
  }

  /** The compiled pathway a case was opened under. */
  async pathwayOf(versionId: number): Promise<CompiledPathway> {
    let v = this.versions.get(versionId);
    if (!v) {
      v = await this.store.pathways.getById(versionId);
      if (!v)
        throw new StoreError('pathway_not_found', `No pathway version ${versionId}.`, 'pathwayVersionId');
      this.versions.set(versionId, v);
    }
    return this.store.pathways.compiled(v);
  }
}
