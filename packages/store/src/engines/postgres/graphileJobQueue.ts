import { EventEmitter } from 'node:events';
import { Logger, run, runMigrations, type Runner, type Task, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import {
  DEFAULT_MAX_ATTEMPTS,
  type JobQueue,
  type JobState,
  type JobWorker,
  type JobWorkerOptions,
  JobWorkerStoppedError,
} from '../../jobs/JobQueue.ts';
import { openWorkerLiveness, reclaimDeadWorkers, type WorkerLiveness } from './workerLiveness.ts';

/** Timing of the PostgreSQL queue (tests and benchmarks keep the defaults). */
export interface GraphileQueueOptions {
  /** How often a worker looks for jobs held by dead workers, ms (default 1,000). */
  reclaimMs?: number;
  /** How often an idle worker polls for jobs besides LISTEN/NOTIFY, ms (default 1,000; reclaimed jobs wait for it). */
  pollMs?: number;
}

/** Serialises graphile-worker's schema install between processes starting at once on a new database. */
const INSTALL_LOCK = 0x436f6e74;

// graphile-worker's own logging goes to stderr, errors only (a retried job's failure is expected).
const logger = new Logger(() => (level, message) => {
  if (level === 'error') process.stderr.write(`[jobs] ${message}\n`);
});

/**
 * Jobs on PostgreSQL with graphile-worker 0.16, in the same database (its `graphile_worker`
 * schema is installed on first use, under an advisory lock). Workers in any number of processes
 * share the queue. graphile-worker only reclaims a job whose worker vanished after 4 hours, so
 * each worker holds a session advisory lock for its life (workerLiveness.ts): the others take it
 * once the process is gone (its connection closed: at once after SIGKILL) and release its jobs
 * with graphile-worker's `force_unlock_workers`, to be started again.
 */
export function graphileJobQueue(pool: pg.Pool, options: GraphileQueueOptions = {}): JobQueue {
  let installed: Promise<void> | undefined;
  const install = () => {
    installed ??= (async () => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [INSTALL_LOCK]);
        try {
          await runMigrations({ pgPool: pool, logger });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [INSTALL_LOCK]);
        }
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      installed = undefined;
      throw error;
    });
    return installed;
  };
  const workers = new Set<GraphileWorker>();
  return {
    implementation: 'graphile-worker',
    enqueue: async (kind, payload, opts = {}) => {
      await install();
      await pool.query('select graphile_worker.add_job($1, $2::json, max_attempts => $3, job_key => $4)', [
        kind,
        JSON.stringify(payload),
        opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        opts.jobKey ?? null,
      ]);
    },
    work: async (opts) => {
      await install();
      const worker = await GraphileWorker.start(pool, opts, options, () => workers.delete(worker));
      workers.add(worker);
      return worker;
    },
    status: async (key) => {
      await install();
      const { rows } = await pool.query<{
        task_identifier: string;
        attempts: number;
        max_attempts: number;
        last_error: string | null;
        locked_by: string | null;
      }>(
        'select task_identifier, attempts, max_attempts, last_error, locked_by from graphile_worker.jobs where key = $1',
        [key],
      );
      const row = rows[0];
      if (!row) return undefined;
      const state: JobState['state'] =
        row.locked_by !== null ? 'running' : row.attempts >= row.max_attempts ? 'failed' : 'queued';
      return {
        kind: row.task_identifier,
        state,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
        lastError: row.last_error,
      };
    },
    remove: async (key) => {
      await install();
      // remove_job deletes a job no worker holds; a held one loses its key and any further attempt.
      const { rows } = await pool.query<{ id: number | null }>(
        'select id from graphile_worker.remove_job($1)',
        [key],
      );
      return rows[0]?.id != null;
    },
    close: async () => {
      await Promise.all([...workers].map((w) => w.stop()));
    },
  };
}

/**
 * A worker process's share of the queue: one graphile-worker runner taking `concurrency` jobs at
 * once on a small pool of its own (the store's pool stays for requests), and the liveness locks of
 * its worker ids (workerLiveness.ts), which tell other processes when its jobs must be reclaimed.
 */
class GraphileWorker implements JobWorker {
  private readonly controller = new AbortController();
  private readonly active = new Set<Promise<void>>();
  private stopping: Promise<void> | undefined;
  private runner: Runner | undefined;
  private reclaim: NodeJS.Timeout | undefined;

  private constructor(
    private readonly liveness: WorkerLiveness,
    private readonly jobPool: pg.Pool,
    private readonly onStopped: () => void,
  ) {}

  static async start(
    pool: pg.Pool,
    opts: JobWorkerOptions,
    timing: GraphileQueueOptions,
    onStopped: () => void,
  ): Promise<GraphileWorker> {
    const concurrency = Math.max(1, opts.concurrency);
    const liveness = await openWorkerLiveness(pool.options);
    const jobPool = new pg.Pool({ ...pool.options, max: concurrency + 2 });
    jobPool.on('error', () => undefined);
    const self = new GraphileWorker(liveness, jobPool, onStopped);
    const own = new Set<string>();
    const holds: Promise<void>[] = [];
    const events = new EventEmitter() as WorkerEvents;
    events.on('worker:create', ({ worker }) => {
      own.add(worker.workerId);
      holds.push(liveness.hold(worker.workerId));
    });
    const taskList: Record<string, Task> = {};
    for (const [kind, handler] of Object.entries(opts.handlers)) {
      taskList[kind] = async (payload, helpers) => {
        const p = handler({
          kind,
          key: helpers.job.key,
          payload: (payload ?? {}) as Record<string, unknown>,
          attempt: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
          signal: self.controller.signal,
        });
        self.active.add(p);
        try {
          await p;
        } finally {
          self.active.delete(p);
        }
      };
    }
    try {
      self.runner = await run({
        pgPool: jobPool,
        logger,
        events,
        concurrency,
        noHandleSignals: true,
        pollInterval: timing.pollMs ?? 1_000,
        taskList,
      });
      await Promise.all(holds);
    } catch (error) {
      await self.stop();
      throw error;
    }
    self.reclaim = setInterval(() => {
      reclaimDeadWorkers(pool, own).catch(() => undefined); // tried again on the next tick
    }, timing.reclaimMs ?? 1_000);
    self.reclaim.unref();
    // A lost liveness connection means other workers may now take this process's jobs: stop ours.
    liveness.onLost(() => self.controller.abort(new Error('The worker lost its database connection.')));
    return self;
  }

  get running(): number {
    return this.active.size;
  }

  stop(reason: unknown = new JobWorkerStoppedError()): Promise<void> {
    this.stopping ??= (async () => {
      if (this.reclaim) clearInterval(this.reclaim);
      this.controller.abort(reason);
      // graphile-worker stops taking jobs and waits for the running ones (whose signals are aborted).
      await this.runner?.stop();
      while (this.active.size > 0) await Promise.allSettled([...this.active]);
      await this.liveness.release();
      await this.jobPool.end();
      this.onStopped();
    })();
    return this.stopping;
  }
}
