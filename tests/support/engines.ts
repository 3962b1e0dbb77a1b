import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@continuum/store';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { postgresAdminUrl, postgresAvailable, reportGap } from './environment.ts';

/** Which engine a suite instance runs on. */
export type EngineName = 'sqlite' | 'postgres';

/** What a suite body receives: the store of the current engine (valid inside hooks and tests). */
export interface EngineContext {
  /** The open store (throws if used outside a test or hook). */
  store(): Store;
  /** The engine this instance of the suite runs on. */
  engine: EngineName;
  /** Data folder of this suite (holds the SQLite file and the HMAC key). */
  dataDir(): string;
}

/**
 * Runs one describe-suite against SQLite (a temp file) and PostgreSQL (a fresh database created
 * for the suite on 127.0.0.1:5432 and dropped afterwards). Without PostgreSQL the gap is reported
 * loudly (and fails under CI) instead of being skipped silently.
 * @example describeEachEngine('cases', ({ store }) => { it('opens', async () => { await store().cases.counts(); }); });
 */
export function describeEachEngine(name: string, body: (ctx: EngineContext) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${engine}]`, () => {
      let store: Store | undefined;
      let dir: string | undefined;
      let database: string | undefined;
      let unavailable = false;
      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'continuum-test-'));
        if (engine === 'sqlite') {
          store = await openStore({ dataDir: dir });
          return;
        }
        if (!(await postgresAvailable())) {
          unavailable = true;
          reportGap(
            `${name} [postgres]`,
            `Start PostgreSQL on ${postgresAdminUrl} (trust auth for postgres).`,
          );
          return;
        }
        database = `continuum_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
        await adminQuery(`CREATE DATABASE ${database}`);
        const url = new URL(postgresAdminUrl);
        url.pathname = `/${database}`;
        store = await openStore({ dataDir: dir, databaseUrl: url.toString() });
      });
      beforeEach((ctx) => {
        if (unavailable) ctx.skip();
      });
      afterAll(async () => {
        await store?.close();
        if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        if (dir) rmSync(dir, { recursive: true, force: true });
      });
      body({
        engine,
        store: () => {
          if (!store) throw new Error(`No ${engine} store: use store() inside a test or hook`);
          return store;
        },
        dataDir: () => dir!,
      });
    });
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
