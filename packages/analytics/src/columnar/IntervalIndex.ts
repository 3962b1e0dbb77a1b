import { clampDayToTimeDomain } from '@continuum/machines';
import { Dictionary } from './Dictionary.ts';

/** Exit day of a stay that is still open: larger than any real day, so `exited > day` means "open". */
export const OPEN = 0x7fffffff;
/** Code for "none" in the small-integer columns (no previous stage, no entry event, no next stage). */
export const NONE = -1;

/** A stay as the index receives it: days are UTC day numbers (see dayNumber.ts). */
export interface IndexedStay {
  /** The case's key in the store (id) or a pseudonymous ref; what the overdue list reports. */
  caseKey: string | number;
  stage: string;
  entered: number;
  exited: number | null;
  nextStage: string | null;
  exitEvent: string | null;
  /** Event that opened this stay; null for the case's opening stay. */
  entryEvent: string | null;
  /** The case's coded attributes at the time of reading (latest wins). */
  attributes?: Record<string, string | null>;
}

/**
 * An in-memory columnar index of stage intervals and record-only events. Requests scan typed
 * arrays; the index is built once from the store and extended incrementally, never per request.
 * Invariant: a case's stays are added in time order (the store appends them in that order).
 */
export class IntervalIndex {
  readonly stages = new Dictionary();
  readonly events = new Dictionary();
  /** Per attribute name: its code dictionary (code 0 = missing) and one column per case. */
  readonly attributes = new Map<string, { dict: Dictionary; column: Uint16Array }>();
  caseKeys: (string | number)[] = [];
  private readonly caseOf = new Map<string | number, number>();
  private lastStayOfCase = new Int32Array(1024).fill(NONE);

  /** Number of stays. */
  length = 0;
  caseIdx = new Int32Array(1024);
  stage = new Int16Array(1024);
  prevStage = new Int16Array(1024);
  entryEvent = new Int16Array(1024);
  entered = new Int32Array(1024);
  exited = new Int32Array(1024);
  nextStage = new Int16Array(1024);
  exitEvent = new Int16Array(1024);

  /** Record-only events (e.g. management_oversight): case, event code, day. */
  recordLength = 0;
  recordCase = new Int32Array(256);
  recordEvent = new Int16Array(256);
  recordDay = new Int32Array(256);

  /** Earliest entry and latest entry/exit seen: bound per-request lookup tables. */
  minDay = OPEN;
  maxDay = -OPEN;
  /** Longest completed stay in days: sizes duration histograms. */
  maxDuration = 0;

  /**
   * Stays [0, sortedCount) are closed and sorted by exit day (see compact); later ones are in
   * arrival order. exitStart[d - sortedFrom] = first sorted position whose exit day is >= d.
   */
  sortedCount = 0;
  /** Number of stays at the last compaction (arrivals since then decide when to sort again). */
  compactedLength = 0;
  private sortedFrom = 0;
  private exitStart = new Int32Array(1);

  /** Store high-water marks for incremental loading (ids already read). */
  lastIntervalId = 0;
  lastEventId = 0;

  get caseCount(): number {
    return this.caseKeys.length;
  }

  /** The dense index of a case, registering it when new. */
  caseIndexOf(key: string | number): number {
    let i = this.caseOf.get(key);
    if (i === undefined) {
      i = this.caseKeys.length;
      this.caseKeys.push(key);
      this.caseOf.set(key, i);
      if (i >= this.lastStayOfCase.length) this.lastStayOfCase = grow(this.lastStayOfCase, i + 1, NONE);
      for (const a of this.attributes.values()) if (i >= a.column.length) a.column = grow(a.column, i + 1, 0);
    }
    return i;
  }

  /** Sets a case's coded attributes (latest value wins; null clears). */
  setAttributes(caseIndex: number, attributes: Record<string, string | null>): void {
    for (const [name, value] of Object.entries(attributes)) {
      let a = this.attributes.get(name);
      if (!a) {
        if (value === null || value === undefined) continue;
        const dict = new Dictionary();
        dict.intern('');
        a = { dict, column: new Uint16Array(Math.max(1024, this.lastStayOfCase.length)) };
        this.attributes.set(name, a);
      }
      a.column[caseIndex] = value === null || value === undefined ? 0 : a.dict.intern(value);
    }
  }

  /**
   * Adds a stay. A new stay of a case closes the case's previous open stay (entered = its exit,
   * entry event = its exit event), which is how incremental loading sees moves without re-reading
   * updated rows.
   */
  addStay(input: IndexedStay): void {
    // Days outside the time domain (only rows stored before it was enforced) are pinned to its
    // edges, so no per-request table sized by minDay..maxDay or by durations can outgrow it.
    const stay =
      input.entered === clampDayToTimeDomain(input.entered) &&
      (input.exited === null || input.exited === clampDayToTimeDomain(input.exited))
        ? input
        : {
            ...input,
            entered: clampDayToTimeDomain(input.entered),
            exited: input.exited === null ? null : clampDayToTimeDomain(input.exited),
          };
    const c = this.caseIndexOf(stay.caseKey);
    if (stay.attributes) this.setAttributes(c, stay.attributes);
    const stageCode = this.stages.intern(stay.stage);
    let entryCode = stay.entryEvent === null ? NONE : this.events.intern(stay.entryEvent);
    const prev = this.lastStayOfCase[c]!;
    // Stays given without an entry event take the previous stay's exit event.
    if (entryCode === NONE && prev !== NONE) entryCode = this.exitEvent[prev]!;
    let prevStage = NONE;
    if (prev !== NONE) {
      prevStage = this.stage[prev]!;
      if (stay.entered < this.entered[prev]!) {
        throw new RangeError(`stays of case ${String(stay.caseKey)} must be added in time order`);
      }
      if (this.exited[prev] === OPEN) this.close(prev, stay.entered, stageCode, entryCode);
    }
    const i = this.length;
    if (i >= this.caseIdx.length) this.growStays(i + 1);
    this.caseIdx[i] = c;
    this.stage[i] = stageCode;
    this.prevStage[i] = prevStage;
    this.entryEvent[i] = entryCode;
    this.entered[i] = stay.entered;
    this.exited[i] = OPEN;
    this.nextStage[i] = NONE;
    this.exitEvent[i] = NONE;
    this.length = i + 1;
    this.lastStayOfCase[c] = i;
    if (stay.entered < this.minDay) this.minDay = stay.entered;
    if (stay.entered > this.maxDay) this.maxDay = stay.entered;
    if (stay.exited !== null) {
      const next = stay.nextStage === null ? NONE : this.stages.intern(stay.nextStage);
      const ev = stay.exitEvent === null ? NONE : this.events.intern(stay.exitEvent);
      this.close(i, stay.exited, next, ev);
    }
  }

  /**
   * First position from which every stay can have exited on or after `day`: stays before it are
   * closed before that day, so a query about later days starts there instead of at 0.
   */
  firstExitAtLeast(day: number): number {
    if (this.sortedCount === 0) return 0;
    const k = day - this.sortedFrom;
    if (k <= 0) return 0;
    if (k >= this.exitStart.length) return this.sortedCount;
    return this.exitStart[k]!;
  }

  /**
   * Re-orders stays by exit day (a stable counting sort; open stays last) so queries skip the
   * history that ended before their period. A case's stays keep their time order, because each
   * stay ends no later than the next one ends. Closed stays never change, so the sorted prefix
   * stays valid while new stays arrive behind it.
   */
  compact(): void {
    const n = this.length;
    if (n === 0) return;
    const from = this.minDay;
    const span = Math.max(0, this.maxDay - from) + 2; // last slot: open stays
    const exited = this.exited;
    const counts = new Int32Array(span + 1);
    for (let i = 0; i < n; i++) {
      const x = exited[i]!;
      counts[(x === OPEN ? span - 1 : x - from) + 1]!++;
    }
    for (let k = 1; k <= span; k++) counts[k]! += counts[k - 1]!;
    const exitStart = counts.slice(0, span);
    const order = new Int32Array(n);
    const position = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const x = exited[i]!;
      const p = counts[x === OPEN ? span - 1 : x - from]!++;
      order[p] = i;
      position[i] = p;
    }
    const permute = <T extends Int32Array | Int16Array>(a: T): T => {
      const next = new (a.constructor as new (n: number) => T)(a.length);
      for (let p = 0; p < n; p++) next[p] = a[order[p]!]!;
      return next;
    };
    this.caseIdx = permute(this.caseIdx);
    this.stage = permute(this.stage);
    this.prevStage = permute(this.prevStage);
    this.entryEvent = permute(this.entryEvent);
    this.entered = permute(this.entered);
    this.exited = permute(this.exited);
    this.nextStage = permute(this.nextStage);
    this.exitEvent = permute(this.exitEvent);
    const last = this.lastStayOfCase;
    for (let c = 0; c < this.caseKeys.length; c++) if (last[c] !== NONE) last[c] = position[last[c]!]!;
    this.sortedCount = exitStart[span - 1]!;
    this.compactedLength = n;
    this.sortedFrom = from;
    this.exitStart = exitStart;
  }

  /** Adds a record-only event (no move), e.g. a management oversight. */
  addRecordEvent(caseKey: string | number, event: string, day: number): void {
    const c = this.caseIndexOf(caseKey);
    const i = this.recordLength;
    if (i >= this.recordCase.length) {
      const n = Math.max(i + 1, this.recordCase.length * 2);
      this.recordCase = grow(this.recordCase, n, 0);
      this.recordEvent = grow(this.recordEvent, n, 0);
      this.recordDay = grow(this.recordDay, n, 0);
    }
    this.recordCase[i] = c;
    this.recordEvent[i] = this.events.intern(event);
    this.recordDay[i] = clampDayToTimeDomain(day);
    this.recordLength = i + 1;
  }

  private close(i: number, day: number, next: number, event: number): void {
    const entered = this.entered[i]!;
    const exited = Math.max(clampDayToTimeDomain(day), entered);
    this.exited[i] = exited;
    this.nextStage[i] = next;
    this.exitEvent[i] = event;
    if (exited - entered > this.maxDuration) this.maxDuration = exited - entered;
    if (exited > this.maxDay) this.maxDay = exited;
  }

  private growStays(min: number): void {
    const n = Math.max(min, this.caseIdx.length * 2);
    this.caseIdx = grow(this.caseIdx, n, 0);
    this.stage = grow(this.stage, n, 0);
    this.prevStage = grow(this.prevStage, n, 0);
    this.entryEvent = grow(this.entryEvent, n, 0);
    this.entered = grow(this.entered, n, 0);
    this.exited = grow(this.exited, n, 0);
    this.nextStage = grow(this.nextStage, n, 0);
    this.exitEvent = grow(this.exitEvent, n, 0);
  }
}

type Typed = Int32Array | Int16Array | Uint16Array;
function grow<T extends Typed>(array: T, min: number, fill: number): T {
  const next = new (array.constructor as new (n: number) => T)(Math.max(min, array.length * 2));
  next.set(array);
  if (fill !== 0) next.fill(fill, array.length);
  return next;
}
