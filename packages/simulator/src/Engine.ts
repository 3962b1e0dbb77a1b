import { cdf, normalQuantile, sample, sampleResidual } from './distributions.ts';
import { EventQueue } from './EventQueue.ts';
import { RingQueue } from './RingQueue.ts';
import {
  createStreams,
  STREAM_ARRIVALS,
  STREAM_INITIAL,
  STREAM_STAGE_BASE,
  type Xoroshiro128Plus,
} from './rng.ts';
import type { SimModel } from './SimModel.ts';
import { monthBoundaries } from './calendar.ts';
import { NSCALAR, SCALAR, type ReplicationResult } from './ReplicationResult.ts';

/** An open case to start from: its stage index and the days it has already spent there. */
export interface InitialCase {
  stage: number;
  daysInStage: number;
}

/** Everything one replication needs besides the model. */
export interface EngineOptions {
  seed: number;
  replication: number;
  /** Epoch ms of clock 0 (the start of warm-up); sets the calendar months seasonality uses. */
  originMs: number;
  warmupDays: number;
  horizonDays: number;
  /** Series resolution: 1 = daily, 7 = weekly. */
  bucketDays: number;
  initialStock?: InitialCase[];
  /** Called for every move into a stage (event -1 = the case opens there); used for event logs. */
  onMove?: (serial: number, stage: number, event: number, t: number) => void;
  /** Called when a case leaves the service from a terminal stage. */
  onLeave?: (serial: number, t: number) => void;
}

/**
 * The discrete-event engine: cases flow through stages by the model's routing, held in typed
 * arrays; pending stay-ends sit in a binary heap, the next external arrival beside it. Statistics
 * are accumulated online for the observation window [warm-up, warm-up + horizon].
 */
export class Engine {
  private readonly queue: EventQueue;
  // duration model per move, flattened: kind (0 exponential, 1 lognormal, ...), a, b
  private readonly dKind: Int32Array;
  private readonly dA: Float64Array;
  private readonly dB: Float64Array;
  private readonly streams: Xoroshiro128Plus[];
  private readonly routeRng: Xoroshiro128Plus[];
  private readonly durationRng: Xoroshiro128Plus[];
  private readonly queues: RingQueue[];
  private readonly n: number;
  private readonly W: number;
  private readonly end: number;
  private readonly nB: number;
  private readonly bucket: number;
  // per case slot
  // per case slot c, one 32-byte record (two per cache line: an event touches one line, not four):
  // cF[4c] entered at, cF[4c+1] serial; cI[8c+4] stage (-1 = free), cI[8c+5] move
  private cF: Float64Array;
  private cI: Int32Array;
  private capacityCases = 0;
  private free = new Int32Array(1024);
  private nFree = 0;
  private slots = 0;
  private serials = 0;
  // per stage
  private readonly busy: Int32Array;
  private readonly stock: Int32Array;
  private readonly lastT: Float64Array;
  private readonly acc: Float64Array; // NSCALAR per stage, raw sums
  private readonly stockS: Float32Array;
  private readonly queueS: Float32Array;
  private readonly entriesS: Float32Array;
  // arrivals
  private readonly monthStart: number[];
  private readonly monthRate: number[];
  private month = 0;
  private nextArrival: number;
  private nextSnap: number;
  /** Next clock time at which bookkeeping is due: the end of warm-up, then each series boundary. */
  private nextMark: number;
  /** True once the clock reached the end of warm-up: statistics are being recorded. */
  private observing: boolean;
  private readonly stockInt: Float64Array; // time integral of stock since the end of warm-up
  private readonly queueInt: Float64Array;
  private snapIndex = 0;
  private arrivals = 0;
  private events = 0;

  constructor(
    private readonly model: SimModel,
    private readonly opts: EngineOptions,
  ) {
    const n = model.stages.length;
    this.n = n;
    this.W = opts.warmupDays;
    this.end = opts.warmupDays + opts.horizonDays;
    this.bucket = opts.bucketDays;
    this.nB = Math.max(1, Math.ceil(opts.horizonDays / opts.bucketDays));
    this.streams = createStreams(opts.seed, opts.replication, STREAM_STAGE_BASE + 2 * n);
    this.routeRng = Array.from({ length: n }, (_, s) => this.streams[STREAM_STAGE_BASE + 2 * s]!);
    this.durationRng = Array.from({ length: n }, (_, s) => this.streams[STREAM_STAGE_BASE + 2 * s + 1]!);
    this.queue = new EventQueue(this.end, 1);
    this.dKind = Int32Array.from(model.moveDuration, (d) => d.kind);
    this.dA = Float64Array.from(model.moveDuration, (d) => d.a);
    this.dB = Float64Array.from(model.moveDuration, (d) => d.b);
    this.cF = new Float64Array(0);
    this.cI = new Int32Array(0);
    this.growCases();
    this.queues = Array.from({ length: n }, () => new RingQueue());
    this.busy = new Int32Array(n);
    this.stock = new Int32Array(n);
    this.lastT = new Float64Array(n);
    this.acc = new Float64Array(n * NSCALAR);
    this.stockS = new Float32Array(n * this.nB);
    this.queueS = new Float32Array(n * this.nB);
    this.entriesS = new Float32Array(n * this.nB);
    const months = monthBoundaries(opts.originMs, this.end);
    this.monthStart = months.start;
    this.monthRate = months.month.map((m, k) => {
      const mid = ((months.start[k] ?? 0) + (months.start[k + 1] ?? this.end)) / 2;
      const years = (mid - this.W) / 365.25;
      return model.arrivalsPerDay * (model.seasonality[m] ?? 1) * (1 + model.trendPerYear) ** years;
    });
    this.nextSnap = this.W + this.bucket;
    this.observing = this.W <= 0;
    this.nextMark = this.observing ? this.nextSnap : this.W;
    this.stockInt = new Float64Array(n);
    this.queueInt = new Float64Array(n);
    for (const c of opts.initialStock ?? []) this.place(c.stage, c.daysInStage);
    this.nextArrival = this.drawArrival(0);
  }

  /** Runs every event up to time `until` (days since clock 0), capped at the end of the horizon. */
  advance(until: number): void {
    const limit = Math.min(until, this.end);
    const queue = this.queue;
    const entry = this.model.entry;
    for (;;) {
      const na = this.nextArrival;
      const th = queue.peekTime(na);
      // biome-ignore lint/complexity/useMathMinMax: hot loop; a compare avoids a call per event
      const t = th < na ? th : na;
      if (t > limit) break;
      if (t >= this.nextMark) this.mark(t);
      this.events++;
      if (na <= th) {
        this.arrivals++;
        this.enter(this.alloc(), entry, t, -1);
        this.nextArrival = this.drawArrival(t);
      } else {
        this.complete(queue.pop(), t);
      }
    }
  }

  /** Closes the books at the end of the horizon and returns the replication's statistics. */
  finish(): ReplicationResult {
    this.advance(this.end);
    if (!this.observing) this.mark(this.W);
    while (this.snapIndex < this.nB) this.snapshot();
    const { n, acc, end } = this;
    for (let s = 0; s < n; s++) {
      this.touch(s, end);
      acc[s * NSCALAR + SCALAR.meanStock] = this.stockInt[s]!;
      acc[s * NSCALAR + SCALAR.meanQueue] = this.queueInt[s]!;
    }
    for (let c = 0; c < this.slots; c++) {
      const s = this.cI[8 * c + 4]!;
      if (s < 0) continue;
      const ts = this.model.timescaleDays[s]!;
      if (ts > 0 && end - this.cF[4 * c]! > ts) acc[s * NSCALAR + SCALAR.overdueAtEnd]! += 1;
    }
    const H = this.opts.horizonDays;
    const scalars = new Float64Array(n * NSCALAR);
    for (let s = 0; s < n; s++) {
      const o = s * NSCALAR;
      const a = (k: number) => acc[o + k]!;
      scalars[o + SCALAR.entries] = a(SCALAR.entries);
      scalars[o + SCALAR.exits] = a(SCALAR.exits);
      scalars[o + SCALAR.meanStock] = H > 0 ? a(SCALAR.meanStock) / H : 0;
      scalars[o + SCALAR.meanQueue] = H > 0 ? a(SCALAR.meanQueue) / H : 0;
      scalars[o + SCALAR.waits] = a(SCALAR.waits);
      scalars[o + SCALAR.meanWait] = a(SCALAR.waits) > 0 ? a(SCALAR.meanWait) / a(SCALAR.waits) : 0;
      scalars[o + SCALAR.meanStay] = a(SCALAR.exits) > 0 ? a(SCALAR.meanStay) / a(SCALAR.exits) : 0;
      scalars[o + SCALAR.breaches] = a(SCALAR.breaches);
      scalars[o + SCALAR.timedExits] = a(SCALAR.timedExits);
      scalars[o + SCALAR.breachRate] =
        a(SCALAR.timedExits) > 0 ? a(SCALAR.breaches) / a(SCALAR.timedExits) : 0;
      scalars[o + SCALAR.overdueAtEnd] = a(SCALAR.overdueAtEnd);
      scalars[o + SCALAR.cost] = a(SCALAR.meanStock) * this.model.costPerDay[s]!;
      scalars[o + SCALAR.stockAtEnd] = this.stock[s]!;
    }
    return {
      replication: this.opts.replication,
      scalars,
      stock: this.stockS,
      queue: this.queueS,
      entries: this.entriesS,
      arrivals: this.arrivals,
      events: this.events,
    };
  }

  /** Number of event-loop steps so far (progress and benchmarks). */
  get eventCount(): number {
    return this.events;
  }

  private drawArrival(from: number): number {
    const rng = this.streams[STREAM_ARRIVALS]!;
    let t = from;
    while (this.month < this.monthRate.length) {
      const rate = this.monthRate[this.month]!;
      const monthEnd = this.monthStart[this.month + 1] ?? Number.POSITIVE_INFINITY;
      if (rate > 0) {
        const candidate = t - Math.log(rng.uniform()) / rate;
        if (candidate < monthEnd) return candidate;
      }
      t = monthEnd; // memoryless: restart the clock at the month boundary with the new rate
      this.month++;
    }
    return Number.POSITIVE_INFINITY;
  }

  private snapshot(): void {
    const { n, nB, snapIndex: b } = this;
    for (let s = 0; s < n; s++) {
      this.stockS[s * nB + b] = this.stock[s]!;
      this.queueS[s * nB + b] = this.queues[s]!.length;
    }
    this.snapIndex++;
    this.nextSnap += this.bucket;
  }

  /**
   * Stock and queue time integrals. Branch-free: they run from clock 0 and are zeroed when warm-up
   * ends (`mark`), and no event is later than the end of the horizon, so no clamping per event.
   */
  private touch(s: number, t: number): void {
    const dt = t - this.lastT[s]!;
    this.stockInt[s]! += this.stock[s]! * dt;
    this.queueInt[s]! += this.queues[s]!.length * dt;
    this.lastT[s] = t;
  }

  /** Bookkeeping due at clock t: the end of warm-up (integrals restart at W) and series snapshots. */
  private mark(t: number): void {
    if (!this.observing) {
      for (let s = 0; s < this.n; s++) {
        this.touch(s, this.W);
        this.stockInt[s] = 0;
        this.queueInt[s] = 0;
      }
      this.observing = true;
    }
    while (this.nextSnap <= t && this.snapIndex < this.nB) this.snapshot();
    this.nextMark = this.snapIndex < this.nB ? this.nextSnap : Number.POSITIVE_INFINITY;
  }

  /** Events are never later than the end of the horizon, so "in the window" is "past warm-up". */
  private inWindow(_t: number): boolean {
    return this.observing;
  }

  private alloc(): number {
    const c = this.nFree > 0 ? this.free[--this.nFree]! : this.slots++;
    if (c >= this.capacityCases) this.growCases();
    this.cF[4 * c + 1] = this.serials++;
    return c;
  }

  private growCases(): void {
    const old = this.capacityCases;
    const size = Math.max(1024, old * 2);
    const f = new Float64Array(size * 4);
    if (old > 0) f.set(this.cF);
    const i = new Int32Array(f.buffer);
    for (let c = old; c < size; c++) i[8 * c + 4] = -1;
    this.cF = f;
    this.cI = i;
    this.capacityCases = size;
  }

  private release(c: number, t: number): void {
    this.cI[8 * c + 4] = -1;
    if (this.nFree === this.free.length) {
      const free = new Int32Array(this.free.length * 2);
      free.set(this.free);
      this.free = free;
    }
    this.free[this.nFree++] = c;
    this.opts.onLeave?.(this.cF[4 * c + 1]!, t);
  }

  /** A stay-end after the horizon can never fire: the case just stays open, so it is not queued. */
  private schedule(t: number, c: number): void {
    if (t <= this.end) this.queue.push(t, c);
  }

  /** A stay's duration for move k: exponential and lognormal inline (flat arrays), others via `sample`. */
  private duration(k: number, rng: Xoroshiro128Plus): number {
    const kind = this.dKind[k]!;
    if (kind === 1) return this.dA[k]! * Math.exp(this.dB[k]! * normalQuantile(rng.uniform()));
    if (kind === 0) return -this.dA[k]! * Math.log(rng.uniform());
    return sample(this.model.moveDuration[k]!, rng);
  }

  private route(s: number, u: number): number {
    const m = this.model;
    const last = m.moveStart[s + 1]!;
    for (let k = m.moveStart[s]!; k < last; k++) if (u < m.moveCum[k]!) return k;
    return -1;
  }

  private enter(c: number, s: number, t: number, event: number): void {
    const m = this.model;
    this.touch(s, t);
    this.stock[s]!++;
    this.cI[8 * c + 4] = s;
    this.cF[4 * c] = t;
    if (this.inWindow(t)) {
      this.acc[s * NSCALAR + SCALAR.entries]! += 1;
      const b = this.snapIndex < this.nB ? this.snapIndex : this.nB - 1; // boundaries passed so far
      this.entriesS[s * this.nB + b]! += 1;
    }
    this.opts.onMove?.(this.cF[4 * c + 1]!, s, event, t);
    if (m.terminal[s]) {
      const k = this.route(s, this.routeRng[s]!.uniform());
      if (k < 0) {
        this.touch(s, t);
        this.stock[s]!--;
        if (this.inWindow(t)) this.acc[s * NSCALAR + SCALAR.exits]! += 1;
        this.release(c, t);
        return;
      }
      this.cI[8 * c + 5] = k;
      this.schedule(t + this.duration(k, this.durationRng[s]!), c);
      return;
    }
    const cap = m.capacity[s]!;
    if (cap === 0 || this.busy[s]! < cap) this.serve(c, s, t);
    else this.queues[s]!.push(c);
  }

  private serve(c: number, s: number, t: number): void {
    this.busy[s]!++;
    const k = this.route(s, this.routeRng[s]!.uniform());
    this.cI[8 * c + 5] = k;
    this.schedule(t + this.duration(k, this.durationRng[s]!), c);
    if (this.inWindow(t)) {
      const o = s * NSCALAR;
      this.acc[o + SCALAR.waits]! += 1;
      this.acc[o + SCALAR.meanWait]! += t - this.cF[4 * c]!;
    }
  }

  private complete(c: number, t: number): void {
    const m = this.model;
    const s = this.cI[8 * c + 4]!;
    const k = this.cI[8 * c + 5]!;
    this.touch(s, t);
    this.stock[s]!--;
    if (this.inWindow(t)) {
      const o = s * NSCALAR;
      const stay = t - this.cF[4 * c]!;
      this.acc[o + SCALAR.exits]! += 1;
      this.acc[o + SCALAR.meanStay]! += stay;
      const ts = m.timescaleDays[s]!;
      if (ts > 0) {
        this.acc[o + SCALAR.timedExits]! += 1;
        if (stay > ts) this.acc[o + SCALAR.breaches]! += 1;
      }
    }
    if (!m.terminal[s]) {
      this.busy[s]!--;
      const q = this.queues[s]!;
      if (q.length > 0 && (m.capacity[s] === 0 || this.busy[s]! < m.capacity[s]!))
        this.serve(q.shift(), s, t);
    }
    this.enter(c, m.moveTarget[k]!, t, m.moveEvent[k]!);
  }

  /**
   * Places a live open case at clock 0 (over capacity if need be: it is already being served).
   * Its move is drawn given the time already spent, P(k | stay > spent) ~ w_k (1 - F_k(spent)), and
   * its remaining time from the residual distribution. In a terminal stage the case is someone who
   * may still be re-referred; those who would have left are dropped.
   */
  private place(s: number, spent: number): void {
    const m = this.model;
    const rng = this.streams[STREAM_INITIAL]!;
    const first = m.moveStart[s]!;
    const last = m.moveStart[s + 1]!;
    if (last === first) return;
    let total = m.terminal[s] ? 1 - m.moveCum[last - 1]! : 0; // leaving mass
    const weights: number[] = [];
    for (let k = first; k < last; k++) {
      const w = (m.moveCum[k]! - (k > first ? m.moveCum[k - 1]! : 0)) * (1 - cdf(m.moveDuration[k]!, spent));
      weights.push(w);
      total += w;
    }
    let u = rng.uniform() * total;
    let k = -1;
    for (let j = 0; j < weights.length; j++) {
      u -= weights[j]!;
      if (u < 0) {
        k = first + j;
        break;
      }
    }
    if (k < 0) {
      if (m.terminal[s] || total <= 0) return;
      k = last - 1;
    }
    const c = this.alloc();
    this.stock[s]!++;
    if (!m.terminal[s]) this.busy[s]!++;
    this.cI[8 * c + 4] = s;
    this.cF[4 * c] = -spent;
    this.cI[8 * c + 5] = k;
    this.schedule(sampleResidual(m.moveDuration[k]!, spent, rng), c);
    this.opts.onMove?.(this.cF[4 * c + 1]!, s, -1, -spent);
  }
}
