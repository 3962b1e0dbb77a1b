/**
 * Limits on simulation work, so one user (or a few) cannot take the machine's CPU from the case
 * service: four runs of 10,000 replications x 100 years once took 45 CPU-minutes and slowed moves
 * five- to twenty-fold. Counted per API instance: the runs it accepted, until they end on whichever
 * worker runs them (its own, or `continuum worker` processes sharing PostgreSQL).
 */
export interface SimulationLimits {
  /** Largest run, in replication-years: replications x (horizon + warm-up) in years, x2 when compared with its baseline. */
  maxReplicationYears: number;
  /** Runs one token may have running at once. */
  maxRunsPerToken: number;
  /** Runs this instance has accepted and not yet ended, all tokens together (also its own worker's concurrency). */
  maxRunsGlobal: number;
  /** Retry-After (seconds) when no running run has progressed enough to estimate its end. */
  retryAfterSeconds: number;
}

/**
 * The defaults: 20,000 replication-years is about 25-30 CPU-seconds at Jersey scale (the benchmark's
 * 1,000 replications x 6 years, compared, is 12,000); two runs per token and four per instance keep
 * at most four worker pools busy.
 */
export const DEFAULT_SIMULATION_LIMITS: SimulationLimits = {
  maxReplicationYears: 20_000,
  maxRunsPerToken: 2,
  maxRunsGlobal: 4,
  retryAfterSeconds: 30,
};

/**
 * What a run costs against `maxReplicationYears`, from its effective warm-up (the simulator's
 * default 365 days counts when a run starts from empty without `warmupDays`).
 */
export function replicationYears(
  run: { replications: number; horizonDays: number; warmupDays: number },
  compared: boolean,
): number {
  return run.replications * ((run.horizonDays + run.warmupDays) / 365.25) * (compared ? 2 : 1);
}

/**
 * A run refused for its size (`too_large`) or because too much is running now (`busy`, with the
 * seconds to wait); http/problem.ts maps them to 422 and 429 with Retry-After.
 */
export class SimulationLimitError extends Error {
  constructor(
    readonly kind: 'too_large' | 'busy',
    readonly code: string,
    readonly detail: string,
    /** Seconds to wait before trying again (busy only). */
    readonly retryAfter: number | undefined,
    /** The figures behind the refusal (limit, running, scope, replication-years...). */
    readonly details: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'SimulationLimitError';
  }
}

interface Slot {
  tokenId: number;
  startedAt: number;
  fraction: number;
}

/** Admits runs within the limits and tracks them until they end. */
export class SimulationAdmission {
  private readonly slots = new Set<Slot>();
  readonly limits: SimulationLimits;

  constructor(
    limits: Partial<SimulationLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_SIMULATION_LIMITS, ...limits };
  }

  /** Refuses a run that is too large; use before anything is recorded. */
  checkSize(cost: number): void {
    const max = this.limits.maxReplicationYears;
    if (cost <= max) return;
    throw new SimulationLimitError(
      'too_large',
      'simulation_too_large',
      `This run is ${Math.round(cost).toLocaleString('en-GB')} replication-years (replications x years of horizon and warm-up, doubled when compared with the baseline); the most one run may ask for is ${max.toLocaleString('en-GB')}. Use fewer replications or a shorter horizon.`,
      undefined,
      { replicationYears: Math.round(cost), maxReplicationYears: max },
    );
  }

  /**
   * Takes a slot for a run of this token, or refuses (busy) with a wait estimated from the
   * progress of the runs in the way. Returns the slot's progress reporter and release.
   */
  admit(tokenId: number): { progress(fraction: number): void; release(): void } {
    const mine = [...this.slots].filter((s) => s.tokenId === tokenId);
    const { maxRunsPerToken, maxRunsGlobal } = this.limits;
    if (mine.length >= maxRunsPerToken)
      this.refuse(
        'simulation_limit_user',
        `You already have ${mine.length} simulation run${mine.length === 1 ? '' : 's'} running; the limit is ${maxRunsPerToken} at once per token. Wait for one to finish or cancel it.`,
        mine,
        { running: mine.length, limit: maxRunsPerToken, scope: 'token' },
      );
    if (this.slots.size >= maxRunsGlobal)
      this.refuse(
        'simulation_limit_global',
        `The server is already running ${this.slots.size} simulation runs, its limit at once. Try again shortly.`,
        [...this.slots],
        { running: this.slots.size, limit: maxRunsGlobal, scope: 'server' },
      );
    const slot: Slot = { tokenId, startedAt: this.now(), fraction: 0 };
    this.slots.add(slot);
    return {
      progress: (fraction) => {
        slot.fraction = fraction;
      },
      release: () => {
        this.slots.delete(slot);
      },
    };
  }

  private refuse(code: string, detail: string, blocking: Slot[], extensions: Record<string, unknown>): never {
    const retryAfter = this.retryAfter(blocking);
    throw new SimulationLimitError('busy', code, detail, retryAfter, { ...extensions, retryAfter });
  }

  /** Seconds until the soonest of the blocking runs is expected to end (its pace so far). */
  private retryAfter(blocking: Slot[]): number {
    const now = this.now();
    const estimates = blocking
      .filter((s) => s.fraction >= 0.05)
      .map((s) => ((now - s.startedAt) * (1 - s.fraction)) / s.fraction / 1000);
    const soonest = estimates.length ? Math.min(...estimates) : this.limits.retryAfterSeconds;
    return Math.min(3600, Math.max(1, Math.ceil(soonest)));
  }
}
