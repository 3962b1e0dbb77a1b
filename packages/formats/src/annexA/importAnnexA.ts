import {
  type CompiledPathway,
  compile,
  defaultPathway,
  type OutsidePathway,
  outsidePathwayReason,
  TIME_DOMAIN,
} from '@continuum/machines';
import type { CanonicalEvent, CodedAttribute } from '../canonicalEvent.ts';
import {
  type OutsidePathwayMove,
  type StoredPosition,
  type TimelineEvent,
  buildTimeline,
} from './buildTimeline.ts';
import { cellDate } from './cells.ts';
import { ageBandOf, sexCode, yearsBetween } from './codes.ts';
import type { StageSpan } from './listSpecs.ts';
import { type AnnexARow, latestDate, readAnnexA } from './readAnnexA.ts';
import { rowPii } from './rowPii.ts';
import { rowToSpans } from './rowToSpans.ts';

/** How to import: the store's keyed hash for child IDs is required, so no raw ID ever leaves here. */
export interface AnnexAImportOptions {
  /** Keyed pseudonymisation (HMAC) of a source child ID; the raw ID is used for nothing else. */
  pseudonymise: (childId: string) => string;
  /** The date the workbook was extracted; open rows are censored here. Default: the latest date in it. */
  extractDate?: string;
  /** The pathway whose stage ids the events use; default the Continuum of Need. */
  pathway?: CompiledPathway;
  /**
   * Where the workbook's children already stand in the store (keyed by the refs `pseudonymise`
   * gave), so a later extract that overlaps an earlier one continues them instead of replaying them.
   */
  storedPositions?: (refs: readonly string[]) => Promise<ReadonlyMap<string, StoredPosition>>;
  /**
   * A visit the pathway cannot reach by one move: `flag` (default) makes the move as recorded with
   * no event, for ingest to store flagged (give ingest the same option); `reject` rejects its row.
   */
  outsidePathway?: OutsidePathway;
}

/**
 * What happened to one list: every row read is accounted for once, as imported (it made at least
 * one event), merged (its visit is already recorded: in the store, or by another row of the same
 * child), outside the pathway (its visit needs a move the pathway lacks: stored flagged, never
 * bridged with invented stays) or rejected with a reason (such a row too, with `reject`), so
 * rowsRead = imported + merged + outsidePathway + rejected.
 */
export interface AnnexAListReport {
  list: number;
  title: string;
  sheet: string | null;
  rowsRead: number;
  eventsMade: number;
  /** Rows that made at least one event. */
  imported: number;
  /** Valid rows that made no new event: the visit is already in the store or recorded by another row. */
  merged: number;
  /** Rows whose visit the pathway cannot reach by one move from where the child was, stored flagged. */
  outsidePathway: number;
  /** Moves the pathway lacks that this list's rows record (from, to, date), flagged or rejected. */
  outsideMoves: { row?: number; from: string; to: string; at: string }[];
  rejected: number;
  rejections: { row: number; reason: string }[];
  /** Rows imported with a value left blank (e.g. a need code outside N0-N9), and why. */
  notes: { row: number; note: string }[];
  problem?: string;
}

/** The canonical event log built from a workbook, with the per-list report. */
export interface AnnexAImportResult {
  events: CanonicalEvent[];
  cases: number;
  /** Children already in the store, continued after their last recorded event. */
  continued: number;
  extractDate: string;
  lists: AnnexAListReport[];
}

const REQUIRED_STAGES = ['front_door', 'early_help', 'assessment', 'child_in_need', 's47_enquiry'];

/**
 * Reads an Ofsted Annex A workbook into canonical events, one legal sequence per child, dropping
 * every non-coded column (names, dates of birth, postcodes, free text) and pseudonymising child IDs.
 * @example const { events, lists } = await importAnnexA(bytes, { pseudonymise: store.pseudonymise });
 */
export async function importAnnexA(
  source: Uint8Array | ArrayBuffer,
  options: AnnexAImportOptions,
): Promise<AnnexAImportResult> {
  const pathway = options.pathway ?? compile(defaultPathway);
  for (const stage of [...REQUIRED_STAGES, 'closed']) {
    if (!pathway.stageIndex.has(stage)) throw new Error(`the pathway has no stage "${stage}" for Annex A`);
  }
  if (options.extractDate !== undefined && cellDate(options.extractDate) !== options.extractDate) {
    throw new RangeError(
      `extractDate must be a date YYYY-MM-DD from ${TIME_DOMAIN.from} to ${TIME_DOMAIN.to}: ${options.extractDate}`,
    );
  }
  const lists = await readAnnexA(source);
  const extractDate = options.extractDate ?? latestDate(lists) ?? new Date().toISOString().slice(0, 10);
  const reports: AnnexAListReport[] = [];
  const children = new Map<string, { spans: StageSpan[]; rows: AnnexARow[] }>();
  // Valid rows as [list, row], and the rows that made an event: the rest were merged.
  const accepted: [number, number][] = [];
  const madeEvents = new Set<string>();

  for (const list of lists) {
    const report: AnnexAListReport = {
      list: list.spec.list,
      title: list.spec.title,
      sheet: list.sheet,
      rowsRead: list.rowsRead,
      eventsMade: 0,
      imported: 0,
      merged: 0,
      outsidePathway: 0,
      outsideMoves: [],
      rejected: list.problem ? list.rowsRead : 0,
      rejections: [],
      notes: [],
    };
    if (list.problem) report.problem = list.problem;
    for (const row of list.rows) {
      const reject = (reason: string) => {
        report.rejected++;
        report.rejections.push({ row: row.rowNumber, reason });
      };
      if (row.childId === '') {
        reject('no Child Unique ID');
        continue;
      }
      const pii = rowPii(row);
      if (pii) {
        reject(pii);
        continue;
      }
      const result = rowToSpans(row, extractDate);
      if ('reject' in result) {
        reject(result.reject);
        continue;
      }
      for (const note of result.notes ?? []) report.notes.push({ row: row.rowNumber, note });
      const ref = options.pseudonymise(row.childId);
      const child = children.get(ref) ?? { spans: [], rows: [] };
      for (const span of result.spans) child.spans.push({ ...span, row: row.rowNumber });
      accepted.push([list.spec.list, row.rowNumber]);
      child.rows.push({ ...row, childId: '' });
      children.set(ref, child);
    }
    reports.push(report);
  }

  const events: CanonicalEvent[] = [];
  const byList = new Map(reports.map((r) => [r.list, r]));
  const stored = (await options.storedPositions?.([...children.keys()])) ?? new Map<string, StoredPosition>();
  let continued = 0;
  const outside: OutsidePathwayMove[] = [];
  for (const [ref, child] of children) {
    const first = child.spans.map((s) => s.start).sort()[0]!;
    const position = stored.get(ref);
    if (position) continued++;
    const timeline: TimelineEvent[] = buildTimeline(
      ref,
      child.spans,
      pathway,
      personAttributes(child.rows, first, extractDate),
      position,
      outside,
      options.outsidePathway ?? 'flag',
    );
    for (const { event, list, row } of timeline) {
      events.push(event);
      const report = byList.get(list);
      if (report) report.eventsMade++;
      if (row !== undefined) madeEvents.add(`${list}:${row}`);
    }
  }
  const outsideRows = new Map<string, OutsidePathwayMove>();
  for (const move of outside) {
    const report = byList.get(move.list);
    if (!report) continue;
    const { list: _list, ...line } = move;
    report.outsideMoves.push(line);
    if (move.row !== undefined) outsideRows.set(`${move.list}:${move.row}`, move);
  }
  const flag = (options.outsidePathway ?? 'flag') === 'flag';
  for (const [list, row] of accepted) {
    const report = byList.get(list)!;
    const key = `${list}:${row}`;
    const move = outsideRows.get(key);
    // flag: the row's flagged move is stored; reject: a row that made no event is rejected.
    if (move && flag) report.outsidePathway++;
    else if (madeEvents.has(key)) report.imported++;
    else if (move) {
      report.rejected++;
      report.rejections.push({ row, reason: outsidePathwayReason(move.from, move.to) });
    } else report.merged++;
  }
  return { events, cases: children.size, continued, extractDate, lists: reports };
}

/** Sex and the DfE age band at the case's first event: all that is kept of the person columns. */
function personAttributes(
  rows: readonly AnnexARow[],
  firstDate: string,
  extractDate: string,
): Partial<Record<CodedAttribute, string>> {
  const out: Partial<Record<CodedAttribute, string>> = {};
  for (const row of rows) {
    if (!out.sex) {
      const sex = sexCode(row.person.sex);
      if (sex) out.sex = sex;
    }
    if (!out.age_band) {
      const dob = cellDate(row.person.dob);
      if (dob) out.age_band = ageBandOf(Math.max(0, yearsBetween(dob, firstDate)));
      else if (typeof row.person.age === 'number' && Number.isFinite(row.person.age)) {
        const years = row.person.age - yearsBetween(firstDate, extractDate);
        if (years >= 0) out.age_band = ageBandOf(years);
      }
    }
  }
  return out;
}
