/** Positions of the per-stage scalar statistics in `ReplicationResult.scalars` (stage-major). */
export const SCALAR = {
  entries: 0,
  exits: 1,
  meanStock: 2,
  meanQueue: 3,
  waits: 4,
  meanWait: 5,
  meanStay: 6,
  breaches: 7,
  timedExits: 8,
  breachRate: 9,
  overdueAtEnd: 10,
  cost: 11,
  stockAtEnd: 12,
  /** Cases that gave up waiting (the stage's `whenFull` rule) and moved on. */
  gaveUp: 13,
  /** Mean wait of every case whose wait ended in the horizon: served or gave up (Erlang A's E[W]). */
  meanWaitAll: 14,
  /** Cases that gave up / entries. */
  gaveUpRate: 15,
  /** Share of the horizon the stage spent at capacity (every place taken). */
  atCapacity: 16,
} as const;
/** Number of scalar statistics per stage. */
export const NSCALAR = 17;
/** Name of a per-stage scalar statistic. */
export type ScalarName = keyof typeof SCALAR;

/**
 * What one replication hands back: compact typed arrays (transferable between threads), folded
 * into the run's statistics and then dropped, so memory does not grow with replications.
 */
export interface ReplicationResult {
  replication: number;
  /** stages x NSCALAR: counts, time averages over the horizon, means per stay. */
  scalars: Float64Array;
  /** stages x buckets: stock (in service + queued) at the end of each bucket. */
  stock: Float32Array;
  /** stages x buckets: queue length at the end of each bucket. */
  queue: Float32Array;
  /** stages x buckets: entries into the stage during each bucket. */
  entries: Float32Array;
  arrivals: number;
  events: number;
}
