import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/** A uniform source for one purpose of one replication; mutable for speed, never shared. */
export interface Rng {
  /** Uniform in (0, 1): never 0 or 1, so logs and inverse CDFs stay finite. */
  uniform(): number;
}

/**
 * Named stream slots: each replication owns independent streams per purpose (and per stage for
 * routing and durations) so a scenario that changes one stage leaves the others' draws untouched,
 * which is what makes common random numbers work.
 */
export const STREAM_ARRIVALS = 0;
/** Stream for synthetic case attributes (age band, sex...), kept apart from the dynamics. */
export const STREAM_ATTRIBUTES = 1;
/** Stream for record-only events (management oversight) in simulated event logs. */
export const STREAM_RECORDS = 2;
/** Stream for residual durations of a live starting stock. */
export const STREAM_INITIAL = 3;
/** First per-stage stream; stage s uses routing stream 4 + 2s and duration stream 5 + 2s. */
export const STREAM_STAGE_BASE = 4;

/**
 * The replication's base state comes from a SplitMix32 hash of (seed, replication): pure-rand's
 * `xoroshiro128plus(seed)` fills its 128-bit state from a single 32-bit word with little mixing,
 * which correlates the first outputs of neighbouring seeds. Streams within a replication are then
 * separated by xoroshiro's jump (2^64 steps each), so they can never overlap.
 */
export function createStreams(seed: number, replication: number, count: number): Rng[] {
  let h = mix32((seed | 0) ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(replication + 1, 0x85ebca6b));
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = mix32(h + 0x9e3779b9);
    state.push(h | 0);
  }
  if (!state.some((w) => w !== 0)) state[0] = 1;
  const base = xoroshiro128plusFromState(state);
  const streams: Rng[] = [];
  for (let i = 0; i < count; i++) {
    streams.push(wrap(base.clone()));
    base.jump();
  }
  return streams;
}

function wrap(gen: JumpableRandomGenerator): Rng {
  return {
    uniform() {
      let u = uniformFloat64(gen);
      while (u === 0) u = uniformFloat64(gen);
      return u;
    },
  };
}

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
