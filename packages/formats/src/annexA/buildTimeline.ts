import type { CompiledPathway, OutsidePathway } from '@continuum/machines';
import type { CanonicalEvent, CodedAttribute } from '../canonicalEvent.ts';
import type { StageSpan } from './listSpecs.ts';

/** Acuity order: where a child's visits overlap, the most acute stage is where the case sits. */
export const STAGE_RANK: Readonly<Record<string, number>> = {
  front_door: 0,
  early_help: 1,
  assessment: 2,
  child_in_need: 3,
  s47_enquiry: 4,
  child_protection: 5,
  looked_after: 6,
  care_leaver: 7,
};

/** A canonical event together with the Annex A list (and row) that caused it (for the per-list report). */
export interface TimelineEvent {
  event: CanonicalEvent;
  list: number;
  row?: number;
}

const FRONT_DOOR_WINDOW_DAYS = 30;
const SAME_VISIT_DAYS = 14;
const DAY_MS = 86_400_000;
/** Stages a new contact can move a child out of; a contact about an open statutory case changes nothing. */
const CONTACT_CAN_MOVE = new Set([undefined, 'closed', 'front_door', 'early_help']);

/**
 * A move a source records that the pathway has no direct event for (e.g. assessment -> child
 * protection): flagged (made with no event) or rejected (the case stays where it was), never bridged
 * with invented stays.
 */
export interface OutsidePathwayMove {
  from: string;
  to: string;
  at: string;
  list: number;
  row?: number;
}

/** Where a child already stands in the store: its stage and the date of its last recorded event. */
export interface StoredPosition {
  stage: string;
  /** YYYY-MM-DD; only later dates of the extract are imported for this child. */
  lastDate: string;
}

/**
 * Joins one child's stage visits by date into a sequence of canonical events that is legal on the
 * pathway: the most acute open visit decides the stage, each move is the pathway's direct event
 * (preferring the one the list implies), and a child with nothing open is closed. Nothing is
 * invented: a visit the pathway cannot reach in one move is pushed to `outside` and, by `option`,
 * made with no event (`flag`: ingest stores it flagged) or skipped (`reject`: the case stays where
 * it was). With `stored`, the child continues from where the store has it (a later extract
 * overlapping an earlier one): dates up to its last recorded event are left out.
 */
export function buildTimeline(
  caseRef: string,
  rawSpans: readonly StageSpan[],
  pathway: CompiledPathway,
  caseAttributes: Partial<Record<CodedAttribute, string>>,
  stored?: StoredPosition,
  outside: OutsidePathwayMove[] = [],
  option: OutsidePathway = 'flag',
): TimelineEvent[] {
  const spans = resolveSoftEnds(rawSpans);
  // Visits the pathway could not reach in one move: reported once, then left out.
  const blocked = new Set<StageSpan>();
  const out: TimelineEvent[] = [];
  let current: string | undefined = stored?.stage;
  const points = [...new Set(spans.flatMap((s) => (s.end === undefined ? [s.start] : [s.start, s.end])))]
    .filter((t) => stored === undefined || t > stored.lastDate)
    .sort();

  const emit = (stage: string, event: string, at: string, span: StageSpan, attrs?: Attrs) => {
    const attributes = clean({ ...(out.length === 0 ? caseAttributes : {}), ...attrs });
    const row: CanonicalEvent = { case_ref: caseRef, stage, entered_at: at, event };
    if (Object.keys(attributes).length > 0) row.attributes = attributes;
    out.push(
      span.row === undefined
        ? { event: row, list: span.list }
        : { event: row, list: span.list, row: span.row },
    );
    current = stage;
  };

  const moveTo = (target: string, at: string, span: StageSpan, preferred?: string) => {
    if (current === target || blocked.has(span)) return;
    const entry = target === span.stage ? span.attributes : undefined;
    if (current === undefined) return emit(target, '', at, span, entry);
    const path = pathBetween(pathway, current, target, preferred);
    if (path === undefined || path.length !== 1) {
      const move: OutsidePathwayMove = { from: current, to: target, at, list: span.list };
      if (span.row !== undefined) move.row = span.row;
      outside.push(move);
      if (option === 'flag') return emit(target, '', at, span, entry);
      blocked.add(span);
      return;
    }
    const exitAttrs = exitAttributesOf(spans, current, at);
    emit(target, path[0]!, at, span, { ...exitAttrs, ...entry });
  };

  for (const t of points) {
    const instants = spans
      .filter((s) => s.start === t && s.end === t && !blocked.has(s))
      .sort((a, b) => rank(a.stage) - rank(b.stage));
    const covering = desiredAt(
      spans.filter((s) => !blocked.has(s)),
      t,
    );
    for (const s of instants) {
      if (s.stage === 'front_door' && !CONTACT_CAN_MOVE.has(current)) continue;
      // A contact about a child in early help steps up only when something more acute follows.
      if (s.stage === 'front_door' && current === 'early_help' && rank(covering?.stage) <= rank(current))
        continue;
      if (rank(s.stage) < rank(current) && current !== 'closed' && s.stage !== 'front_door') continue;
      moveTo(s.stage, t, s, s.enterEvent);
    }
    const desired = covering;
    if (desired) {
      if (desired.stage === 'front_door' && !CONTACT_CAN_MOVE.has(current)) continue;
      moveTo(desired.stage, t, desired, desired.enterEvent);
      continue;
    }
    if (current === undefined || current === 'closed') continue;
    const ended = spans
      .filter((s) => s.end === t && !blocked.has(s))
      .sort((a, b) => Number(b.stage === current) - Number(a.stage === current))[0];
    if (ended) moveTo('closed', t, ended, ended.exitEvent);
  }
  return out;
}

type Attrs = Partial<Record<CodedAttribute, string | undefined>>;

function rank(stage: string | undefined): number {
  return stage === undefined ? -1 : (STAGE_RANK[stage] ?? -1);
}

/** The most acute visit open at a date (start inclusive, end exclusive). */
function desiredAt(spans: readonly StageSpan[], t: string): StageSpan | undefined {
  return spans
    .filter((s) => s.start <= t && (s.end === undefined || t < s.end))
    .sort((a, b) => rank(b.stage) - rank(a.stage))[0];
}

function clean(attrs: Attrs): Partial<Record<CodedAttribute, string>> {
  const out: Partial<Record<CodedAttribute, string>> = {};
  for (const [k, v] of Object.entries(attrs)) if (v) out[k as CodedAttribute] = v;
  return out;
}

function exitAttributesOf(spans: readonly StageSpan[], stage: string, at: string): Attrs | undefined {
  return spans.find((s) => s.stage === stage && s.end === at && s.exitAttributes)?.exitAttributes;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Gives every soft visit an end: a front-door visit lasts until the next recorded start within 30
 * days (else the same day); other soft visits are dropped when their own list records the same visit
 * within 14 days, otherwise they last until the next start of another visit, or stay open.
 */
function resolveSoftEnds(spans: readonly StageSpan[]): StageSpan[] {
  const hard = spans.filter((s) => !s.soft);
  const out: StageSpan[] = [...hard];
  for (const s of spans) {
    if (!s.soft) continue;
    // A contact followed by a referral is one front-door visit: its look-ahead includes front-door starts.
    const later = spans
      .filter((o) => o !== s && o.start > s.start && (o.stage !== 'front_door' || s.stage === 'front_door'))
      .map((o) => o.start)
      .sort()[0];
    if (s.stage === 'front_door') {
      const limit = addDays(s.start, FRONT_DOOR_WINDOW_DAYS);
      out.push({ ...s, soft: false, end: later !== undefined && later <= limit ? later : s.start });
      continue;
    }
    const limit = addDays(s.start, SAME_VISIT_DAYS);
    const recorded = hard.find((o) => o.stage === s.stage && o.start >= s.start && o.start <= limit);
    if (recorded) {
      // A referral whose assessment starts days later: its front-door visit lasts until then, not
      // closed in between (that closure and the re-entry would be invented).
      const door = out.findIndex(
        (f) =>
          f.stage === 'front_door' &&
          f.list === s.list &&
          f.row === s.row &&
          f.start === s.start &&
          f.end === s.start,
      );
      if (door >= 0 && recorded.start > s.start) out[door] = { ...out[door]!, end: recorded.start };
      continue;
    }
    out.push({ ...s, soft: false, end: later });
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : rank(a.stage) - rank(b.stage)));
}

/** The shortest list of move events from one stage to another (record-only events never move). */
export function pathBetween(
  pathway: CompiledPathway,
  from: string,
  to: string,
  preferred?: string,
): string[] | undefined {
  if (preferred && pathway.next(from, preferred) === to) return [preferred];
  const recordOnly = new Set(pathway.definition.recordEvents);
  const previous = new Map<string, { stage: string; event: string }>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const stage = queue.shift()!;
    if (stage === to) break;
    for (const event of pathway.allowedEvents(stage)) {
      if (recordOnly.has(event)) continue;
      const next = pathway.next(stage, event)!;
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, { stage, event });
      queue.push(next);
    }
  }
  if (!seen.has(to)) return undefined;
  const path: string[] = [];
  for (let s = to; s !== from; ) {
    const step = previous.get(s)!;
    path.unshift(step.event);
    s = step.stage;
  }
  return path;
}
