/**
 * Background jobs (simulation runs and comparisons, backtests, large imports), behind one
 * database-neutral interface: graphile-worker on PostgreSQL (any number of worker processes on any
 * machines), an in-process queue on SQLite (no extra service). openStore picks the implementation;
 * callers never branch. What a job did (progress, result, cancel) lives in the job's own tables, not
 * in the queue.
 */
export interface JobQueue {
  /** Which implementation this is (for messages and `continuum worker`'s banner). */
  readonly implementation: 'in-process' | 'graphile-worker';
  /**
   * Adds a job. A `jobKey` names it (one job per key: adding the same key again replaces a queued
   * job); `maxAttempts` (default 3) bounds how often it starts in all, counting restarts after a
   * worker died.
   */
  enqueue(kind: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<void>;
  /** Starts a worker in this process that runs the given kinds of job, `concurrency` at a time. */
  work(options: JobWorkerOptions): Promise<JobWorker>;
  /** Where a keyed job stands; undefined once it completed or was removed. */
  status(jobKey: string): Promise<JobState | undefined>;
  /**
   * Removes a keyed job: a queued one never starts, a running one is never started again (its
   * handler is told to stop through the job's own record, not by the queue). True when one existed.
   */
  remove(jobKey: string): Promise<boolean>;
  /**
   * Stops every worker this queue started here (running jobs' signals abort with a
   * JobWorkerStoppedError, as from `JobWorker.stop()`) and frees its connections. The store's close
   * does this, so a job running when its store closes ends as it would when its worker is stopped.
   */
  close(): Promise<void>;
}

/** How a job is added. */
export interface EnqueueOptions {
  /** Names the job (e.g. the simulation run's id): status, remove and de-duplication use it. */
  jobKey?: string;
  /** Starts allowed in all (default 3). */
  maxAttempts?: number;
}

/** The kinds of job a worker runs, and how many at once. */
export interface JobWorkerOptions {
  handlers: Record<string, JobHandler>;
  /** Jobs run at once by this worker (>= 1). */
  concurrency: number;
}

/**
 * Runs one job. Returning completes it; throwing hands it back to the queue to start again later
 * (until maxAttempts), so a handler records its own failures and throws only to be retried.
 */
export type JobHandler = (job: RunningJob) => Promise<void>;

/** A job as its handler sees it. */
export interface RunningJob {
  kind: string;
  key: string | null;
  payload: Record<string, unknown>;
  /** 1 on the first start; 2 and more when an earlier start did not finish (its worker died or stopped). */
  attempt: number;
  maxAttempts: number;
  /**
   * Aborted when this worker stops: its reason is the one given to JobWorker.stop (a
   * JobWorkerStoppedError by default and when the queue closes), or another error when the worker
   * lost its database connection (other workers may then take its jobs).
   */
  signal: AbortSignal;
}

/** A worker running in this process. */
export interface JobWorker {
  /** Jobs running in this worker now. */
  readonly running: number;
  /**
   * Stops taking jobs, aborts the running ones' signals with `reason` (default a
   * JobWorkerStoppedError) and waits for their handlers to return; a handler that throws leaves its
   * job to be started again (by another worker).
   */
  stop(reason?: unknown): Promise<void>;
}

/**
 * Why a running job's signal aborted when this process stopped its worker (JobWorker.stop without a
 * reason, or JobQueue.close as the store closes): a handler tells its process stopping from its
 * worker losing the database connection, and records what its owner wants for a stop.
 */
export class JobWorkerStoppedError extends Error {
  constructor() {
    super('The job worker is stopping.');
    this.name = 'JobWorkerStoppedError';
  }
}

/** Where a keyed job stands. */
export interface JobState {
  kind: string;
  /** queued (waiting, or waiting to be retried), running (a worker holds it), failed (no attempts left). */
  state: 'queued' | 'running' | 'failed';
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
}

/** Starts a keyed job may have by default: the first, and two restarts after a worker died. */
export const DEFAULT_MAX_ATTEMPTS = 3;
