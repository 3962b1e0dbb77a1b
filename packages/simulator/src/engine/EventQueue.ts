/**
 * The engine's pending stay-ends, each carrying its case (entered-at, move, serial), so the engine
 * keeps no per-case records: ~600,000 open cases at England scale would otherwise mean a random
 * cache miss per event. An event is a 24-byte record (time, entered-at, move, serial) in per-bucket
 * lists of fixed-size chunks (`width` days per bucket), appended sequentially and never moved.
 *
 * When a bucket opens, its events are sorted once (a counting sort on the time within the bucket,
 * then an insertion pass on the exact times, so the order is exact) into a run that pops
 * sequentially; events pushed into the open bucket go to a small binary heap, merged with the run
 * at each pop. Sorting a day of events (~7,000 at England scale) costs a few sequential passes
 * instead of a heap pop of ~13 levels per event. A bucket's chunks are recycled when the next
 * bucket opens (its events have all popped), so steady state allocates nothing.
 * Buckets are `floor(t / width)`, monotone in t, so every event of the open bucket precedes every
 * later bucket's: pops are exactly in time order. Ties pop in a deterministic order.
 */
const CHUNK = 16;
/** Doubles per record: time, entered-at, then move and serial as two 32-bit words (3 and 6 in hot code). */
const REC = 3;

export class EventQueue {
  // records in chunks of CHUNK: f64 view [time, entered-at, (move, serial)], i32 view of the same bytes
  private rf: Float64Array;
  private ri: Int32Array;
  private cNext: Int32Array;
  private cFree: Int32Array;
  private nFree = 0;
  private nChunks = 0;
  // per bucket: first and last chunk, records used in the last chunk (CHUNK when it has none)
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly fill: Int32Array;
  private readonly width: number;
  private readonly inv: number;
  private bucket = 0;
  private readonly lastBucket: number;
  private bucketed = 0;
  // the open bucket: its events as sorted at opening (the run), and a heap of those pushed since
  private runTimes = new Float64Array(1024);
  private runPos = new Int32Array(1024);
  private runAt = 0;
  private runEnd = 0;
  private times = new Float64Array(1024);
  private pos = new Int32Array(1024);
  private size = 0;
  // counting-sort scratch
  private keys = new Int32Array(1024);
  private counts = new Int32Array(1024);

  /** `endDays`: no event is later than this; `width`: bucket width in days. */
  constructor(endDays: number, width = 1) {
    this.width = width;
    this.inv = 1 / width;
    this.lastBucket = Math.max(0, Math.floor(endDays * this.inv));
    this.head = new Int32Array(this.lastBucket + 1).fill(-1);
    this.tail = new Int32Array(this.lastBucket + 1).fill(-1);
    this.fill = new Int32Array(this.lastBucket + 1).fill(CHUNK);
    const chunks = 256;
    this.rf = new Float64Array(chunks * CHUNK * REC);
    this.ri = new Int32Array(this.rf.buffer);
    this.cNext = new Int32Array(chunks);
    this.cFree = new Int32Array(chunks);
  }

  /** Number of pending events. */
  get length(): number {
    return this.runEnd - this.runAt + this.size + this.bucketed;
  }

  /**
   * Schedules a stay-end at time t for the case that entered its stage at `enteredAt` and leaves
   * by `move` (t must not be earlier than the last time popped).
   */
  push(t: number, enteredAt: number, move: number, serial: number): void {
    let b = Math.floor(t * this.inv);
    if (b > this.lastBucket) b = this.lastBucket;
    const current = b <= this.bucket;
    if (current) b = this.bucket;
    let f = this.fill[b]!;
    if (f === CHUNK) f = this.startChunk(b);
    this.fill[b] = f + 1;
    const at = this.tail[b]! * CHUNK + f;
    const rf = this.rf;
    rf[3 * at] = t;
    rf[3 * at + 1] = enteredAt;
    const ri = this.ri;
    ri[6 * at + 4] = move;
    ri[6 * at + 5] = serial;
    if (current) this.heapPush(t, at);
    else this.bucketed++;
  }

  /**
   * Time of the earliest pending event, or +Infinity if none is due before `other` (the caller's
   * own next event, the next arrival): buckets are opened only as far as that requires.
   */
  peekTime(other = Number.POSITIVE_INFINITY): number {
    const tr = this.runAt < this.runEnd ? this.runTimes[this.runAt]! : Number.POSITIVE_INFINITY;
    if (this.size > 0) {
      const th = this.times[0]!;
      // biome-ignore lint/complexity/useMathMinMax: hot path; a compare avoids a call per event
      return th < tr ? th : tr;
    }
    return this.runAt < this.runEnd ? tr : this.peekBuckets(other);
  }

  /**
   * Removes the earliest event (call peekTime first) and returns its position, valid for
   * `enteredAt`, `move` and `serial` until the next pop.
   */
  pop(): number {
    if (this.runAt < this.runEnd && (this.size === 0 || this.runTimes[this.runAt]! <= this.times[0]!))
      return this.runPos[this.runAt++]!;
    return this.heapPop();
  }

  /** When the popped event's case entered its stage. */
  enteredAt(at: number): number {
    return this.rf[3 * at + 1]!;
  }

  /** The move the popped event's case leaves by. */
  move(at: number): number {
    return this.ri[6 * at + 4]!;
  }

  /** The popped event's case serial number. */
  serial(at: number): number {
    return this.ri[6 * at + 5]!;
  }

  /** The open bucket is empty: opens buckets until one has events or `other` comes first. */
  private peekBuckets(other: number): number {
    for (;;) {
      if (this.runAt < this.runEnd) return this.runTimes[this.runAt]!;
      if (this.bucket >= this.lastBucket || Math.floor(other * this.inv) <= this.bucket)
        return Number.POSITIVE_INFINITY;
      this.openNextBucket();
    }
  }

  /**
   * Moves to the next bucket (the open one has no events left, so its chunks are free again) and
   * sorts the new bucket's events into the run.
   */
  private openNextBucket(): void {
    this.freeList(this.bucket);
    const b = ++this.bucket;
    let n = 0;
    for (let chunk = this.head[b]!; chunk >= 0; chunk = chunk === this.tail[b] ? -1 : this.cNext[chunk]!)
      n += chunk === this.tail[b] ? this.fill[b]! : CHUNK;
    this.runAt = 0;
    this.runEnd = n;
    if (n === 0) return;
    this.bucketed -= n;
    if (n > this.runTimes.length) this.growRun(n);
    // counting sort on m (a power of two >= n) slots of the bucket's time span
    let m = 1;
    while (m < n) m *= 2;
    if (m > this.counts.length) this.counts = new Int32Array(m);
    const { rf, keys, counts, runTimes, runPos } = this;
    counts.fill(0, 0, m);
    const base = b * this.width;
    const scale = m * this.inv;
    let i = 0;
    for (let chunk = this.head[b]!; chunk >= 0; chunk = chunk === this.tail[b] ? -1 : this.cNext[chunk]!) {
      const count = chunk === this.tail[b] ? this.fill[b]! : CHUNK;
      for (let at = chunk * CHUNK, e = at + count; at < e; at++) {
        let key = Math.floor((rf[3 * at]! - base) * scale);
        if (key < 0) key = 0;
        else if (key >= m) key = m - 1;
        keys[i++] = key;
        counts[key]!++;
      }
    }
    for (let k = 0, sum = 0; k < m; k++) {
      const c = counts[k]!;
      counts[k] = sum;
      sum += c;
    }
    i = 0;
    for (let chunk = this.head[b]!; chunk >= 0; chunk = chunk === this.tail[b] ? -1 : this.cNext[chunk]!) {
      const count = chunk === this.tail[b] ? this.fill[b]! : CHUNK;
      for (let at = chunk * CHUNK, e = at + count; at < e; at++) {
        const slot = counts[keys[i++]!]!++;
        runTimes[slot] = rf[3 * at]!;
        runPos[slot] = at;
      }
    }
    // exact order within a slot (and across slot edges that rounding may blur)
    for (let j = 1; j < n; j++) {
      const t = runTimes[j]!;
      if (t >= runTimes[j - 1]!) continue;
      const p = runPos[j]!;
      let k = j - 1;
      while (k >= 0 && runTimes[k]! > t) {
        runTimes[k + 1] = runTimes[k]!;
        runPos[k + 1] = runPos[k]!;
        k--;
      }
      runTimes[k + 1] = t;
      runPos[k + 1] = p;
    }
  }

  private freeList(b: number): void {
    let chunk = this.head[b]!;
    const last = this.tail[b]!;
    while (chunk >= 0) {
      this.cFree[this.nFree++] = chunk;
      chunk = chunk === last ? -1 : this.cNext[chunk]!;
    }
    this.head[b] = -1;
    this.tail[b] = -1;
    this.fill[b] = CHUNK;
  }

  /** Appends a fresh chunk to bucket b's list; returns its fill (0). */
  private startChunk(b: number): number {
    const fresh = this.allocChunk();
    const tail = this.tail[b]!;
    if (tail < 0) this.head[b] = fresh;
    else this.cNext[tail] = fresh;
    this.tail[b] = fresh;
    return 0;
  }

  private allocChunk(): number {
    if (this.nFree > 0) return this.cFree[--this.nFree]!;
    if (this.nChunks === this.cNext.length) {
      const size = this.cNext.length * 2;
      this.rf = grown(this.rf, new Float64Array(size * CHUNK * REC));
      this.ri = new Int32Array(this.rf.buffer);
      this.cNext = grown(this.cNext, new Int32Array(size));
      this.cFree = grown(this.cFree, new Int32Array(size));
    }
    return this.nChunks++;
  }

  private growRun(n: number): void {
    let size = this.runTimes.length;
    while (size < n) size *= 2;
    this.runTimes = new Float64Array(size);
    this.runPos = new Int32Array(size);
    this.keys = new Int32Array(size);
  }

  private heapPush(time: number, at: number): void {
    if (this.size === this.times.length) {
      this.times = grown(this.times, new Float64Array(this.times.length * 2));
      this.pos = grown(this.pos, new Int32Array(this.pos.length * 2));
    }
    const times = this.times;
    const pos = this.pos;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt <= time) break;
      times[i] = pt;
      pos[i] = pos[parent]!;
      i = parent;
    }
    times[i] = time;
    pos[i] = at;
  }

  private heapPop(): number {
    const times = this.times;
    const pos = this.pos;
    const top = pos[0]!;
    const n = --this.size;
    if (n === 0) return top;
    const time = times[n]!;
    const p = pos[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && times[child + 1]! < times[child]!) child++;
      if (times[child]! >= time) break;
      times[i] = times[child]!;
      pos[i] = pos[child]!;
      i = child;
    }
    times[i] = time;
    pos[i] = p;
    return top;
  }
}

function grown<T extends Float64Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
