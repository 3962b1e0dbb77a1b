import type BetterSqlite3 from 'better-sqlite3';
import { type CaseRun, type ExistingCase, existingCase } from '../../ingest/CaseRun.ts';
import { finalCaseWrite } from '../../ingest/finalCaseWrite.ts';
import type { IngestSink } from '../../ingest/IngestSink.ts';
import { undoPlan } from '../../ingest/undoPlan.ts';
import { CODED_ATTRIBUTES } from '../../schema.ts';
import { NumericRows } from './sqliteThread/NumericRows.ts';
import type { BatchInsert } from './sqliteThread/protocol.ts';
import { SqliteThread } from './sqliteThread/SqliteThread.ts';

// Binding 500 rows per multi-row INSERT beats 500 calls (and 100-row statements; measured).
const ROWS_PER_STATEMENT = 500;
// Batches sent between two round trips to the thread; the ingest waits for the round trip before
// last, so at most about two windows of rows are queued in memory while both threads stay busy.
const BATCHES_PER_WINDOW = 16;
const PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'busy_timeout = 10000',
  'cache_size = -262144',
  'journal_size_limit = 67108864',
  // Referential integrity is guaranteed by construction here (ids come from this transaction).
  'foreign_keys = OFF',
];

/** The statements an ingest uses, prepared once per thread. */
export interface IngestStatements {
  thread: SqliteThread;
  maxCaseId: number;
  anyCase: number;
  closeStored: number;
  finish: number;
  deleteCase: number;
  deleteEvents: number;
  deleteIntervals: number;
  reopen: number;
  events: BatchInsert;
  intervals: BatchInsert;
  cases: BatchInsert;
}

/** Starts an ingest thread on the SQLite file and prepares its statements (the adapter keeps one). */
export function ingestStatements(file: string): IngestStatements {
  const thread = new SqliteThread(file, PRAGMAS);
  const batch = (head: string, width: number): BatchInsert => {
    const tuple = `(${Array(width).fill('?').join(',')})`;
    return {
      full: thread.prepare(`${head} VALUES ${Array(ROWS_PER_STATEMENT).fill(tuple).join(',')}`),
      single: thread.prepare(`${head} VALUES ${tuple}`),
      width,
      rowsPerFull: ROWS_PER_STATEMENT,
    };
  };
  return {
    thread,
    maxCaseId: thread.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM cases'),
    anyCase: thread.prepare('SELECT 1 AS one FROM cases LIMIT 1'),
    closeStored: thread.prepare(
      'UPDATE stage_intervals SET exited_at = ?, next_code = ?, exit_event_code = ? WHERE id = ?',
    ),
    finish: thread.prepare(
      `UPDATE cases SET stage = ?, stage_entered_at = ?, closed_at = ?, last_seq = ?, last_occurred_at = ?,
        ${CODED_ATTRIBUTES.map((a) => `${a} = ?`).join(', ')} WHERE id = ?`,
    ),
    deleteCase: thread.prepare('DELETE FROM cases WHERE id = ?'),
    deleteEvents: thread.prepare('DELETE FROM case_events WHERE case_id = ? AND seq > ?'),
    deleteIntervals: thread.prepare('DELETE FROM stage_intervals WHERE case_id = ? AND id > ?'),
    reopen: thread.prepare(
      'UPDATE stage_intervals SET exited_at = NULL, next_code = NULL, exit_event_code = NULL WHERE id = ?',
    ),
    events: batch(
      'INSERT INTO case_events (case_id, seq, occurred_at, recorded_at, event_code, from_code, to_code, outside_pathway, client_event_id)',
      9,
    ),
    intervals: batch(
      'INSERT INTO stage_intervals (case_id, stage_code, entered_at, exited_at, next_code, exit_event_code, entry_event_code)',
      7,
    ),
    cases: batch(
      `INSERT INTO cases (id, ref, pathway_version_id, stage, stage_entered_at, opened_at, closed_at, last_seq,
        last_occurred_at, created_at, ${CODED_ATTRIBUTES.join(', ')})`,
      10 + CODED_ATTRIBUTES.length,
    ),
  };
}

/**
 * SQLite ingest: the writes run on the store's ingest thread, one IMMEDIATE transaction for the
 * whole ingest, while this thread parses and checks the next rows (readers on the main connection
 * keep seeing the last committed state, WAL). New cases get their ids at first sight but their rows
 * are written once, in their final state, at the end (an insert plus an update per case cost twice
 * the random-order btree work of the `ref` index); events and stays go in 500-row inserts.
 */
export function sqliteIngestSink(main: BetterSqlite3.Database, s: IngestStatements): IngestSink {
  const { thread } = s;
  const caseByRef = main.prepare('SELECT * FROM cases WHERE ref = ?');
  const openInterval = main.prepare(
    'SELECT id FROM stage_intervals WHERE case_id = ? AND exited_at IS NULL ORDER BY id DESC LIMIT 1',
  );
  const maxInterval = main.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM stage_intervals WHERE case_id = ?');
  const clientIds = main
    .prepare('SELECT client_event_id FROM case_events WHERE case_id = ? AND client_event_id IS NOT NULL')
    .pluck();
  let batchesSent = 0;
  const windows: Promise<void>[] = [];
  /** Counts a batch sent; every window ends with a round trip that maybeFlush can wait on. */
  const sent = () => {
    if (++batchesSent % BATCHES_PER_WINDOW !== 0) return;
    const window = thread.sync();
    // Awaited later by maybeFlush; a failure before then is reported by the commit, not lost.
    window.catch(() => undefined);
    windows.push(window);
  };
  const sendFull = (rows: NumericRows) => {
    if (!rows.full) return;
    rows.send(thread);
    sent();
  };
  const events = new NumericRows(s.events, 8);
  const intervals = new NumericRows(s.intervals);
  const cases: unknown[] = [];
  /** Sends the case rows when a statement's worth is ready, or (at the end, `all`) what is left. */
  const sendCases = (all: boolean) => {
    const width = s.cases.width;
    if (cases.length === width * ROWS_PER_STATEMENT) {
      thread.run(s.cases.full, cases);
      sent();
      cases.length = 0;
    } else if (all) {
      for (let i = 0; i < cases.length; i += width) thread.run(s.cases.single, cases.slice(i, i + width));
      cases.length = 0;
    }
  };
  const insertCase = (r: CaseRun) => {
    r.settledSeq = r.seq;
    cases.push(r.id, r.ref, r.pathwayVersionId, r.pathway.stages[r.stage], r.stageEnteredAt, r.openedAt);
    cases.push(r.closedAt, r.seq, r.lastOccurredAt, recordedAt);
    for (const a of CODED_ATTRIBUTES) cases.push(r.attributes[a]);
    sendCases(false);
  };
  const flushBuffers = () => {
    events.send(thread);
    intervals.send(thread);
    sendCases(true);
  };
  // Ids are assigned here: the IMMEDIATE transaction (and the store's write lock) exclude any other
  // writer, so max(id) + 1 onwards is free and case rows can be batched like events.
  let nextCaseId = 0;
  // When the store had no case at the start, every ref is new: no per-case lookup is needed.
  let storeWasEmpty = false;
  const recordedAt = Date.now();

  return {
    begin: async () => {
      await thread.exec('BEGIN IMMEDIATE');
      nextCaseId = Number((await thread.get<{ m: number }>(s.maxCaseId, []))!.m) + 1;
      storeWasEmpty = (await thread.get(s.anyCase, [])) === undefined;
    },
    // Cases already in the store are read on the main connection: this ingest has not changed them.
    lookupCase(ref: string): ExistingCase | undefined {
      if (storeWasEmpty) return undefined;
      const row = caseByRef.get(ref) as Record<string, unknown> | undefined;
      if (!row) return undefined;
      const id = Number(row.id);
      const open = openInterval.get(id) as { id: number } | undefined;
      return existingCase(
        row,
        open ? Number(open.id) : null,
        Number((maxInterval.get(id) as { m: number }).m),
        new Set(clientIds.all(id) as string[]),
      );
    },
    addCase(run: CaseRun) {
      // The row is written by settleCase or finishCases (foreign keys are off on the thread's connection).
      run.id = nextCaseId++;
    },
    addEvent(run, seq, occurredAt, eventCode, fromCode, toCode, clientEventId, outsidePathway) {
      const v = events.values;
      const o = events.next();
      v[o] = run.id!;
      v[o + 1] = seq;
      v[o + 2] = occurredAt;
      v[o + 3] = recordedAt;
      v[o + 4] = eventCode ?? Number.NaN;
      v[o + 5] = fromCode ?? Number.NaN;
      v[o + 6] = toCode;
      v[o + 7] = outsidePathway;
      if (clientEventId !== null) events.text(clientEventId);
      sendFull(events);
    },
    addInterval(run, stageCode, enteredAt, exitedAt, nextCode, exitEventCode, entryEventCode) {
      const v = intervals.values;
      const o = intervals.next();
      v[o] = run.id!;
      v[o + 1] = stageCode;
      v[o + 2] = enteredAt;
      v[o + 3] = exitedAt ?? Number.NaN;
      v[o + 4] = nextCode ?? Number.NaN;
      v[o + 5] = exitEventCode ?? Number.NaN;
      v[o + 6] = entryEventCode ?? Number.NaN;
      sendFull(intervals);
    },
    closeStoredInterval(run, exitedAt, nextCode, exitEventCode) {
      thread.run(s.closeStored, [exitedAt, nextCode, exitEventCode, run.existing!.openIntervalId]);
    },
    // Keeps this thread at most about two windows ahead of the writer.
    maybeFlush: () => (windows.length > 2 ? windows.shift() : undefined),
    flush: async () => {
      flushBuffers();
      await thread.sync();
    },
    settleCase: insertCase,
    finishCases: async (runs) => {
      for (const r of runs) {
        const write = finalCaseWrite(r);
        if (write === 'update') {
          const attributes = CODED_ATTRIBUTES.map((a) => r.attributes[a]);
          const at = [r.stageEnteredAt, r.closedAt, r.seq, r.lastOccurredAt];
          thread.run(s.finish, [r.pathway.stages[r.stage], ...at, ...attributes, r.id]);
        } else if (write === 'insert') insertCase(r);
      }
      flushBuffers();
      await thread.sync();
    },
    undoCase: async (run) => {
      const undo = undoPlan(run);
      if (!undo) return;
      thread.run(s.deleteEvents, [undo.caseId, undo.eventsAfterSeq]);
      thread.run(s.deleteIntervals, [undo.caseId, undo.staysAfterId]);
      if (undo.reopenStayId !== null) thread.run(s.reopen, [undo.reopenStayId]);
      if (undo.deleteCase) thread.run(s.deleteCase, [undo.caseId]);
    },
    commit: async () => {
      await thread.exec('COMMIT');
    },
    rollback: async () => {
      await thread.rollback();
    },
  };
}
