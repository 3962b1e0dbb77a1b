import { NSCALAR, SCALAR, type ReplicationResult, type ScalarName } from '../engine/ReplicationResult.ts';
import { round3, summarise, type Stat } from './stats.ts';

/** A time series across replications: mean and a 90% band (mean +/- 1.645 s.d., floored at 0). */
export interface Band {
  mean: number[];
  lo: number[];
  hi: number[];
}

/** Per-stage results of a run. */
export interface StageResult {
  stage: string;
  stats: Record<ScalarName, Stat>;
  stock: Band;
  queue: Band;
  entries: Band;
}

/** Everything a run reports, JSON-ready. */
export interface AggregateResult {
  replications: number;
  stages: StageResult[];
  arrivals: Stat;
  /** Total cost of stock over the horizon, all stages. */
  totalCost: Stat;
  events: number;
}

/**
 * Folds replications online: Welford mean/variance per series cell (memory independent of the
 * number of replications) plus one row of per-stage scalars per replication (NSCALAR = 17 numbers per stage)
 * for exact percentiles. Folding must happen in replication order so that results do not depend
 * on how many threads produced them (floating-point sums are order-sensitive).
 */
export class Aggregator {
  private count = 0;
  private readonly mean: Float64Array[];
  private readonly m2: Float64Array[];
  private readonly scalars: number[][] = [];
  private readonly arrivals: number[] = [];
  private events = 0;

  constructor(
    private readonly stages: string[],
    private readonly buckets: number,
  ) {
    const size = stages.length * buckets;
    this.mean = [0, 1, 2].map(() => new Float64Array(size));
    this.m2 = [0, 1, 2].map(() => new Float64Array(size));
  }

  /** Adds the next replication (the caller guarantees replication order). */
  add(r: ReplicationResult): void {
    const k = ++this.count;
    [r.stock, r.queue, r.entries].forEach((series, j) => {
      const mean = this.mean[j]!;
      const m2 = this.m2[j]!;
      for (let i = 0; i < series.length; i++) {
        const x = series[i]!;
        const d = x - mean[i]!;
        mean[i]! += d / k;
        m2[i]! += d * (x - mean[i]!);
      }
    });
    this.scalars.push(Array.from(r.scalars));
    this.arrivals.push(r.arrivals);
    this.events += r.events;
  }

  /** One scalar of one stage, per replication in order (for percentiles and paired differences). */
  column(s: number, k: number): number[] {
    return this.scalars.map((row) => row[s * NSCALAR + k]!);
  }

  /** Total cost over all stages, per replication in order. */
  costs(): number[] {
    const n = this.stages.length;
    return this.scalars.map((row) => {
      let sum = 0;
      for (let s = 0; s < n; s++) sum += row[s * NSCALAR + SCALAR.cost]!;
      return sum;
    });
  }

  /** External arrivals, per replication in order. */
  arrivalCounts(): readonly number[] {
    return this.arrivals;
  }

  /** The summary so far. */
  result(): AggregateResult {
    const B = this.buckets;
    const band = (j: number, s: number): Band => {
      const mean: number[] = [];
      const lo: number[] = [];
      const hi: number[] = [];
      for (let b = 0; b < B; b++) {
        const m = this.mean[j]![s * B + b]!;
        const sd = this.count > 1 ? Math.sqrt(this.m2[j]![s * B + b]! / (this.count - 1)) : 0;
        mean.push(round3(m));
        lo.push(round3(Math.max(0, m - 1.645 * sd)));
        hi.push(round3(m + 1.645 * sd));
      }
      return { mean, lo, hi };
    };
    const stages = this.stages.map((stage, s) => ({
      stage,
      stats: Object.fromEntries(
        (Object.keys(SCALAR) as ScalarName[]).map((name) => [name, summarise(this.column(s, SCALAR[name]))]),
      ) as Record<ScalarName, Stat>,
      stock: band(0, s),
      queue: band(1, s),
      entries: band(2, s),
    }));
    return {
      replications: this.count,
      stages,
      arrivals: summarise(this.arrivals),
      totalCost: summarise(this.costs()),
      events: this.events,
    };
  }
}
