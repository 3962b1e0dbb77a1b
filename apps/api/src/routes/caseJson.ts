import {
  type CaseEventRecord,
  type CaseIdCodec,
  type CaseRecord,
  isoOf,
  type StageIntervalRecord,
} from '@continuum/store';

/**
 * A case as the API shows it: its public id (never the sequential internal one), ISO times, no
 * internal counters beyond the sequence.
 */
export function caseJson(c: CaseRecord, ids: CaseIdCodec) {
  return {
    id: ids.encode(c.id),
    ref: c.ref,
    pathwayVersionId: c.pathwayVersionId,
    stage: c.stage,
    stageEnteredAt: isoOf(c.stageEnteredAt),
    openedAt: isoOf(c.openedAt),
    closedAt: isoOf(c.closedAt),
    lastSeq: c.lastSeq,
    attributes: c.attributes,
  };
}

/** An event as the API shows it. */
export function eventJson(e: CaseEventRecord) {
  return {
    seq: e.seq,
    event: e.event,
    fromStage: e.fromStage,
    toStage: e.toStage,
    occurredAt: isoOf(e.occurredAt),
    recordedAt: isoOf(e.recordedAt),
    clientEventId: e.clientEventId,
    outsidePathway: e.outsidePathway,
  };
}

/** A stay as the API shows it. */
export function intervalJson(i: StageIntervalRecord) {
  return {
    stage: i.stage,
    enteredAt: isoOf(i.enteredAt),
    exitedAt: isoOf(i.exitedAt),
    nextStage: i.nextStage,
    entryEvent: i.entryEvent,
    exitEvent: i.exitEvent,
  };
}
