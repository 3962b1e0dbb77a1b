import type { OutsidePathway } from '@continuum/machines';
import { StoreError } from '../errors.ts';
import type { Store } from '../store.ts';
import { CaseRuns } from './CaseRuns.ts';
import { finishIngest } from './finishIngest.ts';
import { IngestPathways } from './IngestPathways.ts';
import type { IngestReport } from './IngestReport.ts';
import { IngestTally } from './IngestTally.ts';
import { RowChecker } from './RowChecker.ts';
import { RowIngester } from './RowIngester.ts';
import type { RawRow } from './rowSources.ts';

/** How an ingest runs. */
export interface IngestOptions {
  /** atomic: any rejected row rolls everything back; partial: keep the cases whose every row is valid. */
  mode: 'atomic' | 'partial';
  /** Key for pseudonymising `case_ref` (see loadOrCreateHmacKey). */
  hmacKey: Buffer;
  /** Pathway new cases open under (its newest version); the newest published pathway when absent. */
  pathwayId?: string | undefined;
  /**
   * A row whose move by stage (no event named) the pathway lacks: `reject` refuses it as
   * `illegal_move` (the default for an event log); `flag` stores it as recorded, flagged outside the
   * pathway (the statutory returns' default). Named events are always checked.
   */
  outsidePathway?: OutsidePathway | undefined;
}

// Every SETTLE_EVERY rows, new cases without a row for a long stretch are settled (their rows
// written while the log still streams, instead of all at the end; see CaseRuns.settleIdle).
const SETTLE_EVERY = 20_000;

/**
 * Streams the canonical event log into the store: every consecutive pair of a case's rows is checked
 * with the one move rule (as an API move is), stays are derived in memory as rows stream by, and
 * the whole ingest runs in one transaction. Returns a row-numbered report.
 */
export async function ingestEvents(
  store: Store,
  rows: AsyncIterable<RawRow | RawRow[]> | Iterable<RawRow | RawRow[]>,
  options: IngestOptions,
): Promise<IngestReport> {
  const version = await ingestPathway(store, options.pathwayId);
  const run = () => ingestWith(store, rows, options, version.id);
  return store.write(run);
}

/**
 * The published version new cases of an ingest open under (the newest of `pathwayId`, or of the
 * newest pathway); refused as `pathway_not_found` (the id is not repeated: it is the sender's text).
 * An import job is checked by it before it is queued.
 */
export async function ingestPathway(store: Store, pathwayId: string | undefined): Promise<{ id: number }> {
  const version = await store.pathways.latest(pathwayId);
  if (!version)
    throw new StoreError(
      'pathway_not_found',
      pathwayId ? 'No published pathway has that pathwayId.' : 'No pathway is published.',
      'pathwayId',
    );
  return version;
}

/**
 * One ingest inside the write gate: a sink from the database's adapter, then every row through the
 * steps (RowIngester), then commit or roll back (finishIngest) and the report (IngestTally).
 */
async function ingestWith(
  store: Store,
  rows: AsyncIterable<RawRow | RawRow[]> | Iterable<RawRow | RawRow[]>,
  options: IngestOptions,
  versionId: number,
): Promise<IngestReport> {
  const tally = new IngestTally(options.mode);
  const report = tally.report;
  const sink = store.adapter.ingestSink();
  const pathways = new IngestPathways(store);
  const main = await pathways.load(versionId);
  const runs = new CaseRuns(options.hmacKey, report);
  const ingester = new RowIngester(
    runs,
    new RowChecker(),
    pathways,
    sink,
    tally,
    versionId,
    main,
    options.outsidePathway ?? 'reject',
  );
  let committed: boolean;
  try {
    await sink.begin();
    for await (const item of rows) {
      const batch = Array.isArray(item) ? item : [item];
      if (sink.prefetchCases) await runs.prefetch(batch, sink.prefetchCases);
      for (const row of batch) {
        if (++report.rows % SETTLE_EVERY === 0 && tally.writing) runs.settleIdle(sink);
        const waiting = ingester.row(row);
        if (waiting) await waiting;
      }
    }
    committed = await finishIngest(sink, runs.all(), pathways, tally.writing);
  } catch (error) {
    await sink.rollback().catch(() => undefined);
    throw error;
  }
  return tally.finish(runs.all(), committed);
}
