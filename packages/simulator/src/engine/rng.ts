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

/** Uniforms drawn ahead per stream: a block is produced by one tight loop, then read one by one. */
const BLOCK = 64;

/**
 * The replication's base state comes from a SplitMix32 hash of (seed, replication): pure-rand's
 * `xoroshiro128plus(seed)` fills its 128-bit state from a single 32-bit word with little mixing,
 * which correlates the first outputs of neighbouring seeds. Streams within a replication are then
 * separated by xoroshiro's jump (2^64 steps each), so they can never overlap.
 */
export function createStreams(seed: number, replication: number, count: number): Streams {
  let h = mix32((seed | 0) ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(replication + 1, 0x85ebca6b));
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = mix32(h + 0x9e3779b9);
    state.push(h | 0);
  }
  if (!state.some((w) => w !== 0)) state[0] = 1;
  const base = xoroshiro128plusFromState(state);
  const states = new Int32Array(4 * count);
  for (let i = 0; i < count; i++) {
    states.set(base.getState() as [number, number, number, number], 4 * i);
    base.jump();
  }
  return new Streams(states);
}

/**
 * A replication's xoroshiro128+ streams, with pure-rand's exact step and `uniformFloat64` (26 + 27
 * bits, zero rejected): the same numbers as pure-rand, produced BLOCK at a time per stream by a
 * loop that keeps the state in registers, so a draw on the engine's hot path is a buffered read
 * (~2 per event) instead of two state updates through object fields. pure-rand still seeds and
 * jumps (off the hot path). Buffering never changes which number a stream gives next.
 */
export class Streams {
  private readonly blocks: Float64Array;
  private readonly next: Int32Array;

  /** `states`: four 32-bit words per stream, in pure-rand's `getState()` order. */
  constructor(private readonly states: Int32Array) {
    const count = states.length / 4;
    this.blocks = new Float64Array(count * BLOCK);
    this.next = new Int32Array(count).fill(BLOCK);
  }

  /** The next uniform in (0, 1) of stream `i`. */
  uniform(i: number): number {
    let k = this.next[i]!;
    if (k === BLOCK) {
      this.refill(i);
      k = 0;
    }
    this.next[i] = k + 1;
    return this.blocks[i * BLOCK + k]!;
  }

  /** Stream `i` as an `Rng`, for the samplers off the hot path. */
  rng(i: number): Rng {
    return { uniform: () => this.uniform(i) };
  }

  private refill(i: number): void {
    const st = this.states;
    let s01 = st[4 * i]!;
    let s00 = st[4 * i + 1]!;
    let s11 = st[4 * i + 2]!;
    let s10 = st[4 * i + 3]!;
    const blocks = this.blocks;
    const end = (i + 1) * BLOCK;
    let k = i * BLOCK;
    let hi = -1; // the high 26 bits of the uniform being built, -1 before its first step
    for (;;) {
      const out = (s00 + s10) | 0;
      const a0 = s10 ^ s00;
      const a1 = s11 ^ s01;
      const n00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s00 = n00;
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      if (hi < 0) {
        hi = out & 0x3ffffff;
        continue;
      }
      const u = hi * 1.4901161193847656e-8 + (out & 0x7ffffff) * 1.1102230246251565e-16;
      hi = -1;
      if (u === 0) continue; // zero rejected, as pure-rand does
      blocks[k++] = u;
      if (k === end) break;
    }
    st[4 * i] = s01;
    st[4 * i + 1] = s00;
    st[4 * i + 2] = s11;
    st[4 * i + 3] = s10;
    this.next[i] = 0;
  }
}

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
