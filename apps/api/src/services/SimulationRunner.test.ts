import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { publishDefaultPathwayIfEmpty } from '../bootstrap.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';
import { runRepositories } from './runRepositories.ts';
import { SimulationLimitError } from './SimulationAdmission.ts';
import { SimulationRunner } from './SimulationRunner.ts';
import { SimulationRequestSchema } from './simulationSchemas.ts';
import { SimulationServiceClosedError } from './SimulationServiceClosedError.ts';

describeEachEngine('the progress stream of a run admitted here', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    // A poll an hour apart: only the runner's end notice can end the stream within the test.
    t = await createTestApp(store(), dataDir(), { simulations: { workers: 0, pollMs: 3_600_000 } });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('ends as soon as the run’s final status is written, not at the next poll', async () => {
    const res = await t.call('analyst', 'POST', '/api/simulations', {
      pathwayId: 'continuum_of_need',
      replications: 300,
      horizonDays: 730,
      startFrom: 'empty',
      seed: 3,
    });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const events = await (await t.call('analyst', 'GET', `/api/simulations/${id}/events`)).text();
    // It saw the run still running, then its end.
    const progress = [...events.matchAll(/event: progress\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!));
    expect(progress[0].done).toBeLessThan(progress[0].total);
    expect(events).toMatch(/event: done\ndata: .*\n/);
    expect((await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json()).status).toBe('done');
  });
});

describeEachEngine('a runner following the runs it admitted', ({ store }) => {
  const request = (replications: number, horizonDays: number) =>
    SimulationRequestSchema.parse({
      pathwayId: 'continuum_of_need',
      replications,
      horizonDays,
      startFrom: 'empty',
      seed: 5,
    });
  beforeAll(async () => {
    await publishDefaultPathwayIfEmpty(store());
  });
  /** A run refused because its runner closed before queueing it: not followed, recorded failed, no job. */
  const expectRefusedUnqueued = async (
    runner: SimulationRunner,
    repo: { getRun(id: string, withResult: boolean): Promise<unknown> },
    id: string,
  ) => {
    expect(runner.whenEnded(id)).toBeUndefined();
    await runner.idle();
    expect(await repo.getRun(id, false)).toMatchObject({
      status: 'failed',
      error: { title: 'The server stopped before this run was queued.' },
    });
    expect(await store().jobs.status(id)).toBeUndefined();
  };

  it('takes a run’s progress and end from its own worker, reading the row only while it waits in the queue', async () => {
    const runs = runRepositories(store());
    const repo = runs.simulation;
    // Rows read every millisecond, were they read while the run executes here.
    const runner = new SimulationRunner(store(), runs, { workers: 0, watchMs: 1 });
    const getRun = vi.spyOn(repo, 'getRun');
    const begin = vi.spyOn(repo, 'begin');
    const finish = vi.spyOn(repo, 'finish');
    try {
      const id = await runner.start(request(200, 365), 'analyst');
      await runner.idle();
      expect((await repo.getRun(id))?.status).toBe('done');
      const began = begin.mock.invocationCallOrder[0]!;
      const finished = finish.mock.invocationCallOrder[0]!;
      expect(began).toBeLessThan(finished);
      expect(getRun.mock.invocationCallOrder.filter((at) => at > began && at < finished)).toEqual([]);
    } finally {
      await runner.close();
    }
  });

  it('estimates Retry-After from its own worker’s progress, without reading the run’s row', async () => {
    const runs = runRepositories(store());
    const repo = runs.simulation;
    // Rows read an hour apart: only the worker's events can tell the runner how far the run is.
    const runner = new SimulationRunner(store(), runs, {
      workers: 0,
      watchMs: 3_600_000,
      limits: { maxRunsGlobal: 1, maxReplicationYears: 100_000, retryAfterSeconds: 3600 },
    });
    const progress = vi.spyOn(repo, 'progress');
    try {
      const id = await runner.start(request(2000, 1825), 'analyst');
      // 7.5% of the replications are done (the row's progress is written after the worker's events).
      await vi.waitFor(() => expect(progress.mock.calls.some(([, done]) => done >= 150)).toBe(true), {
        timeout: 300_000,
        interval: 20,
      });
      const refusal = await runner.start(request(10, 365), 'analyst').catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(SimulationLimitError);
      // Without progress the refusal would say the fallback, an hour.
      expect((refusal as SimulationLimitError).retryAfter).toBeLessThan(3600);
      await runner.cancel(id);
      await runner.idle();
      expect((await repo.getRun(id, false))?.status).toBe('cancelled');
    } finally {
      await runner.close();
    }
  });

  it('keeps the slot of a run a later start took over until that start ends it', async () => {
    const runs = runRepositories(store());
    const repo = runs.simulation;
    const runner = new SimulationRunner(store(), runs, {
      workers: 0,
      heartbeatMs: 20,
      watchMs: 20,
      limits: { maxRunsGlobal: 1, maxReplicationYears: 100_000 },
    });
    const progress = vi.spyOn(repo, 'progress');
    try {
      const id = await runner.start(request(2000, 1825), 'analyst');
      await vi.waitFor(() => expect(progress).toHaveBeenCalled(), { timeout: 300_000, interval: 20 });
      // Another worker starts the run again (as after this one was given up for dead): this start
      // sees it at its next heartbeat, stops and lets go of its job.
      expect(await repo.begin(id, 2)).toBe(true);
      await vi.waitFor(async () => expect(await store().jobs.status(id)).toBeUndefined(), {
        timeout: 300_000,
        interval: 20,
      });
      expect(runner.running).toBe(0);
      // The run goes on elsewhere: it still holds this instance's one slot.
      expect(await repo.getRun(id, false)).toMatchObject({ status: 'running', attempt: 2 });
      expect(await runner.start(request(10, 365), 'analyst').catch((e: unknown) => e)).toBeInstanceOf(
        SimulationLimitError,
      );
      // The later start ends it: this instance sees so in the row and admits again.
      expect(await repo.finish(id, 'done', { result: {}, done: 2000 }, 2)).toBe(true);
      await runner.idle();
      const next = await runner.start(request(10, 365), 'analyst');
      await runner.idle();
      expect((await repo.getRun(next, false))?.status).toBe('done');
    } finally {
      await runner.close();
    }
  });

  it('refuses a run whose row was being written when it closed: recorded failed, never queued, nothing left to wait for', async () => {
    const runs = runRepositories(store());
    const repo = runs.simulation;
    const runner = new SimulationRunner(store(), runs, { workers: 0 });
    // The row's write answers only after close() has begun (a slow database during a shutdown).
    let written!: (id: string) => void;
    const writing = new Promise<string>((resolve) => {
      written = resolve;
    });
    let answer!: () => void;
    const gate = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const createRun = repo.createRun.bind(repo);
    vi.spyOn(repo, 'createRun').mockImplementation(async (run) => {
      await createRun(run);
      written(run.id);
      await gate;
    });
    const started = runner.start(request(10, 365), 'analyst').catch((e: unknown) => e);
    const id = await writing;
    const closed = runner.close();
    answer();
    expect(await started).toBeInstanceOf(SimulationServiceClosedError);
    await closed;
    // The runner follows nothing (before the fix, idle() never resolved): shutdown completes.
    await expectRefusedUnqueued(runner, repo, id);
  });

  it.each([
    ['while its worker starts', 'startWorker'],
    ['while its job is queued', 'enqueue'],
  ] as const)(
    'refuses a run the runner closed on %s: recorded failed, no job left in the queue',
    async (_, step) => {
      const runs = runRepositories(store());
      const repo = runs.simulation;
      // No worker of its own: the job stays waiting in the queue (one that a worker holds goes on, below).
      const runner = new SimulationRunner(store(), runs, { worker: false });
      // The step answers only after close() has begun; the job, when queued, is in the queue by then.
      let reached!: () => void;
      const reaching = new Promise<void>((resolve) => {
        reached = resolve;
      });
      let answer!: () => void;
      const gate = new Promise<void>((resolve) => {
        answer = resolve;
      });
      const slow =
        <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
          const result = await f(...args);
          reached();
          await gate;
          return result;
        };
      // The originals, taken before the spies replace them.
      const startWorker = runner.startWorker.bind(runner);
      const enqueue = store().jobs.enqueue.bind(store().jobs);
      const spy =
        step === 'startWorker'
          ? vi.spyOn(runner, 'startWorker').mockImplementation(slow(startWorker))
          : vi.spyOn(store().jobs, 'enqueue').mockImplementation(slow(enqueue));
      const created = vi.spyOn(repo, 'createRun');
      try {
        const started = runner.start(request(10, 365), 'analyst').catch((e: unknown) => e);
        await reaching;
        const closed = runner.close();
        answer();
        expect(await started).toBeInstanceOf(SimulationServiceClosedError);
        await closed;
        await expectRefusedUnqueued(runner, repo, created.mock.calls[0]![0].id);
      } finally {
        spy.mockRestore();
        created.mockRestore();
      }
    },
  );

  it('leaves a run a worker elsewhere already holds when it closes while queueing it: the run finishes there', async () => {
    const runs = runRepositories(store());
    const repo = runs.simulation;
    // This instance only queues; another runner's worker takes the job while the queueing answers.
    const queuing = new SimulationRunner(store(), runs, { worker: false });
    const running = new SimulationRunner(store(), runs, { workers: 0 });
    await running.startWorker();
    const enqueue = store().jobs.enqueue.bind(store().jobs);
    let queuedId = '';
    const spy = vi.spyOn(store().jobs, 'enqueue').mockImplementation(async (kind, payload, options) => {
      await enqueue(kind, payload, options);
      queuedId = options?.jobKey ?? '';
      await vi.waitFor(async () => expect((await store().jobs.status(queuedId))?.state).not.toBe('queued'), {
        timeout: 30_000,
        interval: 10,
      });
    });
    try {
      const started = queuing.start(request(10, 365), 'analyst');
      await vi.waitFor(() => expect(queuedId).not.toBe(''), { timeout: 30_000, interval: 10 });
      await queuing.close();
      expect(await started).toBe(queuedId);
      await vi.waitFor(async () => expect((await repo.getRun(queuedId, false))?.status).toBe('done'), {
        timeout: 120_000,
        interval: 20,
      });
    } finally {
      spy.mockRestore();
      await running.close();
    }
  });

  it('records a run stopped by the server when the store closes its queue before the runner is closed', async () => {
    const runs = runRepositories(store());
    const repo = runs.simulation;
    const runner = new SimulationRunner(store(), runs, {
      workers: 0,
      limits: { maxReplicationYears: 100_000 },
    });
    const progress = vi.spyOn(repo, 'progress');
    try {
      const id = await runner.start(request(2000, 1825), 'analyst');
      await vi.waitFor(() => expect(progress).toHaveBeenCalled(), { timeout: 300_000, interval: 20 });
      // What the store's close does first (an app that was never closed, as a test's or a script's);
      // it waits for the running job's handler, so its last write is made.
      await store().jobs.close();
      expect(await repo.getRun(id, false)).toMatchObject({
        status: 'failed',
        error: { title: 'The server stopped during this run.' },
      });
      // Not handed back to the queue to be started again.
      expect(await store().jobs.status(id)).toBeUndefined();
    } finally {
      await runner.close();
    }
  });
});
