/**
 * A message to the SQLite thread; those with a `reply` id are answered, the rest run fire-and-forget.
 * `rollback` always runs (it also clears an earlier failure); the others are refused after a failure.
 */
export type ThreadRequest =
  | { op: 'prepare'; sql: string }
  | { op: 'run'; statement: number; params: unknown[]; reply?: number }
  | { op: 'get'; statement: number; params: unknown[]; reply: number }
  | { op: 'exec'; sql: string; reply: number }
  | { op: 'sync'; reply: number }
  | ({ op: 'rows' } & RowsMessage)
  | { op: 'rollback'; reply: number };

/** The thread's answer to a request with a reply id. */
export type ThreadReply = { reply: number; result: unknown } | { reply: number; error: string };

/** A multi-row INSERT prepared on the thread: `full` takes `rowsPerFull` rows, `single` one. */
export interface BatchInsert {
  full: number;
  single: number;
  width: number;
  rowsPerFull: number;
}

/**
 * Rows for a multi-row INSERT as numbers (null as NaN), sent without copying; `texts` fills one
 * text column when any row has a value there.
 */
export interface RowsMessage extends BatchInsert {
  count: number;
  values: Float64Array<ArrayBuffer>;
  textColumn: number;
  texts: (string | null)[] | undefined;
}
