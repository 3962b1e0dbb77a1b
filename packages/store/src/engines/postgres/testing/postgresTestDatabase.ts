import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresAdminUrl } from '../../../../../../tests/support/environment.ts';
import type { IngestSink } from '../../../ingest/IngestSink.ts';
import { openStore } from '../../../openStore.ts';
import type { Store } from '../../../store.ts';

/** A fresh PostgreSQL database with the store's schema, for the COPY ingest's tests. */
export interface TestDatabase {
  store: Store;
  /** A pool of its own on the same database (for sinks built with test options). */
  pool: pg.Pool;
  url: string;
  dataDir: string;
  /** Runs `work` with the store's ingest sink replaced by `sink`. */
  withSink<T>(sink: () => IngestSink, work: () => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/** Runs one statement on the server's admin database. */
export async function adminQuery<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await client.query<R>(text, values);
  } finally {
    await client.end();
  }
}

/** Creates a database named after `label`, migrates it and opens a store on it (test use only). */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `continuum_test_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'continuum-pg-ingest-'));
  const store = await openStore({ dataDir, databaseUrl: url.href });
  const pool = new pg.Pool({ connectionString: url.href, max: 4 });
  pool.on('error', () => undefined);
  const adapter = store.adapter as unknown as { ingestSink: () => IngestSink };
  return {
    store,
    pool,
    url: url.href,
    dataDir,
    withSink: async (sink, work) => {
      const original = adapter.ingestSink;
      adapter.ingestSink = sink;
      try {
        return await work();
      } finally {
        adapter.ingestSink = original;
      }
    },
    drop: async () => {
      await pool.end();
      await store.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
