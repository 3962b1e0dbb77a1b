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
export function createStreams(seed: number, replication: number, count: number): Xoroshiro128Plus[] {
  let h = mix32((seed | 0) ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(replication + 1, 0x85ebca6b));
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = mix32(h + 0x9e3779b9);
    state.push(h | 0);
  }
  if (!state.some((w) => w !== 0)) state[0] = 1;
  const base = xoroshiro128plusFromState(state);
  const streams: Xoroshiro128Plus[] = [];
  for (let i = 0; i < count; i++) {
    const [s01, s00, s11, s10] = base.getState() as [number, number, number, number];
    streams.push(new Xoroshiro128Plus(s01, s00, s11, s10));
    base.jump();
  }
  return streams;
}

/**
 * xoroshiro128+ with pure-rand's exact step and `uniformFloat64` (26 + 27 bits, zero rejected),
 * inlined in one monomorphic class: the same numbers as pure-rand, without a call through a
 * generator object and a distribution function per draw (the engine draws ~2 per event).
 * pure-rand still seeds and jumps (jump is off the hot path).
 */
export class Xoroshiro128Plus implements Rng {
  constructor(
    private s01: number,
    private s00: number,
    private s11: number,
    private s10: number,
  ) {}

  uniform(): number {
    for (;;) {
      const hi = this.step() & 0x3ffffff;
      const lo = this.step() & 0x7ffffff;
      const u = hi * 1.4901161193847656e-8 + lo * 1.1102230246251565e-16;
      if (u !== 0) return u;
    }
  }

  private step(): number {
    const s00 = this.s00;
    const s01 = this.s01;
    const out = (s00 + this.s10) | 0;
    const a0 = this.s10 ^ s00;
    const a1 = this.s11 ^ s01;
    this.s00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
    this.s01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    this.s10 = (a1 << 5) ^ (a0 >>> 27);
    this.s11 = (a0 << 5) ^ (a1 >>> 27);
    return out;
  }
}

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
