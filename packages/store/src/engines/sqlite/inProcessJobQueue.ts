import {
  DEFAULT_MAX_ATTEMPTS,
  type JobQueue,
  type JobState,
  type JobWorker,
  type JobWorkerOptions,
  JobWorkerStoppedError,
  type RunningJob,
} from '../../jobs/JobQueue.ts';

interface QueuedJob {
  kind: string;
  key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  state: JobState['state'];
}

/**
 * The job queue of the embedded SQLite store: jobs live in this process's memory and run on the
 * workers started here (the API's own, by default). No extra service; a job does not outlive its
 * process (a run left `running` by a dead process is reported failed by its stale heartbeat).
 */
export function inProcessJobQueue(): JobQueue {
  const queued: QueuedJob[] = [];
  const byKey = new Map<string, QueuedJob>();
  const workers = new Set<InProcessWorker>();
  const wake = () => {
    for (const w of workers) w.pull();
  };
  const take = (kinds: ReadonlySet<string>): QueuedJob | undefined => {
    const i = queued.findIndex((j) => kinds.has(j.kind));
    if (i < 0) return undefined;
    const [job] = queued.splice(i, 1);
    return job;
  };
  const settle = (job: QueuedJob, error: unknown) => {
    if (error === undefined) {
      if (job.key !== null && byKey.get(job.key) === job) byKey.delete(job.key);
      return;
    }
    job.lastError = error instanceof Error ? error.message : String(error);
    if (job.attempts < job.maxAttempts) {
      job.state = 'queued';
      queued.push(job);
      wake();
    } else job.state = 'failed';
  };
  return {
    implementation: 'in-process',
    enqueue: async (kind, payload, options = {}) => {
      const key = options.jobKey ?? null;
      const existing = key === null ? undefined : byKey.get(key);
      if (existing?.state === 'queued') {
        existing.payload = payload;
        return;
      }
      const job: QueuedJob = {
        kind,
        key,
        payload,
        attempts: 0,
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        lastError: null,
        state: 'queued',
      };
      if (key !== null) byKey.set(key, job);
      queued.push(job);
      wake();
    },
    work: async (options) => {
      const worker = new InProcessWorker(options, take, settle, (w) => workers.delete(w));
      workers.add(worker);
      worker.pull();
      return worker;
    },
    status: async (key) => {
      const job = byKey.get(key);
      return (
        job && {
          kind: job.kind,
          state: job.state,
          attempts: job.attempts,
          maxAttempts: job.maxAttempts,
          lastError: job.lastError,
        }
      );
    },
    remove: async (key) => {
      const job = byKey.get(key);
      if (!job) return false;
      byKey.delete(key);
      const i = queued.indexOf(job);
      if (i >= 0) queued.splice(i, 1);
      job.maxAttempts = job.attempts; // a running one is not started again
      return true;
    },
    close: async () => {
      await Promise.all([...workers].map((w) => w.stop()));
    },
  };
}

/** One worker of the in-process queue: pulls jobs of its kinds while it has room. */
class InProcessWorker implements JobWorker {
  private readonly controller = new AbortController();
  private readonly active = new Set<Promise<void>>();
  private readonly kinds: ReadonlySet<string>;
  private stopping = false;

  constructor(
    private readonly options: JobWorkerOptions,
    private readonly take: (kinds: ReadonlySet<string>) => QueuedJob | undefined,
    private readonly settle: (job: QueuedJob, error: unknown) => void,
    private readonly onStopped: (w: InProcessWorker) => void,
  ) {
    this.kinds = new Set(Object.keys(options.handlers));
  }

  get running(): number {
    return this.active.size;
  }

  /** Starts queued jobs while there is room (called when jobs are added or a job ends). */
  pull(): void {
    while (!this.stopping && this.active.size < Math.max(1, this.options.concurrency)) {
      const job = this.take(this.kinds);
      if (!job) return;
      job.attempts += 1;
      job.state = 'running';
      const running: RunningJob = {
        kind: job.kind,
        key: job.key,
        payload: job.payload,
        attempt: job.attempts,
        maxAttempts: job.maxAttempts,
        signal: this.controller.signal,
      };
      const handler = this.options.handlers[job.kind]!;
      // Settled on a later tick: a handler that throws synchronously still counts as one attempt.
      const p: Promise<void> = Promise.resolve()
        .then(() => handler(running))
        .then(
          () => this.settle(job, undefined),
          (error: unknown) => this.settle(job, this.stopping ? (error ?? 'stopped') : (error ?? 'failed')),
        )
        .finally(() => {
          this.active.delete(p);
          this.pull();
        });
      this.active.add(p);
    }
  }

  async stop(reason: unknown = new JobWorkerStoppedError()): Promise<void> {
    this.stopping = true;
    this.controller.abort(reason);
    while (this.active.size > 0) await Promise.all([...this.active]);
    this.onStopped(this);
  }
}
