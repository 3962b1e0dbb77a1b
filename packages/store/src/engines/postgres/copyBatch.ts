import type pg from 'pg';
import type { CopyTable } from './postgresStaging.ts';

/** One step of a batch: rows already in COPY's binary format for a table, or a statement. */
export type BatchStep = { table: CopyTable; rows: Buffer } | { sql: string };

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]); // 'c', length 4

/**
 * Runs a batch's steps as one simple-query message with every COPY's data sent straight behind it,
 * so the server goes from one step to the next without waiting for this process: with a round trip
 * per COPY the server sat idle whenever the ingest was busy reading the next batch (measured). The
 * server runs the statements in order, each COPY taking its data from the stream; on an error it
 * discards the rest of the message and any data still to come, so nothing after a failed step runs
 * and the caller's transaction is aborted (the promise rejects at once, while the rest of the batch
 * may still be on its way: the server drops it, and the caller's next statement follows it on the
 * socket). Empty COPY steps are skipped.
 */
export function copyBatch(client: pg.PoolClient, steps: readonly BatchStep[]): Promise<void> {
  const statements: string[] = [];
  const data: Buffer[] = [];
  for (const step of steps) {
    if ('sql' in step) {
      if (step.sql) statements.push(step.sql);
    } else if (step.rows.length > 0) {
      const { name, columns } = step.table;
      statements.push(`COPY ${name} (${columns.join(', ')}) FROM STDIN (FORMAT binary)`);
      data.push(step.rows);
    }
  }
  if (statements.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    client.query(new PipelinedQuery(statements.join(';\n'), data, resolve, reject));
  });
}

/** The pg client's view of the batch: a query that ends at ReadyForQuery, or at its first error. */
class PipelinedQuery implements pg.Submittable {
  constructor(
    private readonly text: string,
    private readonly data: Buffer[],
    private readonly resolve: () => void,
    private readonly reject: (error: Error) => void,
  ) {}

  submit(connection: pg.Connection): void {
    connection.query(this.text);
    const stream = connection.stream;
    for (const rows of this.data) {
      const head = Buffer.allocUnsafe(5);
      head[0] = COPY_DATA;
      head.writeUInt32BE(rows.length + 4, 1);
      stream.write(head);
      stream.write(rows);
      stream.write(COPY_DONE);
    }
  }

  // Where a query timeout is configured, pg wraps this to clear its timer: called once the batch
  // ends either way. Nothing else needs doing.
  callback(): void {}
  handleCopyInResponse(): void {}
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleReadyForQuery(): void {
    this.callback();
    this.resolve();
  }
  handleError(error: Error): void {
    this.callback();
    this.reject(error);
  }
}
