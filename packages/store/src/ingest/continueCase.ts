import type { OutsidePathway } from '@continuum/machines';
import { StoreError } from '../errors.ts';
import type { CodedAttribute, CodedAttributes } from '../schema.ts';
import type { CaseRun } from './CaseRun.ts';
import type { IngestPathway } from './IngestPathways.ts';
import type { IngestSink } from './IngestSink.ts';
import type { CheckedRow } from './RowChecker.ts';
import { rowMove } from './rowMove.ts';

/**
 * Applies a row that continues a case: the pair (the case's previous row, this row) must be a legal
 * move (`rowMove`, the one move rule); its event and the stay it closes go to the sink (when
 * `writing`), and the run moves on. With `outside` = flag, a move by stage the pathway lacks is
 * written as recorded, flagged and with no event (its stays are the source's, none invented).
 * Returns false for a duplicate (its event id is recorded).
 */
export function continueCase(
  r: CaseRun,
  row: CheckedRow,
  l: IngestPathway,
  sink: IngestSink,
  writing: boolean,
  rowNumber: number,
  outside: OutsidePathway = 'reject',
): boolean {
  const { at, eventId } = row;
  if (eventId && r.clientEventIds?.has(eventId)) return false;
  if (at < r.lastOccurredAt) {
    throw new StoreError(
      'out_of_order',
      `entered_at ${new Date(at).toISOString()} is before the case's previous event (${new Date(r.lastOccurredAt).toISOString()}).`,
      'entered_at',
    );
  }
  const from = r.stage;
  const move = rowMove(l.pathway, from, row.stage, row.event, outside);
  const seq = r.seq + 1;
  const flagged = 'outside' in move;
  const eventCode = flagged ? null : l.eventCodes[move.eventIndex]!;
  const toCode = l.stageCodes[move.toIndex]!;
  if (writing) {
    sink.addEvent(r, seq, at, eventCode, l.stageCodes[from]!, toCode, eventId, flagged ? 1 : 0);
    if (move.changesStage) {
      if (r.stayInStore) sink.closeStoredInterval(r, at, toCode, eventCode);
      else
        sink.addInterval(r, l.stageCodes[from]!, r.stageEnteredAt, at, toCode, eventCode, r.entryEventCode);
    }
  }
  if (move.changesStage) {
    r.stayInStore = false;
    r.stage = move.toIndex;
    r.stageEnteredAt = at;
    r.entryEventCode = eventCode;
    r.closedAt = move.terminal ? at : null;
  }
  r.seq = seq;
  r.lastOccurredAt = at;
  if (row.attrs) mergeAttributes(r.attributes, row.attrs);
  if (eventId) {
    r.clientEventIds ??= new Set();
    r.clientEventIds.add(eventId);
  }
  r.acceptedRows++;
  if (flagged) r.flaggedRows++;
  r.lastRow = rowNumber;
  return true;
}

/** Later rows update attributes (legal status, closure reason...), but the age band stays the one at entry. */
function mergeAttributes(into: CodedAttributes, from: Partial<CodedAttributes>): void {
  for (const key in from) {
    const k = key as CodedAttribute;
    if (k === 'age_band' && into.age_band !== null) continue;
    into[k] = from[k] ?? into[k];
  }
}
