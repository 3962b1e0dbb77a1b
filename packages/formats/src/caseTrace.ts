/** One recorded event of a case as the store holds it (times in epoch milliseconds). */
export interface TraceEvent {
  seq: number;
  occurredAt: number;
  /** Null on the case's opening. */
  event: string | null;
  fromStage: string | null;
  toStage: string;
  clientEventId?: string | null;
}

/** A case and its events in sequence order: the unit XES calls a trace. */
export interface CaseTrace {
  /** The pseudonymous case reference. */
  ref: string;
  attributes?: Readonly<Record<string, string | null>>;
  events: TraceEvent[];
}

/** An event row as the store streams it (id order), structurally: formats stays free of the store. */
export interface StoredEvent extends TraceEvent {
  caseId: number;
  ref: string;
  attributes?: Readonly<Record<string, string | null>>;
}

/**
 * Groups an id-ordered event stream into one trace per case, in order of each case's first event.
 * It holds the whole log in memory (about 100 bytes an event): the store streams by event id, and a
 * case's events are not contiguous when moves arrived live.
 */
export async function* groupByCase(
  batches: AsyncIterable<readonly StoredEvent[]> | Iterable<readonly StoredEvent[]>,
): AsyncGenerator<CaseTrace> {
  const traces = new Map<number, CaseTrace>();
  for await (const batch of batches) {
    for (const e of batch) {
      let trace = traces.get(e.caseId);
      if (!trace) {
        trace = { ref: e.ref, attributes: e.attributes, events: [] };
        traces.set(e.caseId, trace);
      }
      trace.events.push({
        seq: e.seq,
        occurredAt: e.occurredAt,
        event: e.event,
        fromStage: e.fromStage,
        toStage: e.toStage,
        clientEventId: e.clientEventId ?? null,
      });
    }
  }
  for (const trace of traces.values()) {
    trace.events.sort((a, b) => a.seq - b.seq);
    yield trace;
  }
}
