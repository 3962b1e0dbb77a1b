/**
 * The engine's pending stay-ends: a binary heap for the current time window (one bucket of
 * `width` days) and, for everything later, per-bucket lists of fixed-size chunks of (time, id).
 * A long horizon with ~600,000 open cases then keeps only about a day of events in the heap
 * (cache-resident, ~13 levels instead of ~20 over 7 MB); a far-future event costs a sequential
 * append until its day comes, and opening a day reads its chunks sequentially (no pointer chasing
 * per event). Chunks are recycled, so steady state allocates nothing.
 * Ties pop in a deterministic order: the same pushes, the same pops.
 */
const CHUNK = 16;

export class EventQueue {
  private times: Float64Array;
  private ids: Int32Array;
  private size = 0;
  // chunk pool: CHUNK entries each, a next-chunk link, a free stack
  private cTimes: Float64Array;
  private cIds: Int32Array;
  private cNext: Int32Array;
  private cFree: Int32Array;
  private nFree = 0;
  private nChunks = 0;
  // per bucket: first and last chunk, entries used in the last chunk
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly fill: Int32Array;
  private readonly inv: number;
  private bucket = 0;
  private windowEnd: number;
  private readonly lastBucket: number;
  private bucketed = 0;

  /** `endDays`: no event is later than this; `width`: bucket width in days. */
  constructor(
    endDays: number,
    private readonly width = 1,
  ) {
    this.inv = 1 / width;
    this.lastBucket = Math.max(0, Math.floor(endDays * this.inv));
    this.head = new Int32Array(this.lastBucket + 1).fill(-1);
    this.tail = new Int32Array(this.lastBucket + 1).fill(-1);
    this.fill = new Int32Array(this.lastBucket + 1);
    this.windowEnd = this.lastBucket === 0 ? Number.POSITIVE_INFINITY : width;
    this.times = new Float64Array(1024);
    this.ids = new Int32Array(1024);
    const chunks = 256;
    this.cTimes = new Float64Array(chunks * CHUNK);
    this.cIds = new Int32Array(chunks * CHUNK);
    this.cNext = new Int32Array(chunks);
    this.cFree = new Int32Array(chunks);
  }

  /** Number of pending events (heap and buckets). */
  get length(): number {
    return this.size + this.bucketed;
  }

  /** Schedules id at time t (t must not be earlier than the last time popped). */
  push(t: number, id: number): void {
    let b = Math.floor(t * this.inv);
    if (b <= this.bucket) {
      this.heapPush(t, id);
      return;
    }
    if (b > this.lastBucket) b = this.lastBucket;
    let chunk = this.tail[b]!;
    let f = this.fill[b]!;
    if (chunk < 0 || f === CHUNK) {
      const fresh = this.allocChunk();
      if (chunk < 0) this.head[b] = fresh;
      else this.cNext[chunk] = fresh;
      this.tail[b] = fresh;
      chunk = fresh;
      f = 0;
    }
    const at = chunk * CHUNK + f;
    this.cTimes[at] = t;
    this.cIds[at] = id;
    this.fill[b] = f + 1;
    this.bucketed++;
  }

  /**
   * Time of the earliest pending event, or +Infinity. `other` is the caller's own next event time
   * (the next arrival): buckets are opened only as far as the earlier of the two requires.
   */
  peekTime(other = Number.POSITIVE_INFINITY): number {
    for (;;) {
      const th = this.size > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
      // biome-ignore lint/complexity/useMathMinMax: hot loop; a compare avoids a call per event
      const t = th < other ? th : other;
      if (t < this.windowEnd || this.bucket >= this.lastBucket) return th;
      this.openNextBucket();
    }
  }

  /** Removes the earliest event of the heap and returns its id (call peekTime first). */
  pop(): number {
    const times = this.times;
    const ids = this.ids;
    const top = ids[0]!;
    const n = --this.size;
    if (n === 0) return top;
    const time = times[n]!;
    const id = ids[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && times[child + 1]! < times[child]!) child++;
      if (times[child]! >= time) break;
      times[i] = times[child]!;
      ids[i] = ids[child]!;
      i = child;
    }
    times[i] = time;
    ids[i] = id;
    return top;
  }

  private openNextBucket(): void {
    const b = ++this.bucket;
    this.windowEnd = b === this.lastBucket ? Number.POSITIVE_INFINITY : (b + 1) * this.width;
    let chunk = this.head[b]!;
    const last = this.tail[b]!;
    const lastFill = this.fill[b]!;
    while (chunk >= 0) {
      const count = chunk === last ? lastFill : CHUNK;
      const cTimes = this.cTimes;
      const cIds = this.cIds;
      for (let j = chunk * CHUNK, e = j + count; j < e; j++) this.heapPush(cTimes[j]!, cIds[j]!);
      this.bucketed -= count;
      const next = chunk === last ? -1 : this.cNext[chunk]!;
      this.cFree[this.nFree++] = chunk;
      chunk = next;
    }
    this.head[b] = -1;
    this.tail[b] = -1;
    this.fill[b] = 0;
  }

  private allocChunk(): number {
    if (this.nFree > 0) return this.cFree[--this.nFree]!;
    if (this.nChunks === this.cNext.length) {
      const size = this.cNext.length * 2;
      const times = new Float64Array(size * CHUNK);
      times.set(this.cTimes);
      const ids = new Int32Array(size * CHUNK);
      ids.set(this.cIds);
      const next = new Int32Array(size);
      next.set(this.cNext);
      const free = new Int32Array(size);
      free.set(this.cFree);
      this.cTimes = times;
      this.cIds = ids;
      this.cNext = next;
      this.cFree = free;
    }
    return this.nChunks++;
  }

  private heapPush(time: number, id: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const ids = this.ids;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt <= time) break;
      times[i] = pt;
      ids[i] = ids[parent]!;
      i = parent;
    }
    times[i] = time;
    ids[i] = id;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.times = times;
    this.ids = ids;
  }
}
