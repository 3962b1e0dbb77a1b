import { effectiveMoves, type PathwayDefinition, type Timescale } from '@continuum/machines';
import { deadlineOf } from './calendar/timescale.ts';
import type { WorkingCalendar } from './calendar/WorkingCalendar.ts';
import { type IntervalIndex, NONE } from './columnar/IntervalIndex.ts';

/** A stage as a report shows it: from the pathway when it knows the id, bare otherwise. */
export interface StageInfo {
  id: string;
  label: string;
  level: number | null;
  terminal: boolean;
  kpiTags: readonly string[];
  timescale: Timescale | null;
}

/** Which stays were entered by a move carrying a KPI tag (see PathwayView.entryTagged). */
export interface EntryTags {
  /** Per stage code, 1 when a move with the tag enters that stage (only stays there can be tagged). */
  openings: Uint8Array;
  /**
   * True when stay `i` of the index was entered by a tagged move. An opening (no previous stage) and
   * a move outside the pathway (no entry event) count as a tagged move into their stage would.
   */
  at(i: number): boolean;
}

/**
 * The pathway seen through the index's codes: stage order and metadata, and which (source stage,
 * event) moves carry which KPI tags. Built per request (cheap: stages x events), so edited pathways
 * and newly seen stages or events are always reflected.
 */
export interface PathwayView {
  /** Index stage codes in report order: the pathway's stages first, then any unknown ones seen. */
  order: number[];
  stageInfo: StageInfo[];
  /** Stage codes carrying a stage KPI tag. */
  stagesTagged(tag: string): Uint8Array;
  /** The stays entered by a move with this tag: the one home of the rule for openings and moves outside the pathway. */
  entryTagged(tag: string): EntryTags;
  /**
   * Flags per exit, by `stage * (E + 1) + (exitEvent + 1)`; a move outside the pathway out of a
   * stage (no exit event) is tagged when a tagged move leaves that stage.
   */
  exitTagged(tag: string): { moves: Uint8Array; eventSlots: number };
  /** Deadline day per entry day for a stage with a timescale (index `entered - base`). */
  deadlines(stageCode: number, calendar: WorkingCalendar): { base: number; table: Int32Array } | null;
}

// Deadline per entry day, per calendar and timescale: the same few tables serve every request.
const deadlineCache = new WeakMap<WorkingCalendar, Map<string, Int32Array>>();

/** Builds the view of a pathway over an index. */
export function pathwayView(definition: PathwayDefinition, index: IntervalIndex): PathwayView {
  // Every pathway stage gets a code, so maps list stages no case has reached yet (with zeros).
  for (const s of definition.stages) index.stages.intern(s.id);
  const S = index.stages.size;
  const E = index.events.size;
  const slots = E + 1;
  const byCode: StageInfo[] = index.stages.values.map((id) => {
    const s = definition.stages.find((x) => x.id === id);
    return {
      id,
      label: s?.label ?? id,
      level: s?.level ?? null,
      terminal: s?.terminal ?? false,
      kpiTags: s?.kpiTags ?? [],
      timescale: s?.timescale ?? null,
    };
  });
  const known = definition.stages.map((s) => index.stages.codeOf(s.id)).filter((c) => c >= 0);
  const order = [...known, ...byCode.map((_, c) => c).filter((c) => !known.includes(c))];
  const moves = effectiveMoves(definition);

  const entryCache = new Map<string, EntryTags>();
  const exitCache = new Map<string, { moves: Uint8Array; eventSlots: number }>();

  const taggedMoves = (tag: string) => {
    const flags = new Uint8Array(S * slots);
    const targets = new Set<string>();
    for (const [from, list] of moves) {
      const f = index.stages.codeOf(from);
      for (const m of list) {
        if (!m.kpiTags.includes(tag)) continue;
        targets.add(m.to);
        const e = index.events.codeOf(m.event);
        if (f >= 0 && e >= 0) flags[f * slots + e + 1] = 1;
      }
    }
    return { flags, targets };
  };

  return {
    order,
    stageInfo: byCode,
    stagesTagged: (tag) => Uint8Array.from(byCode, (s) => (s.kpiTags.includes(tag) ? 1 : 0)),
    entryTagged: (tag) => {
      let hit = entryCache.get(tag);
      if (!hit) {
        const { flags, targets } = taggedMoves(tag);
        // An opening counts as a tagged move when a move with the tag enters that stage.
        const openings = Uint8Array.from(byCode, (s) => (targets.has(s.id) ? 1 : 0));
        hit = {
          openings,
          at: (i) => {
            const prev = index.prevStage[i]!;
            const event = index.entryEvent[i]!;
            return prev === NONE || event === NONE
              ? openings[index.stage[i]!] === 1
              : flags[prev * slots + event + 1] === 1;
          },
        };
        entryCache.set(tag, hit);
      }
      return hit;
    },
    exitTagged: (tag) => {
      let hit = exitCache.get(tag);
      if (!hit) {
        const { flags } = taggedMoves(tag);
        // A recorded move the pathway lacks (flagged, no event) leaves the stage as a tagged move would.
        for (let s = 0; s < S; s++) {
          for (let e = 1; e < slots; e++) if (flags[s * slots + e] === 1) flags[s * slots] = 1;
        }
        hit = { moves: flags, eventSlots: slots };
        exitCache.set(tag, hit);
      }
      return hit;
    },
    deadlines: (stageCode, calendar) => {
      const timescale = byCode[stageCode]?.timescale;
      if (!timescale || index.length === 0) return null;
      const base = index.minDay;
      const length = Math.max(0, index.maxDay - base) + 1;
      let byKey = deadlineCache.get(calendar);
      if (!byKey) {
        byKey = new Map();
        deadlineCache.set(calendar, byKey);
      }
      const key = `${timescale.unit}:${timescale.value}:${base}:${length}`;
      let table = byKey.get(key);
      if (!table) {
        table = new Int32Array(length);
        for (let d = 0; d < length; d++) table[d] = deadlineOf(base + d, timescale, calendar);
        if (byKey.size > 64) byKey.clear();
        byKey.set(key, table);
      }
      return { base, table };
    },
  };
}
