import {
  type BacktestRunResponse,
  BacktestRunResponseSchema,
  BacktestStartedResponseSchema,
} from '@continuum/contracts';
import { defaultPathway } from '@continuum/machines';
import { backtest, eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { csvRows, ingestEvents, openStore, type Store } from '@continuum/store';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type EngineContext } from '../../../../tests/support/engines.ts';
import { postgresAdminUrl } from '../../../../tests/support/environment.ts';
import { startJobWorkers } from '../services/startJobWorkers.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

const body = { pathwayId: 'continuum_of_need', at: '2024-01-01', months: 12, replications: 20 };

/** Four years of a small synthetic service (2021-2024), ingested like any extract. */
async function ingestHistory(store: Store, t: TestApp): Promise<void> {
  const csv = eventLogCsv(
    simulateEventLog({
      pathway: defaultPathway,
      startDate: '2021-01-01',
      years: 4,
      seed: 5,
      arrivalsPerYear: 400,
    }),
  );
  const report = await ingestEvents(store, csvRows([[...csv].join('')]), {
    mode: 'atomic',
    hmacKey: t.deps.hmacKey,
  });
  expect(report.rejected ?? []).toEqual([]);
}

/** What a direct `backtest()` call answers for the same request, as the API's body (JSON). */
async function directBacktest(store: Store, request: typeof body & { seed?: number }): Promise<unknown> {
  const version = (await store.pathways.latest(request.pathwayId))!;
  const pathway = store.pathways.compiled(version);
  const result = await backtest({
    pathway,
    intervals: await store.intervals.calibrationRecords(version.id),
    at: request.at,
    months: request.months,
    replications: request.replications,
    seed: request.seed ?? 1,
    workers: 0,
  });
  return JSON.parse(
    JSON.stringify({
      pathwayId: version.pathwayId,
      version: version.version,
      stageLabels: Object.fromEntries(pathway.definition.stages.map((s) => [s.id, s.label])),
      ...result,
    }),
  );
}

/** Polls (generously: CI machines are slow) until `ready` holds. */
async function until(ready: () => Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Rows of simulation_runs of every kind (refused requests must add none). */
async function runRows(store: Store): Promise<number> {
  const row = await store.db
    .withTables<{ simulation_runs: { id: string } }>()
    .selectFrom('simulation_runs')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A second store on the same database with its own connections (PostgreSQL), for a second API
 * instance; on SQLite the instances share the one store, as they share the one file.
 */
async function secondStore({ store, engine, dataDir }: EngineContext): Promise<Store> {
  if (engine !== 'postgres') return store();
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(store().db);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${rows[0]!.name}`;
  return openStore({ dataDir: dataDir(), databaseUrl: url.toString() });
}

describeEachEngine('backtest API', (ctx) => {
  const { store, dataDir } = ctx;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), {
      simulationLimits: { maxReplicationYears: 100_000 },
      simulations: { workers: 0, pollMs: 20 },
    });
    await ingestHistory(store(), t);
  });
  afterAll(async () => {
    await t.app.close();
  });
  const read = async (id: string, app = t): Promise<BacktestRunResponse> => {
    const res = await app.call('manager', 'GET', `/api/backtests/${id}`);
    expect(res.status).toBe(200);
    return BacktestRunResponseSchema.parse(await res.json());
  };
  const post = async (b: unknown = body, role: 'analyst' | 'admin' = 'analyst'): Promise<string> => {
    const res = await t.call(role, 'POST', '/api/backtests', b);
    expect(res.status, await res.clone().text()).toBe(202);
    const started = BacktestStartedResponseSchema.parse(await res.json());
    expect(started.links.self).toBe(`/api/backtests/${started.id}`);
    return started.id;
  };

  it('queues a backtest (202 and its link); GET follows it to done with the numbers of a direct backtest() call', async () => {
    const id = await post();
    await t.app.services.runner.idle();
    const run = await read(id);
    expect(run).toMatchObject({ status: 'done', attempt: 1, done: 20, total: 20, error: null, version: 1 });
    expect(run.request).toMatchObject({ ...body, seed: 1, version: 1 });
    const b = run.result!;
    expect(b).toEqual(await directBacktest(store(), body));
    expect(b.times).toHaveLength(12);
    expect(b.stageLabels.early_help).toBe('Early help');
    const eh = b.stages.find((s) => s.stage === 'early_help')!;
    expect(eh.stock!.actual).toHaveLength(12);
    expect(eh.openAtT).toBeGreaterThan(0);
    expect(b.summary.coverage).not.toBeNull();
    // a model fitted on its own kind of data: early help's stock within 25% on a small service
    expect(eh.stockMape!).toBeLessThan(0.25);
    // The audit log says who queued which backtest.
    const queued = (await store().audit.list({ limit: 1000 })).filter((a) => a.action === 'backtest.queued');
    expect(queued.map((a) => a.detail)).toContainEqual({
      id,
      pathwayId: body.pathwayId,
      version: 1,
      at: body.at,
      months: 12,
    });
  });

  it('answers a finished backtest’s tables as CSV; only analysts and admins start one', async () => {
    expect((await t.call('manager', 'POST', '/api/backtests', body)).status).toBe(403);
    const id = await post(body, 'admin');
    await t.app.services.runner.idle();
    const months = await t.call('manager', 'GET', `/api/backtests/${id}?format=csv`);
    expect(months.status).toBe(200);
    expect(months.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(months.headers.get('content-disposition')).toContain(
      'backtest-continuum_of_need-2024-01-01-months.csv',
    );
    const lines = (await months.text()).trim().split('\r\n');
    expect(lines[0]).toBe('stage,label,series,month_end,recorded,simulated_mean,band_low_90,band_high_90');
    expect(lines.some((l) => l.startsWith('early_help,Early help,stock,'))).toBe(true);
    const stages = await t.call('analyst', 'GET', `/api/backtests/${id}?format=csv&table=stages`);
    expect((await stages.text()).split('\r\n')[0]).toMatch(
      /^stage,label,open_at_t,mean_recorded_stock,stock_mape/,
    );
    const bad = await t.call('analyst', 'GET', `/api/backtests/${id}?format=xml`);
    expect(bad.status).toBe(422);
    expect((await bad.json()).code).toBe('invalid_value');
    expect((await t.call('viewer', 'GET', `/api/backtests/${id}`)).status).toBe(403);
  });

  it('refuses T outside the data, months past its end or out of range, unknown pathways (problem+json) and queues nothing', async () => {
    const rowsBefore = await runRows(store());
    const cases: [unknown, number, string, string | undefined][] = [
      [{ ...body, at: '2021-06-01' }, 422, 'backtest_outside_data', 'at'],
      [{ ...body, at: '2030-01-01' }, 422, 'backtest_outside_data', 'at'],
      [{ ...body, at: '2024-06-01', months: 12 }, 422, 'backtest_outside_data', 'months'],
      [{ ...body, months: 0 }, 422, 'invalid_value', 'months'],
      [{ ...body, months: 37 }, 422, 'invalid_value', 'months'],
      [{ ...body, at: '2024-13-01' }, 422, 'invalid_value', 'at'],
      [{ ...body, pathwayId: 'nothing_here' }, 404, 'pathway_not_found', undefined],
      [{ ...body, version: 9 }, 404, 'pathway_not_found', undefined],
      [{ ...body, extra: 1 }, 422, 'unknown_field', undefined],
      [{ ...body, replications: 1000, months: 12 }, 422, 'simulation_too_large', undefined],
    ];
    const small = await createTestApp(store(), dataDir(), {
      simulationLimits: { maxReplicationYears: 500 },
      simulations: { worker: false },
    });
    try {
      for (const [b, status, code, field] of cases) {
        const res = await small.call('analyst', 'POST', '/api/backtests', b);
        expect(res.status, JSON.stringify(b)).toBe(status);
        expect(res.headers.get('content-type')).toMatch(/problem\+json/);
        const p = await res.json();
        expect(p.code, JSON.stringify(b)).toBe(code);
        if (field) expect(JSON.stringify(p), JSON.stringify(b)).toContain(field);
      }
      expect((await small.call('viewer', 'POST', '/api/backtests', body)).status).toBe(403);
    } finally {
      await small.app.close();
    }
    expect(await runRows(store())).toBe(rowsBefore);
    expect(t.app.services.runner.running).toBe(0);
  });

  it('cancels with DELETE (the run stops, done < total), then deletes it; simulation and backtest ids stay apart', async () => {
    const id = await post({ ...body, replications: 1000 });
    const del = await t.call('analyst', 'DELETE', `/api/backtests/${id}`);
    expect(del.status).toBe(202);
    expect(await del.json()).toEqual({ id, status: 'cancelled' });
    await t.app.services.runner.idle();
    const run = await read(id);
    expect(run.status).toBe('cancelled');
    expect(run.result).toBeNull();
    expect(run.done).toBeLessThan(1000);
    const csv = await t.call('analyst', 'GET', `/api/backtests/${id}?format=csv`);
    expect(csv.status).toBe(409);
    expect((await csv.json()).code).toBe('backtest_not_finished');
    // A backtest is not a simulation run (and back).
    expect((await t.call('analyst', 'GET', `/api/simulations/${id}`)).status).toBe(404);
    expect((await t.call('analyst', 'DELETE', `/api/simulations/${id}`)).status).toBe(404);
    expect((await t.call('analyst', 'DELETE', `/api/backtests/${id}`)).status).toBe(204);
    const gone = await t.call('analyst', 'GET', `/api/backtests/${id}`);
    expect(gone.status).toBe(404);
    expect((await gone.json()).code).toBe('backtest_not_found');
    expect((await t.call('analyst', 'DELETE', `/api/backtests/${id}`)).status).toBe(404);
  });

  it('a second API instance that runs no jobs (--no-worker) reads a running backtest and cancels it', async () => {
    const otherStore = await secondStore(ctx);
    const other = await createTestApp(otherStore, dataDir(), { simulations: { worker: false } });
    try {
      const id = await post({ ...body, replications: 1000 });
      await until(async () => (await read(id, other)).done > 0, 'the backtest to run');
      const seen = await read(id, other);
      expect(seen).toMatchObject({ status: 'running', attempt: 1, total: 1000, result: null });
      expect((await other.call('analyst', 'DELETE', `/api/backtests/${id}`)).status).toBe(202);
      // The worker running it (the first instance's) sees the cancel at its next heartbeat or progress write.
      await t.app.services.runner.idle();
      const run = await read(id, other);
      expect(run.status).toBe('cancelled');
      expect(run.done).toBeLessThan(1000);
      await until(async () => (await store().jobs.status(id)) === undefined, 'its job to leave the queue');
    } finally {
      await other.app.close();
      if (otherStore !== store()) await otherStore.close();
    }
  });
});

describeEachEngine('backtest jobs on worker processes', ({ store, dataDir }) => {
  let api: TestApp;
  beforeAll(async () => {
    // The API instance only queues (`continuum serve --no-worker`); `continuum worker`s run the jobs.
    api = await createTestApp(store(), dataDir(), { simulations: { worker: false } });
    await ingestHistory(store(), api);
  });
  afterAll(async () => {
    await api.app.close();
  });
  const read = async (id: string): Promise<BacktestRunResponse> =>
    BacktestRunResponseSchema.parse(await (await api.call('analyst', 'GET', `/api/backtests/${id}`)).json());

  it('waits queued for a worker; a worker stopped mid-backtest hands it back, and the next one gives the same result (attempt 2)', async () => {
    const request = { ...body, replications: 300, seed: 11 };
    const res = await api.call('analyst', 'POST', '/api/backtests', request);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(await read(id)).toMatchObject({ status: 'queued', attempt: null, done: 0 });
    const first = await startJobWorkers(store(), { concurrency: 1, threads: 0, heartbeatMs: 50 });
    await until(async () => (await read(id)).done > 0, 'the first worker to run it');
    await first.stop(); // as `continuum worker` on SIGTERM: its running job goes back to the queue
    const handedBack = await read(id);
    expect(handedBack).toMatchObject({ status: 'queued', attempt: 1, result: null });
    expect(handedBack.done).toBeLessThan(300);
    const second = await startJobWorkers(store(), { concurrency: 1, threads: 0, heartbeatMs: 50 });
    try {
      await until(
        async () => ['done', 'failed', 'cancelled'].includes((await read(id)).status),
        'the backtest to end',
      );
    } finally {
      await second.stop();
    }
    const run = await read(id);
    expect(run).toMatchObject({ status: 'done', attempt: 2, done: 300 });
    expect(run.result).toEqual(await directBacktest(store(), request));
  });

  it('reports a backtest queued for longer than the lease window as queued, not failed: its job still waits for a worker', async () => {
    // A 50 ms lease: the backtest's row is older than that long before any worker takes it.
    const impatient = await createTestApp(store(), dataDir(), {
      simulations: { worker: false, staleAfterMs: 50 },
    });
    try {
      const res = await impatient.call('analyst', 'POST', '/api/backtests', body);
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      const queuedAt = Date.parse((await read(id)).createdAt);
      await until(async () => Date.now() > queuedAt + 200, 'the lease window to pass');
      const seen = BacktestRunResponseSchema.parse(
        await (await impatient.call('analyst', 'GET', `/api/backtests/${id}`)).json(),
      );
      expect(seen).toMatchObject({ status: 'queued', attempt: null, error: null });
      expect((await impatient.call('analyst', 'DELETE', `/api/backtests/${id}`)).status).toBe(202);
    } finally {
      await impatient.app.close();
    }
  });
});
