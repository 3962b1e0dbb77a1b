import { type CompiledPathway, compile, defaultPathway } from '@continuum/machines';
import type { StoredPosition } from '../annexA/buildTimeline.ts';
import { ageBandOf } from '../annexA/codes.ts';
import type { CanonicalEvent, CodedAttribute } from '../canonicalEvent.ts';
import { type ContinuationGap, continueWalk, type UnitOutcomes } from '../continueCase.ts';
import type { OutsidePathway } from '../recordedMove.ts';
import { cinTimeline } from './cinTimeline.ts';
import { type CinChild, type ElementOutcome, type SourceElement, settle } from './cinTypes.ts';
import { type CinFile, readCinCensus } from './readCinCensus.ts';

/** How to import: the store's keyed hash for child ids is required, so no raw id ever leaves here. */
export interface CinImportOptions {
  /** Keyed pseudonymisation (HMAC) of an LA child id; the raw id is used for nothing else. */
  pseudonymise: (childId: string) => string;
  /** The pathway whose stage ids and moves the events use; default the Continuum of Need. */
  pathway?: CompiledPathway;
  /**
   * A recorded move the pathway lacks: `flag` (default) makes it with no event, for ingest to store
   * flagged (give ingest the same option); `reject` rejects its element with the reason.
   */
  outsidePathway?: OutsidePathway;
  /**
   * Where the children the store already holds stand, by case ref: their events up to the stored
   * date are left out (their elements merged) and the rest continue from the stored stage.
   */
  stored?: ReadonlyMap<string, StoredPosition>;
}

/** One line of the data-quality report: an element that was not imported as it stood, and why. */
export interface CinReportLine {
  file: string;
  line: number;
  element: string;
  outcome: Exclude<ElementOutcome, 'imported'>;
  reason: string;
}

/**
 * The data-quality report of a CIN import. Every data element read is counted once:
 * elementsRead = imported + merged + not_stored + outside_pathway + rejected.
 */
export interface CinImportReport {
  files: { file: string; problem?: string }[];
  elementsRead: number;
  counts: Record<ElementOutcome, number>;
  /** Rejected and outside-the-pathway elements (the merged and not-stored ones are only counted). */
  lines: CinReportLine[];
  /**
   * Moves the census records that the pathway lacks, per move (`assessment -> child_protection`):
   * stored flagged (elements outside_pathway) or, with `reject`, rejected.
   */
  outsidePathway: Record<string, number>;
}

/** The canonical event log built from CIN census files, with its report. */
export interface CinImportResult {
  events: CanonicalEvent[];
  /** Children of the return with a recorded move (stored ones included). */
  cases: number;
  /** Of them, children the store already held, continued from their stored stage. */
  continued: number;
  /** Stored children whose later events could not follow on by a move of the pathway. */
  gaps: ContinuationGap[];
  report: CinImportReport;
}

const REQUIRED_STAGES = [
  'front_door',
  'assessment',
  'child_in_need',
  's47_enquiry',
  'child_protection',
  'closed',
];

/**
 * Reads one or many yearly CIN census XML files into canonical events, children merged across
 * years by LA child id (pseudonymised), every date element mapped to a pathway move, and nothing
 * invented: a move the pathway lacks is flagged (or rejected, by option), never bridged. Identifiers, UPNs, birth and death
 * dates and personal characteristics never reach the events (only sex and the age band at the
 * first referral). Children the store already holds (`stored`) continue from their stored stage,
 * and the elements behind the events the store has are counted merged.
 * @example const { events, report } = importCinCensus([{ name, xml }], { pseudonymise });
 */
export function importCinCensus(files: readonly CinFile[], options: CinImportOptions): CinImportResult {
  const pathway = options.pathway ?? compile(defaultPathway);
  for (const stage of REQUIRED_STAGES) {
    if (!pathway.stageIndex.has(stage))
      throw new Error(`the pathway has no stage "${stage}" for the CIN census`);
  }
  const option = options.outsidePathway ?? 'flag';
  const read = readCinCensus(files);
  const events: CanonicalEvent[] = [];
  const gaps: ContinuationGap[] = [];
  const outsidePathway: Record<string, number> = {};
  let cases = 0;
  let continued = 0;
  /** A child with no recorded move: its id and sex made nothing (as an SSDA903 header row with no episode). */
  const noEvent = (child: CinChild) => {
    for (const el of [...child.idSrcs, child.sex?.src]) settle(el, 'merged', 'no event for the child');
  };
  for (const child of read.children.values()) {
    if (child.episodes.length === 0) {
      noEvent(child);
      continue;
    }
    const attrs: Partial<Record<CodedAttribute, string>> = {};
    if (child.sex) attrs.sex = child.sex.value;
    if (child.ageAtFirstReferral !== undefined) attrs.age_band = ageBandOf(child.ageAtFirstReferral);
    const ref = options.pseudonymise(child.childId);
    const timeline = cinTimeline(ref, child, pathway, attrs, option);
    if (timeline.events.length === 0) {
      noEvent(child);
      continue;
    }
    cases++;
    for (const el of child.idSrcs) settle(el, 'imported', 'the case reference (pseudonymised)');
    if (child.sex && settle(child.sex.src, 'imported')) timeline.carried[0]!.push(child.sex.src);
    const position = options.stored?.get(ref);
    if (position) {
      continued++;
      // The child's id elements made nothing when every event is already stored.
      for (const c of timeline.carried) c.push(...child.idSrcs);
    }
    const written = continueWalk(timeline, position, pathway, option, ELEMENTS);
    if (written.gap) gaps.push(written.gap);
    events.push(...written.events);
    for (const move of written.outsideMoves) outsidePathway[move] = (outsidePathway[move] ?? 0) + 1;
  }
  return {
    events,
    cases,
    continued,
    gaps,
    report: reportOf(read.elements, files, read.fileProblems, outsidePathway),
  };
}

/** A census element's outcome, as continuation reads and settles it again. */
const ELEMENTS: UnitOutcomes<SourceElement> = {
  outcomeOf: (el) => el.outcome,
  settle: (el, outcome, reason) => {
    el.outcome = outcome;
    el.reason = reason;
  },
};

function reportOf(
  elements: readonly SourceElement[],
  files: readonly CinFile[],
  problems: readonly { file: string; problem: string }[],
  outsidePathway: Record<string, number>,
): CinImportReport {
  const counts: Record<ElementOutcome, number> = {
    imported: 0,
    merged: 0,
    not_stored: 0,
    outside_pathway: 0,
    rejected: 0,
  };
  const lines: CinReportLine[] = [];
  for (const el of elements) {
    // An element nothing claimed is a bug in this reader, reported rather than lost.
    const outcome = el.outcome ?? 'rejected';
    const reason = el.reason ?? (el.outcome ? '' : 'not read by the importer');
    counts[outcome]++;
    if (outcome === 'rejected' || outcome === 'outside_pathway') {
      lines.push({ file: el.file, line: el.line, element: el.element, outcome, reason });
    }
  }
  return {
    files: files.map((f) => {
      const problem = problems.find((p) => p.file === f.name)?.problem;
      return problem ? { file: f.name, problem } : { file: f.name };
    }),
    elementsRead: elements.length,
    counts,
    lines,
    outsidePathway,
  };
}
