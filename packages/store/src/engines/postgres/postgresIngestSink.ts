import type pg from 'pg';
import { type CaseRun, type ExistingCase, existingCase } from '../../ingest/CaseRun.ts';
import { finalCaseWrite } from '../../ingest/finalCaseWrite.ts';
import type { IngestSink } from '../../ingest/IngestSink.ts';
import { undoPlan } from '../../ingest/undoPlan.ts';
import { WriteLock } from '../WriteLock.ts';
import { CODED_ATTRIBUTES } from '../../schema.ts';
import { CaseOrderedRows } from './CaseOrderedRows.ts';
import { type BatchStep, copyBatch } from './copyBatch.ts';
import { CopyRows } from './copyRows.ts';
import {
  type CopyTable,
  createStagingSql,
  DIRECT,
  integritySql,
  mergeSql,
  STAGING,
  type StagingName,
  undoSql,
} from './postgresStaging.ts';
import { type RowChecks, rowChecksNeeded } from './rowChecksNeeded.ts';

// Events per batch: each batch is one round trip (its COPYs and merge sent together, see
// copyBatch); large enough that the round trips do not count, small enough that the batches read
// ahead stay small in memory.
const FLUSH_AT = 20_000;
// While a batch is being written, the ingest lets I/O run every this many rows: sending a batch
// larger than the socket's buffer, and starting the next one, need this thread for a moment, and
// parsing a whole input chunk without a pause left the server waiting (measured).
const YIELD_EVERY = 100;
// Batches the ingest may read ahead of the one being written: two smooth out batches that take
// the server longer than the client, or the other way round.
const AHEAD = 2;
// Refs per locking lookup of stored cases.
const CHUNK = 5000;

/** The tables a batch fills, in the order a batch writes them (see write). */
const BATCHED = ['cases', 'closes', 'caseUpdates', 'written', 'events', 'stays'] as const;
type Batched = (typeof BATCHED)[number];
type Batch = { [K in Batched]: Buffer } & { counts: Partial<Record<StagingName, number>> };
const TABLES: Record<Batched, CopyTable> = {
  cases: DIRECT.cases,
  events: DIRECT.events,
  stays: DIRECT.stays,
  closes: STAGING.closes,
  caseUpdates: STAGING.caseUpdates,
  written: STAGING.written,
};

/** Options of a PostgreSQL ingest sink (tests choose; the adapter uses the defaults). */
export interface PostgresIngestOptions {
  /** 'auto' (default): skip the per-row foreign-key checks where permitted (see rowChecksNeeded). */
  rowChecks?: RowChecks;
}

/**
 * PostgreSQL ingest: one transaction on one connection of the pool. Rows are gathered as they
 * arrive and encoded in COPY's binary format; every 20,000 events the batch is written while the
 * next ones are read and checked: new case rows (sorted by ref), events and stays (sorted by case)
 * are COPied straight into their tables (staging them and merging with INSERT ... SELECT cost about
 * 30% more server CPU on PostgreSQL 15, which inserts such rows one by one; measured); closed stays
 * and final updates of stored rows are COPied into temporary staging tables and applied with
 * set-based statements (postgresStaging). New cases get ids from the cases' sequence ahead of their
 * rows. Where the role may, the foreign keys' per-row checks are replaced by one set-based check
 * before commit, and case rows are then written once, in their final state (settleCase,
 * finishCases); otherwise a new case's row goes in with its first batch and is updated at the end.
 * Whether a ref is stored already is asked on another pooled connection, so the ingest does not wait
 * for its own writes; stored cases are then read and locked (FOR UPDATE) inside the transaction.
 */
export function postgresIngestSink(pool: pg.Pool, options: PostgresIngestOptions = {}): IngestSink {
  let client: pg.PoolClient | undefined;
  // True: the per-row foreign-key checks run (case rows must then precede their events).
  let checked = true;
  let sequence = '';
  const buffers = Object.fromEntries(BATCHED.map((k) => [k, new CopyRows(TABLES[k].types)])) as Record<
    Batched,
    CopyRows
  >;
  // Events and stays are held as numbers and encoded ordered by case when their batch is written.
  const events = new CaseOrderedRows(
    DIRECT.events.columns.length,
    DIRECT.events.columns.indexOf('client_event_id'),
  );
  const stays = new CaseOrderedRows(DIRECT.stays.columns.length);
  const { cases, closes, caseUpdates, written } = buffers;
  const undo = new CopyRows(STAGING.undo.types);
  // Without the row checks: every case id this ingest's events and stays reference, each staged
  // once (in `written`, sent with the batch), and every version its new cases name, for the
  // set-based check at commit.
  const writtenIds = new Set<number>();
  const versions = new Set<number>();
  const wrote = (id: number) => {
    if (checked || writtenIds.has(id)) return;
    writtenIds.add(id);
    written.int(id);
  };
  const recordedAt = Date.now();
  // Ids taken from the cases' sequence for refs not in the store, used in order by addCase.
  const reserve: number[] = [];
  let reserveAt = 0;
  // Prefetched refs (null: not in the store) until lookupCase takes them.
  const known = new Map<string, ExistingCase | null>();
  const c = () => {
    if (!client) throw new Error('The ingest has no open transaction.');
    return client;
  };
  // Work on the ingest's connection runs one piece at a time, in the order asked (pg queues
  // concurrent queries on one client, but that use is deprecated).
  const turns = new WriteLock();
  const onClient = <T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> => turns.run(() => work(c()));
  /** Resolves once every piece of work asked for so far has ended. */
  const drained = () => turns.run(() => undefined);
  /** A query on another connection, which need not wait behind this ingest's writes (this one when the pool is full). */
  const sideQuery = <R extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    pool.idleCount > 0 || pool.totalCount < (pool.options.max ?? 10)
      ? pool.query<R>(text, values)
      : onClient((db) => db.query<R>(text, values));

  /** Which of refs are stored (committed), and one new id for each of the others. */
  const sortRefs = async (refs: string[]): Promise<string[]> => {
    // In index order, so the server's probes of the ref index walk it instead of jumping about.
    refs.sort();
    const { rows } = await sideQuery<{ found: string[]; ids: (string | number)[] }>(
      `WITH found AS (SELECT ref FROM cases WHERE ref = ANY($1::text[]))
       SELECT ARRAY(SELECT ref FROM found) AS found,
         ARRAY(SELECT nextval($2::regclass) FROM generate_series(1, cardinality($1::text[]) - (SELECT count(*) FROM found)::int)) AS ids`,
      [refs, sequence],
    );
    for (const id of rows[0]!.ids) reserve.push(Number(id));
    return rows[0]!.found;
  };

  const reserveIds = async (n: number) => {
    const { rows } = await sideQuery<{ id: string | number }>(
      'SELECT nextval($1::regclass) AS id FROM generate_series(1, $2)',
      [sequence, n],
    );
    for (const { id } of rows) reserve.push(Number(id));
  };

  /** Locks and reads stored cases (inside the transaction), with their stays' ids and client event ids. */
  const loadStored = (refs: string[]) => onClient((db) => lockStored(db, refs));
  const lockStored = async (db: pg.PoolClient, refs: string[]) => {
    for (let i = 0; i < refs.length; i += CHUNK) {
      const chunk = refs.slice(i, i + CHUNK);
      for (const ref of chunk) known.set(ref, null);
      const { rows } = await db.query('SELECT * FROM cases WHERE ref = ANY($1::text[]) FOR UPDATE', [chunk]);
      if (rows.length === 0) continue;
      const ids = rows.map((r) => Number(r.id));
      const stays = await db.query(
        `SELECT case_id, max(id) AS m, max(id) FILTER (WHERE exited_at IS NULL) AS open
           FROM stage_intervals WHERE case_id = ANY($1::bigint[]) GROUP BY case_id`,
        [ids],
      );
      const clientIds = await db.query(
        `SELECT case_id, client_event_id FROM case_events
          WHERE case_id = ANY($1::bigint[]) AND client_event_id IS NOT NULL`,
        [ids],
      );
      const stayOf = new Map(stays.rows.map((x) => [Number(x.case_id), x]));
      const clientIdsOf = new Map<number, Set<string>>(ids.map((id) => [id, new Set()]));
      for (const x of clientIds.rows) clientIdsOf.get(Number(x.case_id))!.add(x.client_event_id);
      for (const row of rows) {
        const id = Number(row.id);
        const stay = stayOf.get(id);
        known.set(
          row.ref,
          existingCase(
            row,
            stay?.open == null ? null : Number(stay.open),
            Number(stay?.m ?? 0),
            clientIdsOf.get(id)!,
          ),
        );
      }
    }
  };

  const prefetchCases = async (refs: string[]) => {
    const fresh = refs.filter((ref) => !known.has(ref));
    if (fresh.length === 0) return;
    const found = await sortRefs(fresh);
    for (const ref of fresh) known.set(ref, null);
    if (found.length > 0) await loadStored(found);
  };

  // New cases whose rows go with the next batch, encoded then in ref order: the unique index on
  // `ref` takes sorted keys at much less cost than the random order of pseudonyms (about 40% of the
  // case rows' COPY; measured).
  const newCases: CaseRun[] = [];
  /** Queues a new case's row for the next batch (in its state then). */
  const insertCase = (r: CaseRun) => {
    if (!checked) versions.add(r.pathwayVersionId);
    newCases.push(r);
    r.settledSeq = r.seq;
  };
  const encodeNewCases = () => {
    newCases.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    for (const r of newCases) {
      cases.int(r.id!).str(r.ref).int(r.pathwayVersionId).int(r.openedAt).int(recordedAt);
      state(cases, r);
      r.settledSeq = r.seq;
    }
    newCases.length = 0;
  };
  const state = (out: CopyRows, r: CaseRun) => {
    out
      .str(r.pathway.stages[r.stage]!)
      .int(r.stageEnteredAt)
      .int(r.closedAt)
      .int(r.seq)
      .int(r.lastOccurredAt);
    for (const a of CODED_ATTRIBUTES) out.str(r.attributes[a]);
  };

  /**
   * Writes one batch in one round trip: a COPY per non-empty table, in BATCHED's order (new case
   * rows first: with the row checks on, events and stays need their cases' rows, and a new case's
   * final update its row), with the staged changes merged once they are in.
   */
  const write = (batch: Batch) =>
    onClient((db) =>
      copyBatch(
        db,
        BATCHED.flatMap((k): BatchStep[] => [
          ...(k === 'events' ? [{ sql: mergeSql(batch.counts) }] : []),
          { table: TABLES[k], rows: batch[k] },
        ]),
      ),
    );

  // Batches are written while the ingest reads and checks the next ones (up to AHEAD of them); a
  // batch waits for the one before it, so rows reach the database in order.
  let writing: Promise<void> = Promise.resolve();
  let inFlight = false;
  let rowsSinceYield = 0;
  const writes: Promise<void>[] = [];
  const startWrite = () => {
    encodeNewCases();
    const counts: Batch['counts'] = { closes: closes.rows, caseUpdates: caseUpdates.rows };
    const batch = { counts } as Batch;
    events.drainInto(buffers.events);
    stays.drainInto(buffers.stays);
    for (const k of BATCHED) batch[k] = buffers[k].take();
    const previous = writing;
    const mine = previous.then(() => write(batch));
    writing = mine;
    writes.push(mine);
    inFlight = true;
    const settled = () => {
      if (writing === mine) inFlight = false;
    };
    // Awaited by the next maybeFlush or by flush; a failure is reported there, not lost.
    mine.then(settled, settled);
    return writes.length > AHEAD ? writes.shift() : undefined;
  };
  const flush = async () => {
    startWrite();
    await writing;
  };

  /** Ends the transaction (commit or rollback) and gives the connection back (broken ones are dropped). */
  const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
    const db = client;
    if (!db) return;
    client = undefined;
    try {
      await db.query(statement);
      db.release();
    } catch (error) {
      db.release(error as Error);
      if (statement === 'COMMIT') throw error;
    }
  };

  return {
    begin: async () => {
      client = await pool.connect();
      await client.query('BEGIN');
      checked = await rowChecksNeeded(client, options.rowChecks ?? 'auto');
      // For this transaction's writes only; set back before the undo and the checks at commit.
      if (!checked) await client.query('SET LOCAL session_replication_role = replica');
      await client.query(createStagingSql());
      const { rows } = await client.query<{ s: string }>(`SELECT pg_get_serial_sequence('cases', 'id') AS s`);
      sequence = rows[0]!.s;
    },
    prefetchCases,
    lookupCase: async (ref: string): Promise<ExistingCase | undefined> => {
      if (!known.has(ref)) await prefetchCases([ref]);
      const found = known.get(ref);
      known.delete(ref);
      // A ref seen stored by sortRefs but gone when locked is a new case too: it needs an id.
      if (!found && reserveAt === reserve.length) await reserveIds(1);
      return found ?? undefined;
    },
    addCase: (run) => {
      run.id = reserve[reserveAt++];
      if (run.id === undefined) throw new Error('No case id was reserved for a new case.');
      if (reserveAt > 4096) {
        reserve.splice(0, reserveAt);
        reserveAt = 0;
      }
      // With the per-row checks the row must be in before its events; without, it waits for its final state.
      if (checked) insertCase(run);
    },
    addEvent: (run, seq, occurredAt, eventCode, fromCode, toCode, clientEventId, outsidePathway) => {
      wrote(run.id!);
      const o = events.next();
      const v = events.values;
      v[o] = run.id!;
      v[o + 1] = seq;
      v[o + 2] = occurredAt;
      v[o + 3] = recordedAt;
      v[o + 4] = eventCode ?? Number.NaN;
      v[o + 5] = fromCode ?? Number.NaN;
      v[o + 6] = toCode;
      v[o + 8] = outsidePathway;
      if (clientEventId !== null) events.text(clientEventId);
    },
    addInterval: (run, stageCode, enteredAt, exitedAt, nextCode, exitEventCode, entryEventCode) => {
      wrote(run.id!);
      const o = stays.next();
      const v = stays.values;
      v[o] = run.id!;
      v[o + 1] = stageCode;
      v[o + 2] = enteredAt;
      v[o + 3] = exitedAt ?? Number.NaN;
      v[o + 4] = nextCode ?? Number.NaN;
      v[o + 5] = exitEventCode ?? Number.NaN;
      v[o + 6] = entryEventCode ?? Number.NaN;
    },
    closeStoredInterval: (run, exitedAt, nextCode, exitEventCode) => {
      closes.int(run.existing!.openIntervalId!).int(exitedAt).int(nextCode).int(exitEventCode);
    },
    settleCase: (run) => {
      if (run.settledSeq === undefined) insertCase(run);
    },
    maybeFlush: () => {
      if (events.rows >= FLUSH_AT) return startWrite();
      if (!inFlight || ++rowsSinceYield < YIELD_EVERY) return undefined;
      rowsSinceYield = 0;
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
    flush,
    finishCases: async (all) => {
      for (const r of all) {
        const write = finalCaseWrite(r);
        if (write === 'insert') insertCase(r);
        else if (write === 'update') {
          caseUpdates.int(r.id!);
          state(caseUpdates, r);
        }
      }
      await flush();
    },
    undoCase: async (run) => {
      const plan = undoPlan(run);
      if (!plan) return;
      undo.int(plan.caseId).int(plan.eventsAfterSeq).int(plan.staysAfterId).int(plan.reopenStayId);
      undo.bool(plan.deleteCase);
    },
    commit: async () => {
      await flush();
      await drained();
      const db = c();
      if (!checked) await db.query('SET LOCAL session_replication_role = origin');
      const undone = undo.rows;
      if (undone > 0)
        await copyBatch(db, [{ table: STAGING.undo, rows: undo.take() }, { sql: undoSql(undone) }]);
      if (!checked) {
        const named = new CopyRows(STAGING.versions.types);
        for (const v of versions) named.int(v);
        await copyBatch(db, [
          { table: STAGING.versions, rows: named.take() },
          { sql: `ANALYZE ${STAGING.written.name}` },
        ]);
        const results = (await db.query(integritySql())) as unknown as pg.QueryResult[];
        const broken = results[0]!.rows[0] as { kind: string; id: string } | undefined;
        if (broken)
          throw new Error(
            `Ingest integrity check: a row refers to a missing ${broken.kind} (id ${broken.id}).`,
          );
      }
      await end('COMMIT');
    },
    rollback: async () => {
      await writing.catch(() => undefined);
      await drained();
      await end('ROLLBACK');
    },
  };
}
