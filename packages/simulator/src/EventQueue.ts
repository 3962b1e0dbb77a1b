/**
 * The engine's pending stay-ends, each carrying its case (entered-at, move, serial), so the engine
 * keeps no per-case records: ~600,000 open cases at England scale would otherwise mean a random
 * cache miss per event. Events live in per-bucket lists of fixed-size chunks (`width` days per
 * bucket), appended sequentially; the current bucket's events are also in a binary heap of
 * (time, position) pairs, so the heap holds about a day of events (cache-resident) and a case's
 * payload is written once and read once, never moved. A bucket's chunks are recycled when the next
 * bucket opens (its heap is then empty), so steady state allocates nothing.
 * Buckets are `floor(t / width)`, monotone in t, so every heap event precedes every later bucket's:
 * pops are exactly in time order. Ties pop in a deterministic order: the same pushes, the same pops.
 */
const CHUNK = 16;

export class EventQueue {
  // heap of the current bucket: time and chunk position of each event
  private times: Float64Array;
  private pos: Int32Array;
  private size = 0;
  // chunk pool: CHUNK events each (time, entered-at, move, serial), a next-chunk link, a free stack
  private cTimes: Float64Array;
  private cEnt: Float64Array;
  private cMove: Int32Array;
  private cSerial: Int32Array;
  private cNext: Int32Array;
  private cFree: Int32Array;
  private nFree = 0;
  private nChunks = 0;
  // per bucket: first and last chunk, events used in the last chunk (CHUNK when it has none)
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly fill: Int32Array;
  private readonly inv: number;
  private bucket = 0;
  private readonly lastBucket: number;
  private bucketed = 0;

  /** `endDays`: no event is later than this; `width`: bucket width in days. */
  constructor(endDays: number, width = 1) {
    this.inv = 1 / width;
    this.lastBucket = Math.max(0, Math.floor(endDays * this.inv));
    this.head = new Int32Array(this.lastBucket + 1).fill(-1);
    this.tail = new Int32Array(this.lastBucket + 1).fill(-1);
    this.fill = new Int32Array(this.lastBucket + 1).fill(CHUNK);
    this.times = new Float64Array(1024);
    this.pos = new Int32Array(1024);
    const chunks = 256;
    this.cTimes = new Float64Array(chunks * CHUNK);
    this.cEnt = new Float64Array(chunks * CHUNK);
    this.cMove = new Int32Array(chunks * CHUNK);
    this.cSerial = new Int32Array(chunks * CHUNK);
    this.cNext = new Int32Array(chunks);
    this.cFree = new Int32Array(chunks);
  }

  /** Number of pending events. */
  get length(): number {
    return this.size + this.bucketed;
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
    const at = this.tail[b]! * CHUNK + f;
    this.cTimes[at] = t;
    this.cEnt[at] = enteredAt;
    this.cMove[at] = move;
    this.cSerial[at] = serial;
    this.fill[b] = f + 1;
    if (current) this.heapPush(t, at);
    else this.bucketed++;
  }

  /**
   * Time of the earliest pending event, or +Infinity if none is due before `other` (the caller's
   * own next event, the next arrival): buckets are opened only as far as that requires.
   */
  peekTime(other = Number.POSITIVE_INFINITY): number {
    return this.size > 0 ? this.times[0]! : this.peekBuckets(other);
  }

  /**
   * Removes the earliest event (call peekTime first) and returns its position, valid for
   * `enteredAt`, `move` and `serial` until the next pop.
   */
  pop(): number {
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

  /** When the popped event's case entered its stage. */
  enteredAt(at: number): number {
    return this.cEnt[at]!;
  }

  /** The move the popped event's case leaves by. */
  move(at: number): number {
    return this.cMove[at]!;
  }

  /** The popped event's case serial number. */
  serial(at: number): number {
    return this.cSerial[at]!;
  }

  /** The heap is empty: opens buckets until one has events or `other` comes first. */
  private peekBuckets(other: number): number {
    for (;;) {
      if (this.size > 0) return this.times[0]!;
      if (this.bucket >= this.lastBucket || Math.floor(other * this.inv) <= this.bucket)
        return Number.POSITIVE_INFINITY;
      this.openNextBucket();
    }
  }

  /** Moves to the next bucket; the heap is empty, so the current bucket's chunks are free again. */
  private openNextBucket(): void {
    this.freeList(this.bucket);
    const b = ++this.bucket;
    let chunk = this.head[b]!;
    const last = this.tail[b]!;
    const lastFill = this.fill[b]!;
    const cTimes = this.cTimes;
    while (chunk >= 0) {
      const count = chunk === last ? lastFill : CHUNK;
      for (let j = chunk * CHUNK, e = j + count; j < e; j++) this.heapPush(cTimes[j]!, j);
      this.bucketed -= count;
      chunk = chunk === last ? -1 : this.cNext[chunk]!;
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
      this.cTimes = grown(this.cTimes, new Float64Array(size * CHUNK));
      this.cEnt = grown(this.cEnt, new Float64Array(size * CHUNK));
      this.cMove = grown(this.cMove, new Int32Array(size * CHUNK));
      this.cSerial = grown(this.cSerial, new Int32Array(size * CHUNK));
      this.cNext = grown(this.cNext, new Int32Array(size));
      this.cFree = grown(this.cFree, new Int32Array(size));
    }
    return this.nChunks++;
  }

  private heapPush(time: number, at: number): void {
    if (this.size === this.times.length) this.growHeap();
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

  private growHeap(): void {
    this.times = grown(this.times, new Float64Array(this.times.length * 2));
    this.pos = grown(this.pos, new Int32Array(this.pos.length * 2));
  }
}

function grown<T extends Float64Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
