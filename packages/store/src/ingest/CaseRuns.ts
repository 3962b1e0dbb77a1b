import { emptyAttributes } from '../anonymise/parseAttributes.ts';
import { pseudonymise } from '../anonymise/pseudonymise.ts';
import type { CodedAttributes } from '../schema.ts';
import type { CaseRun, ExistingCase } from './CaseRun.ts';
import type { IngestPathway } from './IngestPathways.ts';
import type { IngestReport } from './IngestReport.ts';
import type { IngestSink } from './IngestSink.ts';
import type { RawRow } from './rowSources.ts';

// Cases with no row in the last IDLE_ROWS rows are settled (see IngestSink.settleCase).
const IDLE_ROWS = 50_000;

// Every attribute null, in CODED_ATTRIBUTES order; spread (never mutated) for each new case.
const emptyAttrs = emptyAttributes();

/**
 * The cases an ingest has met, by source reference: their runs, the refs rejected before a run
 * existed, the pseudonyms computed ahead for a prefetch, and the new cases not settled yet.
 */
export class CaseRuns {
  private readonly runs = new Map<string, CaseRun>();
  private readonly rejectedRefs = new Map<string, number>();
  // Refs of a batch's first-seen cases, pseudonymised for prefetchCases and not yet reached.
  private readonly pseudonyms = new Map<string, string>();
  private unsettled: CaseRun[] = [];

  constructor(
    private readonly hmacKey: Buffer,
    private readonly report: IngestReport,
  ) {}

  /** Every run, in first-seen order. */
  all(): IterableIterator<CaseRun> {
    return this.runs.values();
  }

  /** The run of a source reference, if the ingest has met it. */
  get(sourceRef: string): CaseRun | undefined {
    return this.runs.get(sourceRef);
  }

  /** The line that rejected a case (whether or not it had a run), if any. */
  rejectedAt(sourceRef: string, run: CaseRun | undefined): number | undefined {
    return run ? run.rejectedAt : this.rejectedRefs.get(sourceRef);
  }

  /** Pseudonymises a batch's first-seen refs and hands them to `load` in one call. */
  async prefetch(batch: RawRow[], load: (refs: string[]) => Promise<void>): Promise<void> {
    const fresh: string[] = [];
    for (const { values } of batch) {
      const source = typeof values.case_ref === 'string' ? values.case_ref.trim() : '';
      if (
        source === '' ||
        this.runs.has(source) ||
        this.rejectedRefs.has(source) ||
        this.pseudonyms.has(source)
      )
        continue;
      const ref = pseudonymise(this.hmacKey, source);
      this.pseudonyms.set(source, ref);
      fresh.push(ref);
    }
    if (fresh.length > 0) await load(fresh);
  }

  /** The stored pseudonym of a source reference. */
  refOf(sourceRef: string): string {
    const ref = this.pseudonyms.get(sourceRef) ?? pseudonymise(this.hmacKey, sourceRef);
    this.pseudonyms.delete(sourceRef);
    return ref;
  }

  /** A run continuing a case already in the store. */
  continueStored(sourceRef: string, ref: string, existing: ExistingCase, l: IngestPathway): CaseRun {
    const r: CaseRun = {
      ref,
      id: existing.id,
      existing,
      pathway: l.pathway,
      pathwayVersionId: existing.pathwayVersionId,
      stage: l.pathway.stageIndex.get(existing.stage) ?? 0,
      stageEnteredAt: existing.stageEnteredAt,
      entryEventCode: null,
      openedAt: existing.openedAt,
      closedAt: existing.closedAt,
      lastOccurredAt: existing.lastOccurredAt,
      seq: existing.lastSeq,
      attributes: { ...existing.attributes },
      clientEventIds: existing.clientEventIds,
      stayInStore: existing.openIntervalId !== null,
      acceptedRows: 0,
      flaggedRows: 0,
      lastRow: this.report.rows,
      settledSeq: undefined,
      rejectedAt: undefined,
    };
    this.runs.set(sourceRef, r);
    return r;
  }

  /** A run for a new case, opened by its first row (already accepted). */
  open(
    sourceRef: string,
    ref: string,
    l: IngestPathway,
    versionId: number,
    stageIndex: number,
    at: number,
    attrs: Partial<CodedAttributes> | undefined,
    eventId: string | null,
  ): CaseRun {
    const r: CaseRun = {
      ref,
      id: undefined,
      existing: undefined,
      pathway: l.pathway,
      pathwayVersionId: versionId,
      stage: stageIndex,
      stageEnteredAt: at,
      entryEventCode: null,
      openedAt: at,
      closedAt: l.pathway.definition.stages[stageIndex]!.terminal ? at : null,
      lastOccurredAt: at,
      seq: 1,
      attributes: { ...emptyAttrs, ...attrs },
      clientEventIds: eventId ? new Set([eventId]) : undefined,
      stayInStore: false,
      acceptedRows: 1,
      flaggedRows: 0,
      lastRow: this.report.rows,
      settledSeq: undefined,
      rejectedAt: undefined,
    };
    this.runs.set(sourceRef, r);
    this.unsettled.push(r);
    this.report.casesCreated++;
    return r;
  }

  /** Marks a case rejected at `line`: its accepted rows are discarded (counted once per case). */
  reject(r: CaseRun | undefined, sourceRef: string, line: number): void {
    if (r) {
      if (r.rejectedAt === undefined) {
        r.rejectedAt = line;
        this.report.discardedRows += r.acceptedRows;
        this.report.casesRejected++;
      }
    } else if (!this.rejectedRefs.has(sourceRef)) {
      this.rejectedRefs.set(sourceRef, line);
      this.report.casesRejected++;
    }
  }

  /** Hands the sink the new cases idle for IDLE_ROWS rows (their rows are probably all read). */
  settleIdle(sink: IngestSink): void {
    let kept = 0;
    const unsettled = this.unsettled;
    for (const x of unsettled) {
      if (x.rejectedAt !== undefined) continue;
      if (this.report.rows - x.lastRow < IDLE_ROWS) unsettled[kept++] = x;
      else sink.settleCase(x);
    }
    unsettled.length = kept;
  }
}
