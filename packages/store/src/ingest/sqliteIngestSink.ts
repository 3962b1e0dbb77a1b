import SqliteDatabase from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { toCaseState } from '../repositories/rows.ts';
import { CODED_ATTRIBUTES } from '../schema.ts';
import type { Store } from '../store.ts';
import type { CaseRun, ExistingCase } from './CaseRun.ts';
import type { IngestSink } from './IngestSink.ts';

const ROWS_PER_STATEMENT = 500;

/** Multi-row INSERT through one prepared statement: binding 500 rows per call beats 500 calls (and 100-row statements; measured). */
function batchInsert(db: BetterSqlite3.Database, head: string, width: number) {
  const tuple = `(${Array(width).fill('?').join(',')})`;
  const full = db.prepare(`${head} VALUES ${Array(ROWS_PER_STATEMENT).fill(tuple).join(',')}`);
  const single = db.prepare(`${head} VALUES ${tuple}`);
  const buffer: unknown[] = [];
  return {
    /** Callers push a row's values straight onto this array, then call `added()`. */
    buffer,
    added() {
      if (buffer.length === width * ROWS_PER_STATEMENT) {
        full.run(buffer);
        buffer.length = 0;
      }
    },
    push(values: unknown[]) {
      for (const v of values) buffer.push(v);
      this.added();
    },
    flush() {
      for (let i = 0; i < buffer.length; i += width) single.run(buffer.slice(i, i + width));
      buffer.length = 0;
    },
  };
}

/**
 * SQLite ingest: a second connection to the same file holds one IMMEDIATE transaction for the whole
 * ingest (readers on the main connection keep seeing the last committed state, WAL). New cases get
 * their ids at first sight but their rows are written once, in their final state, at the end (an
 * insert plus an update per case cost twice the random-order btree work of the `ref` index); events
 * and stays go through 500-row prepared inserts.
 */
export function sqliteIngestSink(store: Store): IngestSink {
  const db = new SqliteDatabase(store.file!);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -262144');
  db.pragma('journal_size_limit = 67108864');
  // Referential integrity is guaranteed by construction here (ids come from this transaction).
  db.pragma('foreign_keys = OFF');
  const attrCols = CODED_ATTRIBUTES.join(', ');
  const s = {
    caseByRef: db.prepare('SELECT * FROM cases WHERE ref = ?'),
    openInterval: db.prepare(
      'SELECT id FROM stage_intervals WHERE case_id = ? AND exited_at IS NULL ORDER BY id DESC LIMIT 1',
    ),
    maxInterval: db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM stage_intervals WHERE case_id = ?'),
    clientIds: db
      .prepare('SELECT client_event_id FROM case_events WHERE case_id = ? AND client_event_id IS NOT NULL')
      .pluck(),
    maxCaseId: db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM cases').pluck(),
    anyCase: db.prepare('SELECT 1 FROM cases LIMIT 1').pluck(),
    closeStored: db.prepare(
      'UPDATE stage_intervals SET exited_at = ?, next_stage = ?, exit_event = ? WHERE id = ?',
    ),
    finish: db.prepare(
      `UPDATE cases SET stage = ?, stage_entered_at = ?, closed_at = ?, last_seq = ?, last_occurred_at = ?,
        ${CODED_ATTRIBUTES.map((a) => `${a} = ?`).join(', ')} WHERE id = ?`,
    ),
    deleteEvents: db.prepare('DELETE FROM case_events WHERE case_id = ? AND seq > ?'),
    deleteIntervals: db.prepare('DELETE FROM stage_intervals WHERE case_id = ? AND id > ?'),
    reopen: db.prepare(
      'UPDATE stage_intervals SET exited_at = NULL, next_stage = NULL, exit_event = NULL WHERE id = ?',
    ),
  };
  const events = batchInsert(
    db,
    'INSERT INTO case_events (case_id, seq, occurred_at, recorded_at, event, from_stage, to_stage, client_event_id)',
    8,
  );
  const intervals = batchInsert(
    db,
    'INSERT INTO stage_intervals (case_id, stage, entered_at, exited_at, next_stage, exit_event, entry_event)',
    7,
  );
  const cases = batchInsert(
    db,
    `INSERT INTO cases (id, ref, pathway_version_id, stage, stage_entered_at, opened_at, closed_at, last_seq,
      last_occurred_at, created_at, ${attrCols})`,
    10 + CODED_ATTRIBUTES.length,
  );
  // Ids are assigned here: the IMMEDIATE transaction (and the store's write lock) exclude any other
  // writer, so max(id) + 1 onwards is free and case rows can be batched like events.
  let nextCaseId = 0;
  // When the store had no case at the start, every ref is new: no per-case lookup is needed.
  let storeWasEmpty = false;
  const recordedAt = Date.now();
  const close = () => {
    if (db.open) db.close();
  };

  return {
    begin: async () => {
      db.exec('BEGIN IMMEDIATE');
      nextCaseId = Number(s.maxCaseId.get()) + 1;
      storeWasEmpty = s.anyCase.get() === undefined;
    },
    lookupCase(ref: string): ExistingCase | undefined {
      if (storeWasEmpty) return undefined;
      const row = s.caseByRef.get(ref) as Record<string, unknown> | undefined;
      if (!row) return undefined;
      const id = Number(row.id);
      const open = s.openInterval.get(id) as { id: number } | undefined;
      return {
        ...toCaseState(row),
        openIntervalId: open ? Number(open.id) : null,
        maxIntervalId: Number((s.maxInterval.get(id) as { m: number }).m),
        clientEventIds: new Set(s.clientIds.all(id) as string[]),
      };
    },
    addCase(run: CaseRun) {
      // The row is written by finishCases (foreign keys are off on this connection until then).
      run.id = nextCaseId++;
    },
    addEvent(run, seq, occurredAt, event, fromStage, toStage, clientEventId) {
      events.buffer.push(run.id, seq, occurredAt, recordedAt, event, fromStage, toStage, clientEventId);
      events.added();
    },
    addInterval(run, stage, enteredAt, exitedAt, nextStage, exitEvent, entryEvent) {
      intervals.buffer.push(run.id, stage, enteredAt, exitedAt, nextStage, exitEvent, entryEvent);
      intervals.added();
    },
    closeStoredInterval(run, exitedAt, nextStage, exitEvent) {
      s.closeStored.run(exitedAt, nextStage, exitEvent, run.existing!.openIntervalId);
    },
    maybeFlush: () => undefined,
    flush: async () => {
      cases.flush();
      events.flush();
      intervals.flush();
    },
    finishCases: async (runs) => {
      for (const r of runs) {
        if (!r.existing) {
          const b = cases.buffer;
          b.push(r.id, r.ref, r.pathwayVersionId, r.pathway.stages[r.stage], r.stageEnteredAt, r.openedAt);
          b.push(r.closedAt, r.seq, r.lastOccurredAt, recordedAt);
          for (const a of CODED_ATTRIBUTES) b.push(r.attributes[a]);
          cases.added();
          continue;
        }
        s.finish.run(
          r.pathway.stages[r.stage],
          r.stageEnteredAt,
          r.closedAt,
          r.seq,
          r.lastOccurredAt,
          ...CODED_ATTRIBUTES.map((a) => r.attributes[a]),
          r.id,
        );
      }
      cases.flush();
    },
    undoCase: async (run) => {
      if (run.id === undefined) return;
      const ex = run.existing;
      if (!ex) {
        // Its case row was never written (finishCases skips rejected cases).
        s.deleteEvents.run(run.id, 0);
        s.deleteIntervals.run(run.id, 0);
        return;
      }
      s.deleteEvents.run(run.id, ex.lastSeq);
      s.deleteIntervals.run(run.id, ex.maxIntervalId);
      if (ex.openIntervalId !== null) s.reopen.run(ex.openIntervalId);
      // The case row itself is only rewritten by finishCases, which skips rejected cases.
    },
    commit: async () => {
      db.exec('COMMIT');
      close();
    },
    rollback: async () => {
      if (db.open && db.inTransaction) db.exec('ROLLBACK');
      close();
    },
  };
}
