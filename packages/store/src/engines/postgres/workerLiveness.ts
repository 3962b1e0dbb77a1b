import pg from 'pg';
import { WriteLock } from '../WriteLock.ts';

/** Advisory-lock class of worker liveness locks ("Cwrk"); the object id is hashtext(worker id). */
const LIVENESS_CLASS = 0x4377726b;

/**
 * A job held this long or longer may be reclaimed when its worker's liveness lock is free (a
 * worker takes its lock within milliseconds of being created, well before this).
 */
const RECLAIM_AFTER = '5 seconds';

/** The liveness locks of one worker process, held on a connection of their own for its life. */
export interface WorkerLiveness {
  /** Takes the lock of one graphile-worker worker id of this process. */
  hold(workerId: string): Promise<void>;
  /** Called once if the connection holding the locks is lost (the locks went with it). */
  onLost(listener: () => void): void;
  /** Ends the connection, which frees the locks. */
  release(): Promise<void>;
}

/**
 * Opens the connection that holds a worker process's liveness locks (one per graphile-worker
 * worker id). PostgreSQL drops a session's advisory locks when its connection ends, so a lock is
 * free exactly when its process is gone: at once after a kill (the kernel closes the socket); for
 * a machine that vanished, after the TCP keepalive probes set here fail (about 15 s).
 */
export async function openWorkerLiveness(options: pg.PoolOptions): Promise<WorkerLiveness> {
  const client = new pg.Client(options);
  const listeners: (() => void)[] = [];
  let ended = false;
  const lost = () => {
    if (ended) return;
    ended = true;
    for (const l of listeners) l();
  };
  client.on('error', lost);
  client.on('end', lost);
  await client.connect();
  await client.query(
    'set tcp_keepalives_idle = 5; set tcp_keepalives_interval = 2; set tcp_keepalives_count = 4',
  );
  // graphile-worker creates a process's workers at once: their locks are taken one after another on
  // the one connection (pg deprecates queries issued while one runs, and pg 9 refuses them).
  const taking = new WriteLock();
  return {
    hold: async (workerId) => {
      await taking.run(() =>
        client.query('select pg_advisory_lock($1, hashtext($2))', [LIVENESS_CLASS, workerId]),
      );
    },
    onLost: (listener) => {
      listeners.push(listener);
    },
    release: async () => {
      if (ended) return;
      ended = true;
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * Frees the jobs held by workers that are gone: for each worker id holding a job for a while, tries
 * its liveness lock; taking it proves the worker's process dead, and its jobs are unlocked
 * (graphile-worker's force_unlock_workers) to be started again, the attempt counted.
 * Returns how many dead workers' jobs were freed.
 */
export async function reclaimDeadWorkers(pool: pg.Pool, own: ReadonlySet<string>): Promise<number> {
  const { rows } = await pool.query<{ locked_by: string }>(
    `select distinct locked_by from graphile_worker.jobs where locked_by is not null and locked_at < now() - interval '${RECLAIM_AFTER}'`,
  );
  let reclaimed = 0;
  for (const { locked_by: workerId } of rows) {
    if (own.has(workerId)) continue;
    const client = await pool.connect();
    try {
      const got = await client.query<{ got: boolean }>(
        'select pg_try_advisory_lock($1, hashtext($2)) as got',
        [LIVENESS_CLASS, workerId],
      );
      if (!got.rows[0]?.got) continue;
      try {
        await client.query('select graphile_worker.force_unlock_workers(array[$1::text])', [workerId]);
        reclaimed += 1;
      } finally {
        await client.query('select pg_advisory_unlock($1, hashtext($2))', [LIVENESS_CLASS, workerId]);
      }
    } finally {
      client.release();
    }
  }
  return reclaimed;
}
