import type { OutsidePathway } from '@continuum/machines';
import { StoreError } from '../errors.ts';
import type { CaseRun } from './CaseRun.ts';
import type { CaseRuns } from './CaseRuns.ts';
import { checkOpeningEvent } from './checkOpeningEvent.ts';
import { continueCase } from './continueCase.ts';
import type { IngestPathway, IngestPathways } from './IngestPathways.ts';
import type { IngestSink } from './IngestSink.ts';
import type { IngestTally } from './IngestTally.ts';
import type { CheckedRow, RowChecker } from './RowChecker.ts';
import type { RawRow } from './rowSources.ts';
import { unknownNameError } from './unknownNameError.ts';

/**
 * Takes each row through the steps: check its values (RowChecker), find or start its case's run
 * (CaseRuns), apply it (`continueCase`, the one move rule), hand the writes to the sink and count
 * it in the report (IngestTally). A refused row is reported with the store error's code, field and
 * message, and rejects its case.
 */
export class RowIngester {
  constructor(
    private readonly runs: CaseRuns,
    private readonly checker: RowChecker,
    private readonly pathways: IngestPathways,
    private readonly sink: IngestSink,
    private readonly tally: IngestTally,
    /** The version new cases open under. */
    private readonly versionId: number,
    private readonly main: IngestPathway,
    /** What a move by stage the pathway lacks does: stored flagged, or refused (the default). */
    private readonly outside: OutsidePathway = 'reject',
  ) {}

  /** Ingests one row; returns a promise only when a step must wait (a lookup, a full buffer). */
  row({ line, values, header }: RawRow): Promise<void> | undefined {
    if ('__error' in values) {
      this.tally.reject({ row: line, code: 'invalid_row', message: String(values.__error) });
      return undefined;
    }
    // Refs are trimmed before pseudonymising, so ' A' and 'A' are the same case here too.
    const sourceRef = typeof values.case_ref === 'string' ? values.case_ref.trim() : values.case_ref;
    let r: CaseRun | undefined;
    try {
      if (typeof sourceRef !== 'string' || sourceRef.trim() === '') {
        throw new StoreError('invalid_value', 'case_ref is required.', 'case_ref');
      }
      r = this.runs.get(sourceRef);
      const earlier = this.runs.rejectedAt(sourceRef, r);
      if (earlier !== undefined) {
        this.tally.reject({
          row: line,
          code: 'case_rejected',
          field: 'case_ref',
          message: `An earlier row of this case (line ${earlier}) was rejected.`,
        });
        return undefined;
      }
      const row = this.checker.check(values, header);
      if (!r) return this.firstRow(sourceRef, line, row);
      this.continueRun(r, row);
      return this.sink.maybeFlush();
    } catch (error) {
      this.refuse(error, line, r, typeof sourceRef === 'string' ? sourceRef : '');
      return undefined;
    }
  }

  /** The first row of a case this ingest has not met: continues a stored case or opens a new one. */
  private async firstRow(sourceRef: string, line: number, row: CheckedRow): Promise<void> {
    let r: CaseRun | undefined;
    try {
      const ref = this.runs.refOf(sourceRef);
      const existing = await this.sink.lookupCase(ref);
      if (existing) {
        const l = await this.pathways.load(existing.pathwayVersionId);
        r = this.runs.continueStored(sourceRef, ref, existing, l);
        this.continueRun(r, row);
      } else {
        const { main } = this;
        const stageIndex = main.pathway.stageIndex.get(row.stage);
        if (stageIndex === undefined) {
          throw unknownNameError('unknown_stage', 'stage', row.stage, 'is not a stage of the pathway.');
        }
        if (row.event !== null) checkOpeningEvent(main.pathway, row.event, row.stage);
        const { at, eventId } = row;
        r = this.runs.open(sourceRef, ref, main, this.versionId, stageIndex, at, row.attrs, eventId);
        if (this.tally.writing) {
          this.sink.addCase(r);
          this.sink.addEvent(r, 1, at, null, null, main.stageCodes[stageIndex]!, eventId, 0);
        }
      }
      const flushing = this.sink.maybeFlush();
      if (flushing) await flushing;
    } catch (error) {
      this.refuse(error, line, r, sourceRef);
    }
  }

  private continueRun(r: CaseRun, row: CheckedRow): void {
    const l = r.pathwayVersionId === this.versionId ? this.main : this.pathways.get(r.pathwayVersionId);
    const report = this.tally.report;
    if (!continueCase(r, row, l, this.sink, this.tally.writing, report.rows, this.outside))
      report.duplicateRows++;
  }

  /** Reports a refused row (a StoreError; anything else aborts the ingest) and rejects its case. */
  private refuse(error: unknown, line: number, r: CaseRun | undefined, sourceRef: string): void {
    if (!(error instanceof StoreError)) throw error;
    this.tally.reject({
      row: line,
      code: error.code,
      ...(error.field ? { field: error.field } : {}),
      message: error.message,
    });
    this.runs.reject(r, sourceRef, line);
  }
}
