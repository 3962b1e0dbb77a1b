import { CODED_ATTRIBUTES } from '../canonicalEvent.ts';
import type { StoredEvent } from '../caseTrace.ts';
import { writeCsv } from './writeCsv.ts';

/** The canonical event log's columns, in the order ingest reads them. */
export const CANONICAL_COLUMNS = [
  'case_ref',
  'stage',
  'entered_at',
  'event',
  'event_id',
  ...CODED_ATTRIBUTES,
];

/**
 * Streams stored events as the canonical CSV event log (re-importable): one row per event, the
 * case's coded attributes on its opening row, times as ISO 8601 UTC.
 */
export function canonicalCsv(
  batches: AsyncIterable<readonly StoredEvent[]> | Iterable<readonly StoredEvent[]>,
): AsyncGenerator<string> {
  return writeCsv(CANONICAL_COLUMNS, rowsOf(batches));
}

async function* rowsOf(
  batches: AsyncIterable<readonly StoredEvent[]> | Iterable<readonly StoredEvent[]>,
): AsyncGenerator<Record<string, unknown>> {
  for await (const batch of batches) {
    for (const e of batch) {
      yield {
        case_ref: e.ref,
        stage: e.toStage,
        entered_at: new Date(e.occurredAt).toISOString(),
        event: e.event ?? '',
        event_id: e.clientEventId ?? '',
        ...(e.seq === 1 ? e.attributes : {}),
      };
    }
  }
}
