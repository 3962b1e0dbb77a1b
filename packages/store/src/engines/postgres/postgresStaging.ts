import { CODED_ATTRIBUTES } from '../../schema.ts';
import type { CopyType } from './copyRows.ts';

/** A table an ingest COPies rows into: its name and its columns with their types. */
export interface CopyTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly types: readonly CopyType[];
}

function table(name: string, columns: [string, CopyType][]): CopyTable {
  return { name, columns: columns.map(([c]) => c), types: columns.map(([, t]) => t) };
}

const attributeColumns = CODED_ATTRIBUTES.map((a): [string, CopyType] => [a, 'text']);
// Where a case is and its attributes: what a new case's row and a final update share.
const stateColumns: [string, CopyType][] = [
  ['stage', 'text'],
  ['stage_entered_at', 'bigint'],
  ['closed_at', 'bigint'],
  ['last_seq', 'integer'],
  ['last_occurred_at', 'bigint'],
  ...attributeColumns,
];

/**
 * The real tables whose new rows an ingest COPies straight in (inside its transaction): new cases,
 * their events and their stays, with the columns it writes (ids of events and stays come from their
 * identity columns, in the order the rows are sent).
 */
export const DIRECT = {
  cases: table('cases', [
    ['id', 'bigint'],
    ['ref', 'text'],
    ['pathway_version_id', 'bigint'],
    ['opened_at', 'bigint'],
    ['created_at', 'bigint'],
    ...stateColumns,
  ]),
  events: table('case_events', [
    ['case_id', 'bigint'],
    ['seq', 'integer'],
    ['occurred_at', 'bigint'],
    ['recorded_at', 'bigint'],
    ['event_code', 'integer'],
    ['from_code', 'integer'],
    ['to_code', 'integer'],
    ['client_event_id', 'text'],
    ['outside_pathway', 'integer'],
  ]),
  stays: table('stage_intervals', [
    ['case_id', 'bigint'],
    ['stage_code', 'integer'],
    ['entered_at', 'bigint'],
    ['exited_at', 'bigint'],
    ['next_code', 'integer'],
    ['exit_event_code', 'integer'],
    ['entry_event_code', 'integer'],
  ]),
} as const;

/**
 * The per-ingest staging tables (temporary, so private to the ingest's connection, never
 * WAL-logged, and dropped at its commit or rollback): what changes stored rows is COPied into them
 * and applied with set-based statements (see mergeSql, undoSql), and what the set-based integrity
 * check needs is kept there until commit (see integritySql).
 */
export const STAGING = {
  closes: table('continuum_ingest_closes', [
    ['id', 'bigint'],
    ['exited_at', 'bigint'],
    ['next_code', 'integer'],
    ['exit_event_code', 'integer'],
  ]),
  caseUpdates: table('continuum_ingest_case_updates', [['id', 'bigint'], ...stateColumns]),
  undo: table('continuum_ingest_undo', [
    ['case_id', 'bigint'],
    ['events_after_seq', 'integer'],
    ['stays_after_id', 'bigint'],
    ['reopen_stay_id', 'bigint'],
    ['delete_case', 'boolean'],
  ]),
  // Without per-row foreign-key checks: every case id the events and stays reference (each once),
  // and every version new cases name, checked as one set before commit (see integritySql).
  written: table('continuum_ingest_written', [['case_id', 'bigint']]),
  versions: table('continuum_ingest_versions', [['version_id', 'bigint']]),
} as const;

/** The kinds of staged rows a batch can hold. */
export type StagingName = keyof typeof STAGING;

/** Creates every staging table for one ingest (inside its transaction; gone when it ends). */
export function createStagingSql(): string {
  return Object.values(STAGING)
    .map(
      (t) =>
        `CREATE TEMPORARY TABLE ${t.name} (${t.columns.map((c, i) => `${c} ${t.types[i]}`).join(', ')}) ON COMMIT DROP`,
    )
    .join(';\n');
}

// Above this many staged rows an UPDATE's join gets real statistics first (a temporary table is
// never analysed by autovacuum, and a guessed size could pick a scan of the whole real table).
const ANALYSE_ABOVE = 1000;

const setFrom = (t: CopyTable) =>
  t.columns
    .slice(1)
    .map((c) => `${c} = s.${c}`)
    .join(', ');

/**
 * One batch's changes to stored rows, as one multi-statement query (after the batch's new case rows
 * are in, before its events and stays): stored cases' open stays closed, then case rows brought to
 * their final state; then those staging tables are emptied.
 */
export function mergeSql(counts: Partial<Record<StagingName, number>>): string {
  const out: string[] = [];
  const merged = (['closes', 'caseUpdates'] as const).filter((k) => (counts[k] ?? 0) > 0);
  for (const k of merged) {
    const t = STAGING[k];
    if (counts[k]! > ANALYSE_ABOVE) out.push(`ANALYZE ${t.name}`);
    out.push(
      `UPDATE ${k === 'closes' ? 'stage_intervals' : 'cases'} AS r SET ${setFrom(t)} FROM ${t.name} AS s WHERE r.id = s.id`,
    );
  }
  if (merged.length > 0) out.push(`TRUNCATE ${merged.map((k) => STAGING[k].name).join(', ')}`);
  return out.join(';\n');
}

/** Removes what rejected cases wrote (partial mode), all at once from the staged undo plans. */
export function undoSql(count: number): string {
  const u = STAGING.undo.name;
  return [
    count > ANALYSE_ABOVE ? `ANALYZE ${u}` : '',
    `DELETE FROM case_events AS e USING ${u} AS u WHERE e.case_id = u.case_id AND e.seq > u.events_after_seq`,
    `DELETE FROM stage_intervals AS i USING ${u} AS u WHERE i.case_id = u.case_id AND i.id > u.stays_after_id`,
    `DELETE FROM cases AS c USING ${u} AS u WHERE c.id = u.case_id AND u.delete_case`,
    `UPDATE stage_intervals AS i SET exited_at = NULL, next_code = NULL, exit_event_code = NULL
       FROM ${u} AS u WHERE i.id = u.reopen_stay_id`,
  ]
    .filter(Boolean)
    .join(';\n');
}

/**
 * What the skipped per-row foreign-key checks would have enforced, checked once as sets before
 * commit: no event or stay of this ingest points at a missing case, and every version new cases
 * name exists (and is locked against deletion, as the per-row check's KEY SHARE lock would). Rows
 * come back only for a violation. The written ids without a case are found first, as one join
 * (MATERIALIZED keeps the planner from probing events and stays for every written id before the
 * join, which cost 187,306 probes in the 1,000,000-event benchmark; measured), and only those are
 * looked for among the events and stays (a case undone in partial mode left none).
 */
export function integritySql(): string {
  const { written, versions } = STAGING;
  return `WITH missing AS MATERIALIZED (
      SELECT w.case_id FROM ${written.name} AS w WHERE NOT EXISTS (SELECT 1 FROM cases AS c WHERE c.id = w.case_id))
    SELECT 'case' AS kind, m.case_id AS id FROM missing AS m
      WHERE EXISTS (SELECT 1 FROM case_events AS e WHERE e.case_id = m.case_id)
        OR EXISTS (SELECT 1 FROM stage_intervals AS i WHERE i.case_id = m.case_id)
    UNION ALL
    SELECT 'pathway version', v.version_id FROM (SELECT DISTINCT version_id FROM ${versions.name}) AS v
      WHERE NOT EXISTS (SELECT 1 FROM pathway_versions AS p WHERE p.id = v.version_id)
    LIMIT 1;
    SELECT id FROM pathway_versions WHERE id IN (SELECT version_id FROM ${versions.name}) FOR KEY SHARE`;
}
