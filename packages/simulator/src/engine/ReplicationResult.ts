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
} as const;
/** Number of scalar statistics per stage. */
export const NSCALAR = 13;
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
