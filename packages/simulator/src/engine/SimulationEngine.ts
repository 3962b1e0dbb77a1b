import { cdf, normalQuantile, sample, sampleResidual } from './distributions.ts';
import { EventQueue } from './EventQueue.ts';
import { RingQueue } from './RingQueue.ts';
import {
  createStreams,
  type Rng,
  STREAM_ARRIVALS,
  STREAM_INITIAL,
  STREAM_STAGE_BASE,
  type Streams,
} from './rng.ts';
import type { SimModel } from './SimModel.ts';
import { bucketCount, monthBoundaries } from './calendar.ts';
import { NSCALAR, SCALAR, type ReplicationResult } from './ReplicationResult.ts';

/** An open case to start from: its stage index and the days it has already spent there. */
export interface InitialCase {
  stage: number;
  daysInStage: number;
}

/** Everything one replication needs besides the model. */
export interface SimulationEngineOptions {
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

// Worker threads load this file through tsx's CommonJS transform, where each use of an imported
// binding is a getter call; the event loop uses these module-local copies instead.
const STRIDE = NSCALAR;
const STAGE_STREAMS = STREAM_STAGE_BASE;
const quantile = normalQuantile;
const sampleDuration = sample;
const ENTRIES = SCALAR.entries;
const EXITS = SCALAR.exits;
const WAITS = SCALAR.waits;
const WAIT_SUM = SCALAR.meanWait;
const STAY_SUM = SCALAR.meanStay;
const BREACHES = SCALAR.breaches;
const TIMED_EXITS = SCALAR.timedExits;
const OVERDUE = SCALAR.overdueAtEnd;
const GAVE_UP = SCALAR.gaveUp;
/** Raw sum of the waits of cases that gave up (turned into `meanWaitAll` at the end). */
const GAVE_UP_WAIT = SCALAR.meanWaitAll;

/**
 * The discrete-event engine: cases flow through stages by the model's routing. A case has no
 * record of its own: it travels with its pending stay-end in the event queue (entered-at, move,
 * serial) or waits in its stage's FIFO; counts per stage are typed arrays. Statistics are
 * accumulated online for the observation window [warm-up, warm-up + horizon].
 */
export class SimulationEngine {
  private readonly queue: EventQueue;
  // duration model per move, flattened: kind (0 exponential, 1 lognormal, ...), a, b
  private readonly dKind: Int32Array;
  private readonly dA: Float64Array;
  private readonly dB: Float64Array;
  /** Stage each move leaves from. */
  private readonly moveSource: Int32Array;
  private readonly streams: Streams;
  /** Per stage, its duration stream as an `Rng` (for the samplers off the fused path). */
  private readonly durationRng: Rng[];
  /** Per stage with a `whenFull` rule, its patience stream (streams after the routing and duration ones). */
  private readonly patienceRng: Rng[];
  /** Moves in the model: an event with move index >= this is a waiting case giving up (stage = index - this). */
  private readonly nMoves: number;
  private readonly queues: RingQueue[];
  private readonly n: number;
  private readonly W: number;
  private readonly end: number;
  private readonly nB: number;
  private readonly bucket: number;
  private serials = 0;
  // per stage
  private readonly busy: Int32Array;
  private readonly stock: Int32Array;
  /** Cases waiting per stage (the FIFOs' lengths, kept here for the hot path and snapshots). */
  private readonly waiting: Int32Array;
  private readonly acc: Float64Array; // STRIDE per stage, raw sums
  /** Entries per stage at the last series boundary (entries per bucket are differences). */
  private readonly entriesAtSnap: Float64Array;
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
  /**
   * Time integrals of stock and queue over [W, end], kept as sum of change x (end - time of
   * change): one add per change, no per-stage clock. Reset at W to level x (end - W).
   */
  private readonly stockInt: Float64Array;
  private readonly queueInt: Float64Array;
  /** Time at capacity per stage, kept like the stock integral: +(end - t) on filling, -(end - t) on a place freeing. */
  private readonly fullInt: Float64Array;
  private snapIndex = 0;
  private arrivals = 0;
  private events = 0;

  constructor(
    private readonly model: SimModel,
    private readonly opts: SimulationEngineOptions,
  ) {
    const n = model.stages.length;
    this.n = n;
    this.W = opts.warmupDays;
    this.end = opts.warmupDays + opts.horizonDays;
    this.bucket = opts.bucketDays;
    this.nB = bucketCount(opts.horizonDays, opts.bucketDays);
    // Patience streams exist only when a stage has a give-up rule, so other models keep their draws.
    const givesUp = model.giveUpTarget.some((x) => x >= 0);
    this.streams = createStreams(opts.seed, opts.replication, STAGE_STREAMS + (givesUp ? 3 : 2) * n);
    this.durationRng = Array.from({ length: n }, (_, s) => this.streams.rng(STAGE_STREAMS + 2 * s + 1));
    this.patienceRng = givesUp
      ? Array.from({ length: n }, (_, s) => this.streams.rng(STAGE_STREAMS + 2 * n + s))
      : [];
    this.nMoves = model.moveTarget.length;
    this.queue = new EventQueue(this.end, 1);
    this.dKind = Int32Array.from(model.moveDuration, (d) => d.kind);
    this.dA = Float64Array.from(model.moveDuration, (d) => d.a);
    this.dB = Float64Array.from(model.moveDuration, (d) => d.b);
    this.moveSource = new Int32Array(model.moveTarget.length);
    for (let s = 0; s < n; s++) this.moveSource.fill(s, model.moveStart[s]!, model.moveStart[s + 1]!);
    this.queues = Array.from({ length: n }, () => new RingQueue());
    this.busy = new Int32Array(n);
    this.stock = new Int32Array(n);
    this.waiting = new Int32Array(n);
    this.acc = new Float64Array(n * STRIDE);
    this.entriesAtSnap = new Float64Array(n);
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
    this.fullInt = new Float64Array(n);
    for (const c of opts.initialStock ?? []) this.place(c.stage, c.daysInStage);
    for (let s = 0; s < n; s++)
      if (model.capacity[s]! > 0 && this.busy[s]! >= model.capacity[s]!) this.fullInt[s] = this.end;
    this.nextArrival = this.drawArrival(0);
  }

  /**
   * Runs every event up to time `until` (days since clock 0), capped at the end of the horizon.
   * One fused path per event: a stay-end (or an arrival) leaves its stage, frees a place for the
   * first waiting case, and enters the next stage, where it is routed and served or queued.
   */
  advance(until: number): void {
    const limit = Math.min(until, this.end);
    const { queue, queues, stock, busy, waiting, acc, stockInt, queueInt, fullInt, end } = this;
    const { streams, moveSource, nMoves } = this;
    const m = this.model;
    const { terminal, capacity, timescaleDays, moveStart, moveCum, moveTarget, moveEvent, entry } = m;
    const { giveUpTarget, giveUpEvent } = m;
    const { onMove, onLeave } = this.opts;
    let observing = this.observing;
    for (;;) {
      const na = this.nextArrival;
      const th = queue.peekTime(na);
      // biome-ignore lint/complexity/useMathMinMax: hot loop; a compare avoids a call per event
      const t = th < na ? th : na;
      if (t > limit) break;
      if (t >= this.nextMark) {
        this.mark(t);
        observing = this.observing;
      }
      this.events++;
      let s: number;
      let serial: number;
      let event: number;
      if (na <= th) {
        this.arrivals++;
        s = entry;
        serial = this.serials++;
        event = -1;
        this.nextArrival = this.drawArrival(t);
      } else {
        // a stay ends: the case leaves stage `from` by move k
        const at = queue.pop();
        const k = queue.move(at);
        if (k >= nMoves) {
          // a waiting case's patience ran out: it leaves the queue for the rule's stage
          const from = k - nMoves;
          const fifo = queues[from]!;
          const pos = queue.enteredAt(at); // a give-up event carries the case's queue position
          if (!fifo.isWaiting(pos)) continue; // served (or gone) before its patience ran out
          const entered = fifo.enteredAtOf(pos);
          serial = fifo.remove(pos);
          if (--waiting[from]! === 0) fifo.clear();
          stock[from]!--;
          stockInt[from]! -= end - t;
          queueInt[from]! -= end - t;
          if (observing) this.noteGiveUp(from, t - entered);
          s = giveUpTarget[from]!;
          event = giveUpEvent[from]!;
        } else {
          const entered = queue.enteredAt(at);
          serial = queue.serial(at);
          const from = moveSource[k]!;
          stock[from]!--;
          stockInt[from]! -= end - t;
          if (observing) {
            const o = from * STRIDE;
            const stay = t - entered;
            acc[o + EXITS]! += 1;
            acc[o + STAY_SUM]! += stay;
            const ts = timescaleDays[from]!;
            if (ts > 0) {
              acc[o + TIMED_EXITS]! += 1;
              if (stay > ts) acc[o + BREACHES]! += 1;
            }
          }
          if (!terminal[from]) {
            busy[from]!--;
            if (waiting[from]! > 0 && (capacity[from] === 0 || busy[from]! < capacity[from]!))
              this.serveWaiting(from, t, observing);
            if (busy[from] === capacity[from]! - 1) fullInt[from]! -= end - t; // no longer full
          }
          s = moveTarget[k]!;
          event = moveEvent[k]!;
        }
      }
      // the case enters stage s at t
      if (observing) acc[s * STRIDE + ENTRIES]! += 1;
      onMove?.(serial, s, event, t);
      const cap = capacity[s]!;
      if (cap !== 0 && busy[s]! >= cap) {
        // full (terminal stages are never limited): the case waits, or gives up after its patience
        const pos = queues[s]!.push(t, serial);
        if (giveUpTarget[s]! >= 0) this.schedulePatience(s, t, pos, serial);
        stock[s]!++;
        stockInt[s]! += end - t;
        waiting[s]!++;
        queueInt[s]! += end - t;
        continue;
      }
      // routed now: the destination first, then that destination's duration
      // route() inlined: this is the hottest line of a replication
      const u = streams.uniform(STAGE_STREAMS + 2 * s);
      const last = moveStart[s + 1]!;
      let k = moveStart[s]!;
      while (k < last && u >= moveCum[k]!) k++;
      if (k === last) {
        // only terminal stages have leaving mass: the case leaves the service
        if (observing) acc[s * STRIDE + EXITS]! += 1;
        onLeave?.(serial, t);
        continue;
      }
      stock[s]!++;
      stockInt[s]! += end - t;
      if (!terminal[s]) {
        if (++busy[s]! === cap) fullInt[s]! += end - t; // the last place taken
        if (observing) acc[s * STRIDE + WAITS]! += 1; // waited 0 days
      }
      this.schedule(t + this.duration(k, s), t, k, serial, s);
    }
  }

  /** Cases in each stage now (in service + waiting): e.g. the day-0 stock of a live start. */
  stockNow(): number[] {
    return Array.from(this.stock);
  }

  /** Closes the books at the end of the horizon and returns the replication's statistics. */
  finish(): ReplicationResult {
    this.advance(this.end);
    if (!this.observing) this.mark(this.W);
    while (this.snapIndex < this.nB) this.snapshot();
    const { n, acc, end, nB } = this;
    for (let s = 0; s < n; s++) {
      // entries at the very end of the horizon, after the last boundary's snapshot
      this.entriesS[s * nB + nB - 1]! += acc[s * STRIDE + ENTRIES]! - this.entriesAtSnap[s]!;
      const ts = this.model.timescaleDays[s]!;
      if (ts > 0) acc[s * STRIDE + OVERDUE]! += this.queues[s]!.countWaitingOver(end, ts);
    }
    const H = this.opts.horizonDays;
    const scalars = new Float64Array(n * STRIDE);
    for (let s = 0; s < n; s++) {
      const o = s * STRIDE;
      const a = (k: number) => acc[o + k]!;
      scalars[o + SCALAR.entries] = a(SCALAR.entries);
      scalars[o + SCALAR.exits] = a(SCALAR.exits);
      scalars[o + SCALAR.meanStock] = H > 0 ? this.stockInt[s]! / H : 0;
      scalars[o + SCALAR.meanQueue] = H > 0 ? this.queueInt[s]! / H : 0;
      scalars[o + SCALAR.waits] = a(SCALAR.waits);
      scalars[o + SCALAR.meanWait] = a(SCALAR.waits) > 0 ? a(SCALAR.meanWait) / a(SCALAR.waits) : 0;
      scalars[o + SCALAR.meanStay] = a(SCALAR.exits) > 0 ? a(SCALAR.meanStay) / a(SCALAR.exits) : 0;
      scalars[o + SCALAR.breaches] = a(SCALAR.breaches);
      scalars[o + SCALAR.timedExits] = a(SCALAR.timedExits);
      scalars[o + SCALAR.breachRate] =
        a(SCALAR.timedExits) > 0 ? a(SCALAR.breaches) / a(SCALAR.timedExits) : 0;
      scalars[o + SCALAR.overdueAtEnd] = a(SCALAR.overdueAtEnd);
      scalars[o + SCALAR.cost] = this.stockInt[s]! * this.model.costPerDay[s]!;
      scalars[o + SCALAR.stockAtEnd] = this.stock[s]!;
      scalars[o + SCALAR.gaveUp] = a(SCALAR.gaveUp);
      const ended = a(SCALAR.waits) + a(SCALAR.gaveUp);
      scalars[o + SCALAR.meanWaitAll] = ended > 0 ? (a(SCALAR.meanWait) + a(GAVE_UP_WAIT)) / ended : 0;
      scalars[o + SCALAR.gaveUpRate] = a(SCALAR.entries) > 0 ? a(SCALAR.gaveUp) / a(SCALAR.entries) : 0;
      scalars[o + SCALAR.atCapacity] = H > 0 ? this.fullInt[s]! / H : 0;
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

  private drawArrival(from: number): number {
    let t = from;
    while (this.month < this.monthRate.length) {
      const rate = this.monthRate[this.month]!;
      const monthEnd = this.monthStart[this.month + 1] ?? Number.POSITIVE_INFINITY;
      if (rate > 0) {
        const candidate = t - Math.log(this.streams.uniform(STREAM_ARRIVALS)) / rate;
        if (candidate < monthEnd) return candidate;
      }
      t = monthEnd; // memoryless: restart the clock at the month boundary with the new rate
      this.month++;
    }
    return Number.POSITIVE_INFINITY;
  }

  private snapshot(): void {
    const { n, nB, snapIndex: b, acc } = this;
    for (let s = 0; s < n; s++) {
      this.stockS[s * nB + b] = this.stock[s]!;
      this.queueS[s * nB + b] = this.waiting[s]!;
      const entries = acc[s * STRIDE + ENTRIES]!;
      this.entriesS[s * nB + b] = entries - this.entriesAtSnap[s]!;
      this.entriesAtSnap[s] = entries;
    }
    this.snapIndex++;
    this.nextSnap += this.bucket;
  }

  /** Bookkeeping due at clock t: the end of warm-up (integrals restart at W) and series snapshots. */
  private mark(t: number): void {
    if (!this.observing) {
      const span = this.end - this.W;
      for (let s = 0; s < this.n; s++) {
        this.stockInt[s] = this.stock[s]! * span;
        this.queueInt[s] = this.waiting[s]! * span;
        const cap = this.model.capacity[s]!;
        this.fullInt[s] = cap > 0 && this.busy[s]! >= cap ? span : 0;
      }
      this.observing = true;
    }
    while (this.nextSnap <= t && this.snapIndex < this.nB) this.snapshot();
    this.nextMark = this.snapIndex < this.nB ? this.nextSnap : Number.POSITIVE_INFINITY;
  }

  /** A place freed in stage s at t: the first waiting case starts its service (routed now). */
  private serveWaiting(s: number, t: number, observing: boolean): void {
    const fifo = this.queues[s]!;
    fifo.skipGone();
    const entered = fifo.frontEnteredAt();
    const serial = fifo.shift();
    this.waiting[s]!--;
    this.queueInt[s]! -= this.end - t;
    this.busy[s]!++;
    if (observing) {
      this.acc[s * STRIDE + WAITS]! += 1;
      this.acc[s * STRIDE + WAIT_SUM]! += t - entered;
    }
    const k = this.route(s, this.streams.uniform(STAGE_STREAMS + 2 * s));
    this.schedule(t + this.duration(k, s), entered, k, serial, s);
  }

  /**
   * A case starts waiting in full stage s at t: its give-up is an event at t + patience carrying its
   * queue position (in the entered-at slot) and the move index nMoves + s. A give-up after the
   * horizon never fires (the case is still waiting at the end).
   */
  private schedulePatience(s: number, t: number, pos: number, serial: number): void {
    const tGiveUp = t + sampleDuration(this.model.patience[s]!, this.patienceRng[s]!);
    if (tGiveUp <= this.end) this.queue.push(tGiveUp, pos, this.nMoves + s, serial);
  }

  /** A case leaves stage s after waiting `wait` days without being served: an exit, and a give-up. */
  private noteGiveUp(s: number, wait: number): void {
    const o = s * STRIDE;
    const acc = this.acc;
    acc[o + EXITS]! += 1;
    acc[o + STAY_SUM]! += wait;
    acc[o + GAVE_UP]! += 1;
    acc[o + GAVE_UP_WAIT]! += wait;
    const ts = this.model.timescaleDays[s]!;
    if (ts > 0) {
      acc[o + TIMED_EXITS]! += 1;
      if (wait > ts) acc[o + BREACHES]! += 1;
    }
  }

  /** Queues the stay-end of a case in stage s (or, after the horizon, notes it open at the end). */
  private schedule(tEnd: number, entered: number, k: number, serial: number, s: number): void {
    if (tEnd <= this.end) this.queue.push(tEnd, entered, k, serial);
    else this.openAtEnd(s, entered);
  }

  /**
   * A stay that ends after the horizon can never fire: the case is simply open at the end, so it
   * is counted as overdue there (if it will be) instead of queued.
   */
  private openAtEnd(s: number, entered: number): void {
    const ts = this.model.timescaleDays[s]!;
    if (ts > 0 && this.end - entered > ts) this.acc[s * STRIDE + OVERDUE]! += 1;
  }

  /** A stay's duration for move k of stage s: exponential and lognormal inline, others via `sample`. */
  private duration(k: number, s: number): number {
    const kind = this.dKind[k]!;
    if (kind > 1) return sampleDuration(this.model.moveDuration[k]!, this.durationRng[s]!);
    const u = this.streams.uniform(STAGE_STREAMS + 2 * s + 1);
    return kind === 1 ? this.dA[k]! * Math.exp(this.dB[k]! * quantile(u)) : -this.dA[k]! * Math.log(u);
  }

  private route(s: number, u: number): number {
    const m = this.model;
    const last = m.moveStart[s + 1]!;
    for (let k = m.moveStart[s]!; k < last; k++) if (u < m.moveCum[k]!) return k;
    return -1;
  }

  /**
   * Places a live open case at clock 0 (over capacity if need be: it is already being served).
   * Its move is drawn given the time already spent, P(k | stay > spent) ~ w_k (1 - F_k(spent)), and
   * its remaining time from the residual distribution. In a terminal stage the case is someone who
   * may still be re-referred; those who would have left are dropped.
   */
  private place(s: number, spent: number): void {
    const m = this.model;
    const rng = this.streams.rng(STREAM_INITIAL);
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
      if (m.terminal[s]) return;
      // Past the end of every duration model (or rounding): the case is still open, so it is kept,
      // routed by the weights alone; its residual stay is then short (see sampleResidual).
      k = total > 0 ? last - 1 : this.route(s, rng.uniform());
    }
    const serial = this.serials++;
    this.stock[s]!++;
    this.stockInt[s]! += this.end;
    if (!m.terminal[s]) this.busy[s]!++;
    this.schedule(sampleResidual(m.moveDuration[k]!, spent, rng), -spent, k, serial, s);
    this.opts.onMove?.(serial, s, -1, -spent);
  }
}
