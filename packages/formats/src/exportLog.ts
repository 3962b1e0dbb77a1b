import type { StoredEvent } from './caseTrace.ts';
import { groupByCase } from './caseTrace.ts';
import { canonicalCsv } from './csv/canonicalCsv.ts';
import { writeXes } from './xes/writeXes.ts';

/** Anything that streams stored events in batches: the store's case repository fits structurally. */
export interface EventSource {
  streamEvents(batchSize?: number): AsyncIterable<readonly StoredEvent[]>;
}

/** The case-log export formats. */
export type LogFormat = 'xes' | 'csv';

/**
 * The case log as a stream of text chunks in XES or canonical CSV; `onEvents` is told the running
 * count of events read, for progress bars.
 */
export function exportLog(
  source: EventSource,
  format: LogFormat,
  onEvents: (count: number) => void = () => {},
): AsyncGenerator<string> {
  const batches = counted(source.streamEvents(), onEvents);
  return format === 'xes' ? writeXes(groupByCase(batches)) : canonicalCsv(batches);
}

async function* counted(
  batches: AsyncIterable<readonly StoredEvent[]>,
  onEvents: (count: number) => void,
): AsyncGenerator<readonly StoredEvent[]> {
  let n = 0;
  for await (const batch of batches) {
    n += batch.length;
    onEvents(n);
    yield batch;
  }
}
