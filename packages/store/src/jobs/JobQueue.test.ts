import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { type JobWorker, JobWorkerStoppedError, type RunningJob } from './JobQueue.ts';

/** Resolves when `ready()` holds, polling (generous: CI machines are slow). */
async function until(ready: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The same interface tests for graphile-worker (PostgreSQL) and the in-process queue (SQLite).
describeEachEngine('job queue (issue 16)', ({ store, engine }) => {
  const seen: RunningJob[] = [];
  const workers: JobWorker[] = [];
  const work = async (handler: (job: RunningJob) => Promise<void>, concurrency = 1, kind = 'k') => {
    const w = await store().jobs.work({ concurrency, handlers: { [kind]: handler } });
    workers.push(w);
    return w;
  };
  const stopAll = async () => {
    for (const w of workers.splice(0)) await w.stop();
  };

  it('names its implementation after the engine', () => {
    expect(store().jobs.implementation).toBe(engine === 'postgres' ? 'graphile-worker' : 'in-process');
  });

  it('runs a queued job once with its payload, then forgets it', async () => {
    await store().jobs.enqueue('k', { n: 1 }, { jobKey: 'one' });
    expect((await store().jobs.status('one'))?.state).toBe('queued');
    await work(async (job) => {
      seen.push(job);
    });
    await until(() => seen.length === 1, 'the job');
    expect(seen[0]).toMatchObject({ kind: 'k', key: 'one', payload: { n: 1 }, attempt: 1, maxAttempts: 3 });
    await until(async () => (await store().jobs.status('one')) === undefined, 'the job to complete');
    await stopAll();
  });

  it('keeps one job per key: adding a queued key again replaces its payload', async () => {
    seen.length = 0;
    await store().jobs.enqueue('k', { v: 'first' }, { jobKey: 'dup' });
    await store().jobs.enqueue('k', { v: 'second' }, { jobKey: 'dup' });
    await store().jobs.enqueue('k', { v: 'last' }, { jobKey: 'after' });
    await work(async (job) => {
      seen.push(job);
    });
    await until(() => seen.some((j) => j.key === 'after'), 'the last job');
    await until(async () => (await store().jobs.status('after')) === undefined, 'the last job to complete');
    expect(seen.filter((j) => j.key === 'dup').map((j) => j.payload)).toEqual([{ v: 'second' }]);
    await stopAll();
  });

  it('runs at most `concurrency` jobs at once and shares a batch between two workers', async () => {
    let running = 0;
    let most = 0;
    const done: string[] = [];
    let open = false;
    const handler = async (job: RunningJob) => {
      running += 1;
      most = Math.max(most, running);
      await until(() => open, 'the gate');
      running -= 1;
      done.push(String(job.key));
    };
    for (let i = 0; i < 6; i++) await store().jobs.enqueue('gate', {}, { jobKey: `g${i}` });
    const a = await work(handler, 2, 'gate');
    const b = await work(handler, 1, 'gate');
    await until(() => running === 3, 'three jobs running on two workers');
    expect(a.running + b.running).toBe(3);
    open = true;
    await until(() => done.length === 6, 'every job');
    expect(most).toBe(3);
    expect(new Set(done).size).toBe(6);
    await stopAll();
  });

  it('starts a job that threw again (attempt 2), and marks it failed once its attempts are used', async () => {
    const attempts: number[] = [];
    await store().jobs.enqueue('flaky', {}, { jobKey: 'flaky', maxAttempts: 2 });
    await store().jobs.enqueue('flaky', {}, { jobKey: 'doomed', maxAttempts: 1 });
    await work(
      async (job) => {
        if (job.key === 'doomed') throw new Error('always');
        attempts.push(job.attempt);
        if (job.attempt === 1) throw new Error('first start fails');
      },
      1,
      'flaky',
    );
    await until(() => attempts.length === 2, 'the second attempt');
    expect(attempts).toEqual([1, 2]);
    await until(
      async () => (await store().jobs.status('doomed'))?.state === 'failed',
      'the doomed job to fail',
    );
    expect(await store().jobs.status('doomed')).toMatchObject({
      attempts: 1,
      maxAttempts: 1,
      lastError: 'always',
    });
    await stopAll();
  });

  it('removes a queued job before any worker starts it', async () => {
    seen.length = 0;
    await store().jobs.enqueue('k', { which: 'removed' }, { jobKey: 'removed' });
    await store().jobs.enqueue('k', { which: 'kept' }, { jobKey: 'kept' });
    expect(await store().jobs.remove('removed')).toBe(true);
    expect(await store().jobs.remove('never-added')).toBe(false);
    await work(async (job) => {
      seen.push(job);
    });
    await until(() => seen.length === 1, 'the kept job');
    await until(async () => (await store().jobs.status('kept')) === undefined, 'the kept job to complete');
    expect(seen.map((j) => j.payload)).toEqual([{ which: 'kept' }]);
    await stopAll();
  });

  it("stop() aborts running jobs' signals with its reason and waits for their handlers", async () => {
    const reasons: unknown[] = [];
    let started = false;
    let returned = false;
    await store().jobs.enqueue('long', {}, { jobKey: 'long' });
    const w = await work(
      async (job) => {
        started = true;
        await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
        reasons.push(job.signal.reason);
        await new Promise((r) => setTimeout(r, 50));
        returned = true;
      },
      1,
      'long',
    );
    await until(() => started && w.running === 1, 'the long job');
    expect((await store().jobs.status('long'))?.state).toBe('running');
    const reason = new Error('stopping');
    await w.stop(reason);
    expect(returned).toBe(true);
    expect(reasons).toEqual([reason]);
    expect(w.running).toBe(0);
    workers.splice(workers.indexOf(w), 1);
  });

  // The store's close closes its queue: a handler must be able to tell that from a lost connection.
  it('stop() without a reason, and closing the queue (as the store does), abort running jobs as stopped', async () => {
    const reasons: unknown[] = [];
    const block = async (job: RunningJob) => {
      await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
      reasons.push(job.signal.reason);
    };
    await store().jobs.enqueue('by-stop', {}, { jobKey: 'by-stop' });
    await store().jobs.enqueue('by-close', {}, { jobKey: 'by-close' });
    const a = await work(block, 1, 'by-stop');
    const b = await work(block, 1, 'by-close');
    await until(() => a.running === 1 && b.running === 1, 'both jobs running');
    await a.stop();
    expect(reasons).toHaveLength(1);
    await store().jobs.close();
    expect(b.running).toBe(0);
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expect(reason).toBeInstanceOf(JobWorkerStoppedError);
    workers.splice(0);
  });
});
