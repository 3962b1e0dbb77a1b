import {
  type CompiledPathway,
  compile,
  defaultPathway,
  detectPii,
  outsidePathwayReason,
} from '@continuum/machines';
import type { StoredPosition } from '../annexA/buildTimeline.ts';
import { ageBandOf, yearsBetween } from '../annexA/codes.ts';
import type { CanonicalEvent, CodedAttribute } from '../canonicalEvent.ts';
import { type ContinuationGap, continueWalk, type UnitOutcomes } from '../continueCase.ts';
import { type OutsidePathway, recordedMove } from '../recordedMove.ts';
import { readSsda903Csv } from './readSsda903Csv.ts';
import { CONTINUES_PERIOD, RNE_CODES, returnCode, returnDate, SEX_CODES } from './ssda903Codes.ts';

/** One table of the return: a CSV text, or records already read (the XML variant), named for the report. */
export type Ssda903File = { name: string; csv: string } | Ssda903Records;

/** A table read from another layout (the XML return): one record per row, told its outcome once settled. */
export interface Ssda903Records {
  name: string;
  records: Ssda903Record[];
  /** Fields read and never stored (postcodes, URNs...), for the table's report. */
  notStored: string[];
}

/** One row of a table as read: its fields (the CSV column names), where it was, and what became of it. */
export interface Ssda903Record {
  values: Record<string, string>;
  /** The CSV row, or the XML line of the element. */
  row: number;
  outcome?: RowOutcome;
  reason?: string;
}

/** The tables of an SSDA903 return (episodes required; header and care leavers optional). */
export interface Ssda903Input {
  episodes: Ssda903File | readonly Ssda903File[];
  /** `header`: CHILD, SEX, DOB (only sex and the age band at the first episode are kept). */
  header?: Ssda903File | readonly Ssda903File[];
  /** `OC3` care leavers: children listed here leave care to the care leaver stage, not to closed. */
  careLeavers?: Ssda903File | readonly Ssda903File[];
}

/** How to import: the keyed pseudonymisation of child ids is required. */
export interface Ssda903ImportOptions {
  pseudonymise: (childId: string) => string;
  pathway?: CompiledPathway;
  /**
   * A recorded move the pathway lacks (a second period of care after a closure): `flag` (default)
   * makes it with no event, for ingest to store flagged; `reject` rejects the period's rows.
   */
  outsidePathway?: OutsidePathway;
  /**
   * Where the children the store already holds stand, by case ref: their events up to the stored
   * date are left out (their rows merged) and the rest continue from the stored stage.
   */
  stored?: ReadonlyMap<string, StoredPosition>;
}

/** What became of one row (a row is counted once). */
export type RowOutcome = 'imported' | 'merged' | 'outside_pathway' | 'rejected';

/** One line of the data-quality report: a row not imported as it stood, and why. */
export interface Ssda903ReportLine {
  file: string;
  /** The table of the row (several tables can share one XML file). */
  table?: Ssda903TableReport['table'];
  row: number;
  field: string;
  outcome: Exclude<RowOutcome, 'imported'>;
  reason: string;
}

/** Per table: rowsRead = imported + merged + outside_pathway + rejected. */
export interface Ssda903TableReport {
  file: string;
  table: 'episodes' | 'header' | 'careLeavers';
  rowsRead: number;
  counts: Record<RowOutcome, number>;
  /** Columns read and never stored (postcodes, URNs, UPNs, birth dates...). */
  notStored: string[];
  problem?: string;
}

/** The report of an SSDA903 import. */
export interface Ssda903ImportReport {
  tables: Ssda903TableReport[];
  lines: Ssda903ReportLine[];
  /** Rows imported with a remark (a period opening with RNE other than S, an X1 with nothing after). */
  notes: { file: string; row: number; field: string; note: string }[];
  /** Recorded moves the pathway lacks, per move (`closed -> looked_after`). */
  outsidePathway: Record<string, number>;
  periodsOfCare: number;
}

/** The events built from an SSDA903 return, with its report. */
export interface Ssda903ImportResult {
  events: CanonicalEvent[];
  /** Children of the return with a recorded move (stored ones included). */
  cases: number;
  /** Of them, children the store already held, continued from their stored stage. */
  continued: number;
  /** Stored children whose later events could not follow on by a move of the pathway. */
  gaps: ContinuationGap[];
  report: Ssda903ImportReport;
}

interface Row {
  file: string;
  row: number;
  table: Ssda903TableReport;
  outcome?: RowOutcome;
  field?: string;
  reason?: string;
  /** The record read from XML, told the outcome too (its elements are reported by it). */
  source?: Ssda903Record;
}

interface Episode extends Row {
  child: string;
  start: string;
  end?: string;
  rne: string;
  rec?: string;
  ls?: string;
  place?: string;
  need?: string;
  year: number;
}

const EPISODE_COLUMNS = ['CHILD', 'DECOM', 'RNE', 'LS', 'PLACE', 'DEC', 'REC'];
/** Coded fields of an episode, checked for personal data on the raw value before it is read as a code. */
const CODE_FIELDS = ['RNE', 'LS', 'CIN', 'PLACE', 'REC'];
const NOT_STORED_COLUMNS = new Set([
  'HOME_POST',
  'PL_POST',
  'URN',
  'PLACE_PROVIDER',
  'REASON_PLACE_CHANGE',
  'UPN',
  'DOB',
  'MOTHER',
  'MC_DOB',
  'ETHNIC',
]);

const list = <T>(x: T | readonly T[] | undefined): readonly T[] =>
  x === undefined ? [] : Array.isArray(x) ? (x as readonly T[]) : [x as T];

/**
 * Reads SSDA903 episodes (with the header and care leavers tables when given) into canonical
 * events: episodes chained into periods of care (`REC` `X1` continues a period), each period a
 * looked-after stay entered with its first episode's legal status, placement type and need, and
 * left at its last episode's end with the reason (`REC`) as closure reason, to the care leaver stage
 * when the care leavers table lists the child. A move the pathway lacks (a second period after a
 * closure) is flagged or rejected (`outsidePathway`), never bridged. Several authorities (an `LA` column) are kept apart; a
 * `YEAR` column orders repeated returns (the later wins). Postcodes, URNs, UPNs and birth dates are
 * never read into the events. Children the store already holds (`stored`) continue from their
 * stored stage, and the rows behind the events the store has are counted merged.
 */
export function importSsda903(input: Ssda903Input, options: Ssda903ImportOptions): Ssda903ImportResult {
  const pathway = options.pathway ?? compile(defaultPathway);
  const option = options.outsidePathway ?? 'flag';
  for (const stage of ['looked_after', 'closed']) {
    if (!pathway.stageIndex.has(stage)) throw new Error(`the pathway has no stage "${stage}" for SSDA903`);
  }
  const tables: Ssda903TableReport[] = [];
  const notes: { file: string; row: number; field: string; note: string }[] = [];
  // Rows in the order their first verdict came: counted and reported once every case is continued.
  const settled: Row[] = [];
  const mark = (row: Row, outcome: RowOutcome, field: string, reason: string) => {
    row.outcome = outcome;
    row.field = field;
    row.reason = reason;
    if (row.source) {
      row.source.outcome = outcome;
      if (reason !== '') row.source.reason = field === '' ? reason : `${field}: ${reason}`;
    }
  };
  const settle = (row: Row, outcome: RowOutcome, field = '', reason = '') => {
    if (row.outcome) return;
    mark(row, outcome, field, reason);
    settled.push(row);
  };
  const readTable = (file: Ssda903File, table: Ssda903TableReport['table'], required: readonly string[]) => {
    const report: Ssda903TableReport = {
      file: file.name,
      table,
      rowsRead: 0,
      counts: { imported: 0, merged: 0, outside_pathway: 0, rejected: 0 },
      notStored: [],
    };
    tables.push(report);
    if ('records' in file) {
      // Read from XML: each element's fields checked row by row (a missing one is that row's problem).
      report.notStored = [...file.notStored];
      report.rowsRead = file.records.length;
      return file.records.map((r) => ({
        values: r.values,
        row: { file: file.name, row: r.row, table: report, source: r } as Row,
      }));
    }
    const read = readSsda903Csv(file.csv);
    if ('problem' in read) {
      report.problem = read.problem;
      return [];
    }
    const { columns } = read;
    report.notStored = columns.filter((c) => NOT_STORED_COLUMNS.has(c));
    report.rowsRead = read.rows.length;
    const missing = required.filter((c) => read.rows.length > 0 && !columns.includes(c));
    const rows = read.rows.map(({ values, line }) => ({
      values,
      row: { file: file.name, row: line, table: report } as Row,
    }));
    if (missing.length > 0) {
      report.problem = `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
      for (const r of rows)
        settle(r.row, 'rejected', missing.join(', '), `the table has no ${missing.join(', ')} column`);
      return [];
    }
    // A row whose fields do not line up with the columns is rejected, never read from the wrong place.
    return rows.filter((r, i) => {
      const { misfit } = read.rows[i]!;
      if (misfit) settle(r.row, 'rejected', '', misfit);
      return !misfit;
    });
  };
  /** The child key: the LA child id, kept apart per authority when the table names one. */
  const keyOf = (values: Record<string, string>) => {
    const child = (values.CHILD ?? '').trim();
    const la = (values.LA ?? '').trim();
    return child === '' ? '' : la === '' ? child : `${la}/${child}`;
  };

  // Header: sex and birth date per child (the date only to give the age band).
  const person = new Map<string, { sex?: string; dob?: string; row: Row }>();
  for (const file of list(input.header)) {
    for (const { values, row } of readTable(file, 'header', ['CHILD'])) {
      const key = keyOf(values);
      if (key === '') settle(row, 'rejected', 'CHILD', 'no child id');
      else if (person.has(key)) settle(row, 'merged', 'CHILD', 'the child is already in a header row');
      else {
        const sex = SEX_CODES[(values.SEX ?? '').trim()];
        // Given but not a code: said so, never dropped unsaid (and never shown).
        if (!sex && (values.SEX ?? '').trim() !== '')
          notes.push({
            file: row.file,
            row: row.row,
            field: 'SEX',
            note: 'not a code of the return (1 or 2); left out, the value is not shown',
          });
        const dob = returnDate(values.DOB);
        person.set(key, { ...(sex ? { sex } : {}), ...(dob ? { dob } : {}), row });
      }
    }
  }
  const leavers = new Map<string, Row>();
  for (const file of list(input.careLeavers)) {
    for (const { values, row } of readTable(file, 'careLeavers', ['CHILD'])) {
      const key = keyOf(values);
      if (key === '') settle(row, 'rejected', 'CHILD', 'no child id');
      else if (leavers.has(key)) settle(row, 'merged', 'CHILD', 'the child is already listed');
      else leavers.set(key, row);
    }
  }

  // Episodes, checked field by field.
  const byChild = new Map<string, Episode[]>();
  for (const file of list(input.episodes)) {
    for (const { values, row } of readTable(file, 'episodes', EPISODE_COLUMNS)) {
      const child = keyOf(values);
      const start = returnDate(values.DECOM);
      const rne = returnCode(values.RNE);
      const endRaw = (values.DEC ?? '').trim();
      const end = endRaw === '' ? undefined : returnDate(endRaw);
      const recRaw = (values.REC ?? '').trim();
      const rec = recRaw === '' ? undefined : returnCode(recRaw);
      const pii = CODE_FIELDS.find((f) => detectPii(values[f] ?? ''));
      const problem: [string, string] | undefined = pii
        ? [pii, `${detectPii(values[pii] ?? '')} (the value is not shown; only codes are imported)`]
        : child === ''
          ? ['CHILD', 'no child id']
          : !start
            ? ['DECOM', 'not a date (DD/MM/YYYY or YYYY-MM-DD)']
            : !rne || !RNE_CODES.has(rne)
              ? ['RNE', 'not a reason for new episode (S, L, P, T, U, B)']
              : endRaw !== '' && !end
                ? ['DEC', 'not a date (DD/MM/YYYY or YYYY-MM-DD)']
                : end !== undefined && end < start
                  ? ['DEC', 'before DECOM']
                  : recRaw !== '' && !rec
                    ? ['REC', 'not a reason for ending code']
                    : (end === undefined) !== (rec === undefined)
                      ? [end === undefined ? 'DEC' : 'REC', 'DEC and REC must be both given or both blank']
                      : undefined;
      if (problem) {
        settle(row, 'rejected', problem[0], problem[1]);
        continue;
      }
      const episode: Episode = { ...row, child, start: start!, rne: rne!, year: Number(values.YEAR) || 0 };
      if (end) episode.end = end;
      if (rec) episode.rec = rec;
      const ls = returnCode(values.LS);
      const place = returnCode(values.PLACE);
      const need = returnCode(values.CIN);
      if (ls) episode.ls = ls;
      if (place) episode.place = place;
      if (need && /^N[0-9]$/.test(need)) episode.need = need;
      // A coded field given but not read as a code is said so, never dropped unsaid.
      for (const [field, read] of [
        ['LS', episode.ls],
        ['PLACE', episode.place],
        ['CIN', episode.need],
      ] as const)
        if (read === undefined && (values[field] ?? '').trim() !== '')
          notes.push({
            file: row.file,
            row: row.row,
            field,
            note: `not a code of the return (${field === 'CIN' ? 'N and a digit' : 'a letter, then up to 3 letters or digits'}); left out, the value is not shown`,
          });
      byChild.set(child, [...(byChild.get(child) ?? []), episode]);
    }
  }

  const events: CanonicalEvent[] = [];
  const gaps: ContinuationGap[] = [];
  const outsidePathway: Record<string, number> = {};
  const rows: UnitOutcomes<Row> = {
    outcomeOf: (row) => row.outcome,
    settle: (row, outcome, reason) => mark(row, outcome, '', reason),
  };
  let periodsOfCare = 0;
  let cases = 0;
  let continued = 0;
  for (const [child, raw] of byChild) {
    // Repeated returns: one episode per start date, the latest return winning.
    const episodes: Episode[] = [];
    for (const e of [...raw].sort((a, b) => a.year - b.year)) {
      const same = episodes.findIndex((o) => o.start === e.start);
      if (same < 0) episodes.push(e);
      else {
        settle(
          episodes[same]!,
          'merged',
          'DECOM',
          'the same episode is in a later return (the later is kept)',
        );
        episodes[same] = e;
      }
    }
    episodes.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const periods: Episode[][] = [];
    let previous: Episode | undefined;
    for (const e of episodes) {
      if (previous && (previous.end === undefined || e.start < previous.end)) {
        const why =
          previous.end === undefined
            ? 'the previous episode has no end'
            : 'starts before the previous episode ended';
        settle(e, 'rejected', 'DECOM', `${why} (overlapping episodes)`);
        continue;
      }
      if (previous && previous.rec === CONTINUES_PERIOD) periods.at(-1)!.push(e);
      else periods.push([e]);
      previous = e;
    }
    const ref = options.pseudonymise(child);
    const caseEvents: CanonicalEvent[] = [];
    /** Parallel to caseEvents: the rows each event made (imported or outside the pathway). */
    const carried: Row[][] = [];
    /** Moves the pathway lacks, with the index of the flagged event made for each (none when rejected). */
    const caseOutside: { from: string; to: string; event?: number }[] = [];
    /** Settles a row as made by the last event, which carries it (a row can make several). */
    const carry = (row: Row, outcome: 'imported' | 'outside_pathway', field = '', reason = '') => {
      settle(row, outcome, field, reason);
      if (row.outcome === 'imported' || row.outcome === 'outside_pathway') carried.at(-1)!.push(row);
    };
    let current: string | undefined;
    const info = person.get(child);
    for (const period of periods) {
      const first = period[0]!;
      const last = period.at(-1)!;
      /** The one move rule's move: made, made flagged (no event), or refused with the reason. */
      const move = (
        target: string,
        at: string,
        attrs: Partial<Record<CodedAttribute, string>>,
      ): 'moved' | 'flagged' | { refused: string } => {
        let event = '';
        if (current !== undefined) {
          const m = recordedMove(pathway, current, target);
          if ('refused' in m) return m;
          if ('outside' in m) {
            if (option === 'reject') {
              caseOutside.push({ from: current, to: target });
              return { refused: outsidePathwayReason(current, target) };
            }
            caseOutside.push({ from: current, to: target, event: caseEvents.length });
          } else event = m.event;
        }
        const flagged = current !== undefined && event === '';
        const row: CanonicalEvent = { case_ref: ref, stage: target, entered_at: at, event };
        if (Object.keys(attrs).length > 0) row.attributes = attrs;
        caseEvents.push(row);
        carried.push([]);
        current = target;
        return flagged ? 'flagged' : 'moved';
      };
      const entry: Partial<Record<CodedAttribute, string>> = {};
      if (caseEvents.length === 0 && info?.sex) entry.sex = info.sex;
      if (caseEvents.length === 0 && info?.dob && info.dob <= first.start)
        entry.age_band = ageBandOf(yearsBetween(info.dob, first.start));
      if (first.ls) entry.legal_status = first.ls;
      if (first.place) entry.placement_type = first.place;
      if (first.need) entry.primary_need = first.need;
      const from = current;
      const entered = move('looked_after', first.start, entry);
      if (typeof entered === 'object') {
        for (const e of period) settle(e, 'rejected', 'DECOM', entered.refused);
        continue;
      }
      periodsOfCare++;
      if (entered === 'flagged')
        carry(
          first,
          'outside_pathway',
          'DECOM',
          `stored flagged: ${outsidePathwayReason(from!, 'looked_after')}`,
        );
      carry(first, 'imported');
      if (first.rne !== 'S') {
        notes.push({
          file: first.file,
          row: first.row,
          field: 'RNE',
          note: `the period of care starts with RNE ${first.rne}, not S`,
        });
      }
      let left = false;
      if (last.end !== undefined && last.rec !== CONTINUES_PERIOD) {
        const target = leavers.has(child) && pathway.stageIndex.has('care_leaver') ? 'care_leaver' : 'closed';
        const from = current!;
        const made = move(target, last.end, { closure_reason: last.rec! });
        left = typeof made === 'string';
        if (made === 'flagged')
          carry(last, 'outside_pathway', 'DEC', `stored flagged: ${outsidePathwayReason(from, target)}`);
        if (typeof made === 'object')
          notes.push({
            file: last.file,
            row: last.row,
            field: 'DEC',
            note: `${made.refused}: the stay stays open`,
          });
        if (left) carry(last, 'imported');
        if (left && target === 'care_leaver') carry(leavers.get(child)!, 'imported');
      } else if (last.rec === CONTINUES_PERIOD) {
        notes.push({
          file: last.file,
          row: last.row,
          field: 'REC',
          note: 'X1 with no later episode: the period stays open',
        });
      }
      for (const e of period.slice(1))
        settle(e, 'merged', 'RNE', 'a change within the period of care: the looked-after stay continues');
    }
    if (info && caseEvents.length === 0) settle(info.row, 'merged', 'CHILD', 'no event for the child');
    else if (info) {
      settle(info.row, 'imported');
      carried[0]!.push(info.row);
    }
    if (caseEvents.length > 0) cases++;
    const position = caseEvents.length > 0 ? options.stored?.get(ref) : undefined;
    if (position) continued++;
    const walk = { events: caseEvents, carried, outside: caseOutside };
    const written = continueWalk(walk, position, pathway, option, rows);
    if (written.gap) gaps.push(written.gap);
    events.push(...written.events);
    for (const move of written.outsideMoves) outsidePathway[move] = (outsidePathway[move] ?? 0) + 1;
  }
  for (const [, row] of person) settle(row.row, 'merged', 'CHILD', 'the child has no episode');
  for (const [, row] of leavers) settle(row, 'merged', 'CHILD', 'the child has no ended period of care');
  const lines: Ssda903ReportLine[] = [];
  for (const row of settled) {
    const outcome = row.outcome!;
    row.table.counts[outcome]++;
    if (outcome !== 'imported')
      lines.push({
        file: row.file,
        table: row.table.table,
        row: row.row,
        field: row.field!,
        outcome,
        reason: row.reason!,
      });
  }
  return {
    events,
    cases,
    continued,
    gaps,
    report: { tables, lines, notes, outsidePathway, periodsOfCare },
  };
}
