import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { RowsMessage, ThreadReply, ThreadRequest } from './protocol.ts';

// The other end of SqliteThread: one better-sqlite3 connection to the store's file, running the
// statements it is sent in order. After a failure every later request fails with the same error
// (a bulk ingest's fire-and-forget inserts report at its next awaited step, then roll back).
const port = parentPort!;
const { file, pragmas } = workerData.data as { file: string; pragmas: string[] };
const db = new SqliteDatabase(file);
for (const p of pragmas) db.pragma(p);
// A statement that failed to prepare keeps its slot, so the indexes the caller counted stay right.
const statements: (BetterSqlite3.Statement | undefined)[] = [];
let failure: string | undefined;

port.on('message', (m: ThreadRequest) => {
  let result: unknown;
  if (m.op === 'rollback') {
    failure = undefined;
    if (db.inTransaction) db.exec('ROLLBACK');
  } else if (m.op === 'prepare') {
    statements.push(undefined);
    try {
      statements[statements.length - 1] = db.prepare(m.sql);
    } catch (error) {
      failure ??= error instanceof Error ? error.message : String(error);
    }
  } else if (failure === undefined) {
    try {
      if (m.op === 'rows') insertRows(m);
      else if (m.op === 'run') statements[m.statement]!.run(m.params);
      else if (m.op === 'get') result = statements[m.statement]!.get(m.params);
      else if (m.op === 'exec') db.exec(m.sql);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
  }
  if (!('reply' in m) || m.reply === undefined) return;
  const answer: ThreadReply =
    failure === undefined ? { reply: m.reply, result } : { reply: m.reply, error: failure };
  port.postMessage(answer);
});

/** Turns a numeric batch back into bound values (NaN -> null) and inserts it. */
function insertRows(m: RowsMessage): void {
  const n = m.count * m.width;
  const params: unknown[] = new Array(n);
  const v = m.values;
  for (let i = 0; i < n; i++) params[i] = Number.isNaN(v[i]) ? null : v[i];
  if (m.textColumn >= 0) {
    for (let r = 0; r < m.count; r++) params[r * m.width + m.textColumn] = m.texts?.[r] ?? null;
  }
  if (m.count === m.rowsPerFull) {
    statements[m.full]!.run(params);
    return;
  }
  const single = statements[m.single]!;
  for (let i = 0; i < n; i += m.width) single.run(params.slice(i, i + m.width));
}
