import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SimulationRepository } from '@continuum/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { createFirstAdminToken } from './bootstrap.ts';
import type { ContinuumApp } from './createApp.ts';
import { type RunningServer, startServer } from './server.ts';
import { createTestApp, type TestApp } from './testing/testApp.ts';

/** Long enough (1,000 replications x 19 years and the default 1-year warm-up on one thread, within the default limits) to still be running when closed. */
const long = { pathwayId: 'continuum_of_need', replications: 1000, horizonDays: 6935, seed: 2 };
const small = { pathwayId: 'continuum_of_need', replications: 2, horizonDays: 30, seed: 1 };

/** Polls until a run has done some replications (so a worker thread is busy with it). */
async function untilProgress(read: () => Promise<{ done: number; status: string }>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const run = await read();
    if (run.done > 0 || run.status !== 'running') return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A run stopped by shutdown: recorded failed with the reason, not left running nor "cancelled". */
function expectStoppedByShutdown(run: { status: string; error: { title: string } | null; done: number }) {
  expect(run.status).toBe('failed');
  expect(run.error?.title).toBe('The server stopped during this run.');
  expect(run.done).toBeLessThan(long.replications);
}

describeEachEngine("createApp's close() (issue 12 item 4)", ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { simulations: { workers: 1, heartbeatMs: 50 } });
  });

  it('stops a running simulation, records why, terminates the worker threads, and refuses new runs', async () => {
    const app: ContinuumApp = t.app;
    const started = await t.call('analyst', 'POST', '/api/simulations', long);
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const repo = app.services.simulations;
    await untilProgress(async () => (await repo.getRun(id, false))!);
    expect(app.services.runner.running).toBe(1);
    expect(app.services.pool.liveCount).toBeGreaterThanOrEqual(1);

    await app.close();
    // close() resolved only once the run had recorded its final status and every thread had exited.
    expect(app.services.runner.running).toBe(0);
    expect(app.services.pool.liveCount).toBe(0);
    expectStoppedByShutdown((await repo.getRun(id))!);

    const refused = await t.call('analyst', 'POST', '/api/simulations', small);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { code: string }).code).toBe('shutting_down');
    await app.close(); // idempotent
  });
});

describe('startServer close() waits for simulation runs (SQLite, real socket)', () => {
  let dir: string;
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-close-'));
    server = await startServer({ port: 0, dataDir: join(dir, 'data'), simulations: { workers: 1 } });
    token = (await createFirstAdminToken(server.store))!;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops the run (its progress stream ends with failed), closes the pool, then the store', async () => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = await fetch(`${server.url}/api/simulations`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(long),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const repo = server.app.services.simulations;
    await untilProgress(async () => (await repo.getRun(id, false))!);
    // A client following the run: its stream must end (with the verdict) rather than hold the stop.
    const events = fetch(`${server.url}/api/simulations/${id}/events`, { headers: auth }).then((r) =>
      r.text(),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(server.app.services.pool.liveCount).toBeGreaterThanOrEqual(1);

    await server.close();
    expect(server.app.services.runner.running).toBe(0);
    expect(server.app.services.pool.liveCount).toBe(0);
    expect(await events).toMatch(/event: failed\ndata: .*The server stopped during this run/);
    await expect(fetch(`${server.url}/docs`)).rejects.toThrow();

    // The verdict is in the database for every instance (and the next start) to read.
    const reopened = await openStore({ dataDir: join(dir, 'data') });
    try {
      expectStoppedByShutdown((await new SimulationRepository(reopened.db, reopened.write).getRun(id))!);
    } finally {
      await reopened.close();
    }
  });
});
