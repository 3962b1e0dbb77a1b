import type { Aggregator } from '../run/Aggregator.ts';
import type { RunSettings } from '../run/runReplication.ts';
import type { SimModel } from '../engine/SimModel.ts';

/**
 * Finished baseline runs kept for later comparisons with the same baseline: an analyst trying one
 * scenario after another on today's calibrated baseline pays for the baseline's replications once.
 * A replication's result depends only on (model, settings, replication number), so a kept baseline
 * is bit-identical to running it again. Keeps the last `size` baselines; only finished runs are kept.
 */
export class BaselineCache {
  private readonly entries = new Map<string, Aggregator>();

  constructor(private readonly size = 4) {}

  /** The kept baseline of exactly this model, settings and replication count, if any. */
  get(key: string): Aggregator | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key); // most recently used last
    this.entries.set(key, hit);
    return hit;
  }

  /** Keeps a finished baseline (the oldest one goes when full). */
  set(key: string, baseline: Aggregator): void {
    this.entries.delete(key);
    this.entries.set(key, baseline);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The key of a run: every input its replications depend on, typed arrays and non-finite numbers included. */
  static keyOf(model: SimModel, settings: RunSettings, replications: number): string {
    return JSON.stringify({ model, settings, replications }, (_, v) =>
      typeof v === 'number' && !Number.isFinite(v)
        ? String(v)
        : ArrayBuffer.isView(v)
          ? Array.from(v as Float64Array)
          : v,
    );
  }
}
