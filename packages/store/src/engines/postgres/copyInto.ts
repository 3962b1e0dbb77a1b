import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CopyTable } from './postgresStaging.ts';

/**
 * Sends rows already encoded in COPY's binary format (see CopyRows) with `COPY table (columns)
 * FROM STDIN` on the given connection, and resolves once the server has taken them all. The rows
 * are whole before the COPY starts, so a failing row source can never leave a COPY half-sent.
 */
export async function copyInto(client: pg.PoolClient, table: CopyTable, rows: Buffer): Promise<void> {
  if (rows.length === 0) return;
  const copy = client.query(
    copyFrom(`COPY ${table.name} (${table.columns.join(', ')}) FROM STDIN (FORMAT binary)`),
  );
  await pipeline(Readable.from([rows]), copy);
}
