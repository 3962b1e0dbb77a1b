import { type ControlledTransaction, type Kysely, sql } from 'kysely';
import { type CaseRun, type ExistingCase, existingCase } from '../../../ingest/CaseRun.ts';
import { finalCaseWrite } from '../../../ingest/finalCaseWrite.ts';
import type { IngestSink, PendingEvent, PendingInterval } from '../../../ingest/IngestSink.ts';
import { undoPlan } from '../../../ingest/undoPlan.ts';
import { CODED_ATTRIBUTES, type Database } from '../../../schema.ts';

const FLUSH_AT = 5000;
const CHUNK = 5000;

/** A column to insert: name, PostgreSQL type, one value per row. */
type Column = [name: string, type: string, values: unknown[]];

/** Rows as one array parameter per column, `unnest(...) AS v(names)`: a few parameters to bind and parse, not thousands. */
function unnest(columns: Column[]) {
  const arrays = sql.join(columns.map(([, type, values]) => sql`${values}::${sql.raw(type)}[]`));
  return sql`unnest(${arrays}) AS v(${sql.join(columns.map(([name]) => sql.ref(name)))})`;
}

/** One INSERT of many rows (see unnest). */
function insertColumns<R = unknown>(table: string, columns: Column[], tail = sql``) {
  const names = sql.join(columns.map(([name]) => sql.ref(name)));
  return sql<R>`INSERT INTO ${sql.table(table)} (${names}) SELECT * FROM ${unnest(columns)}${tail}`;
}

/** Where each case is and its attributes: what the insert of a new case and the final update share. */
function stateColumns(chunk: CaseRun[]): Column[] {
  return [
    ['stage', 'text', chunk.map((r) => r.pathway.stages[r.stage])],
    ['stage_entered_at', 'bigint', chunk.map((r) => r.stageEnteredAt)],
    ['closed_at', 'bigint', chunk.map((r) => r.closedAt)],
    ['last_seq', 'integer', chunk.map((r) => r.seq)],
    ['last_occurred_at', 'bigint', chunk.map((r) => r.lastOccurredAt)],
    ...CODED_ATTRIBUTES.map((a): Column => [a, 'text', chunk.map((r) => r.attributes[a])]),
  ];
}

/** Rows waiting to be written together. */
interface Batch {
  cases: CaseRun[];
  events: PendingEvent[];
  intervals: PendingInterval[];
  closes: { id: number; exitedAt: number; nextCode: number; exitEventCode: number | null }[];
}

/**
 * The PostgreSQL ingest sink from before COPY (multi-row INSERT ... SELECT FROM unnest, 5,000 rows
 * per statement, per-row foreign-key checks), kept only as the reference whose stored rows the COPY
 * sink's are compared with in tests (postgresIngestSink.test.ts). Not used by the store.
 */
export function legacyUnnestIngestSink(db: Kysely<Database>): IngestSink {
  let trx: ControlledTransaction<Database> | undefined;
  let cases: CaseRun[] = [];
  let events: PendingEvent[] = [];
  let intervals: PendingInterval[] = [];
  let closes: Batch['closes'] = [];
  const recordedAt = Date.now();
  // Prefetched refs (null: not in the store) until lookupCase takes them.
  const known = new Map<string, ExistingCase | null>();
  /** Locks and reads the stored cases among refs, with their stays' ids and client event ids. */
  const prefetchCases = async (refs: string[]) => {
    for (let i = 0; i < refs.length; i += CHUNK) {
      const chunk = refs.slice(i, i + CHUNK);
      for (const ref of chunk) known.set(ref, null);
      const rows = await t().selectFrom('cases').selectAll().where('ref', 'in', chunk).forUpdate().execute();
      if (rows.length === 0) continue;
      const ids = rows.map((r) => Number(r.id));
      const stays = await t()
        .selectFrom('stage_intervals')
        .select((eb) => [
          'case_id',
          eb.fn.max('id').as('m'),
          eb.fn.max('id').filterWhere('exited_at', 'is', null).as('open'),
        ])
        .where('case_id', 'in', ids)
        .groupBy('case_id')
        .execute();
      const clientIds = await t()
        .selectFrom('case_events')
        .select(['case_id', 'client_event_id'])
        .where('case_id', 'in', ids)
        .where('client_event_id', 'is not', null)
        .execute();
      const stayOf = new Map(stays.map((x) => [Number(x.case_id), x]));
      const clientIdsOf = new Map<number, Set<string>>(ids.map((id) => [id, new Set()]));
      for (const c of clientIds) clientIdsOf.get(Number(c.case_id))!.add(c.client_event_id!);
      for (const row of rows) {
        const id = Number(row.id);
        const stay = stayOf.get(id);
        known.set(
          row.ref,
          existingCase(
            row,
            stay?.open == null ? null : Number(stay.open),
            Number(stay?.m ?? 0),
            clientIdsOf.get(id)!,
          ),
        );
      }
    }
  };
  const t = () => trx!;

  /** Writes one batch: new cases first (their ids come back), then their events and stays. */
  const write = async ({ cases, events, intervals, closes }: Batch) => {
    for (let i = 0; i < cases.length; i += CHUNK) {
      const chunk = cases.slice(i, i + CHUNK);
      // The rows carry each case's position now (read below, in this same tick).
      for (const r of chunk) r.settledSeq = r.seq;
      const { rows } = await insertColumns<{ id: number; ref: string }>(
        'cases',
        [
          ['ref', 'text', chunk.map((r) => r.ref)],
          ['pathway_version_id', 'bigint', chunk.map((r) => r.pathwayVersionId)],
          ['opened_at', 'bigint', chunk.map((r) => r.openedAt)],
          ['created_at', 'bigint', chunk.map(() => recordedAt)],
          ...stateColumns(chunk),
        ],
        sql` RETURNING id, ref`,
      ).execute(t());
      const ids = new Map(rows.map((row) => [row.ref, Number(row.id)]));
      for (const r of chunk) r.id = ids.get(r.ref);
    }
    for (let i = 0; i < events.length; i += CHUNK) {
      const chunk = events.slice(i, i + CHUNK);
      await insertColumns('case_events', [
        ['case_id', 'bigint', chunk.map((e) => e.run.id)],
        ['seq', 'integer', chunk.map((e) => e.seq)],
        ['occurred_at', 'bigint', chunk.map((e) => e.occurredAt)],
        ['recorded_at', 'bigint', chunk.map(() => recordedAt)],
        ['event_code', 'integer', chunk.map((e) => e.eventCode)],
        ['from_code', 'integer', chunk.map((e) => e.fromCode)],
        ['to_code', 'integer', chunk.map((e) => e.toCode)],
        ['client_event_id', 'text', chunk.map((e) => e.clientEventId)],
        ['outside_pathway', 'integer', chunk.map((e) => e.outsidePathway)],
      ]).execute(t());
    }
    for (let i = 0; i < intervals.length; i += CHUNK) {
      const chunk = intervals.slice(i, i + CHUNK);
      await insertColumns('stage_intervals', [
        ['case_id', 'bigint', chunk.map((x) => x.run.id)],
        ['stage_code', 'integer', chunk.map((x) => x.stageCode)],
        ['entered_at', 'bigint', chunk.map((x) => x.enteredAt)],
        ['exited_at', 'bigint', chunk.map((x) => x.exitedAt)],
        ['next_code', 'integer', chunk.map((x) => x.nextCode)],
        ['exit_event_code', 'integer', chunk.map((x) => x.exitEventCode)],
        ['entry_event_code', 'integer', chunk.map((x) => x.entryEventCode)],
      ]).execute(t());
    }
    for (const c of closes) {
      await t()
        .updateTable('stage_intervals')
        .set({ exited_at: c.exitedAt, next_code: c.nextCode, exit_event_code: c.exitEventCode })
        .where('id', '=', c.id)
        .execute();
    }
  };

  // One batch is written while the ingest reads and checks the next; a batch waits for the one
  // before it, so rows reach the database in order and at most two batches are held in memory.
  let writing: Promise<void> = Promise.resolve();
  const startWrite = () => {
    const batch: Batch = { cases, events, intervals, closes };
    cases = [];
    events = [];
    intervals = [];
    closes = [];
    const previous = writing;
    writing = previous.then(() => write(batch));
    // Awaited by the next maybeFlush or by flush; a failure is reported there, not lost.
    writing.catch(() => undefined);
    return previous;
  };

  return {
    begin: async () => {
      trx = await db.startTransaction().execute();
    },
    prefetchCases,
    lookupCase: async (ref: string): Promise<ExistingCase | undefined> => {
      if (!known.has(ref)) await prefetchCases([ref]);
      const found = known.get(ref);
      known.delete(ref);
      return found ?? undefined;
    },
    addCase: (run) => {
      cases.push(run);
    },
    addEvent: (run, seq, occurredAt, eventCode, fromCode, toCode, clientEventId, outsidePathway) => {
      events.push({ run, seq, occurredAt, eventCode, fromCode, toCode, clientEventId, outsidePathway });
    },
    addInterval: (run, stageCode, enteredAt, exitedAt, nextCode, exitEventCode, entryEventCode) => {
      intervals.push({ run, stageCode, enteredAt, exitedAt, nextCode, exitEventCode, entryEventCode });
    },
    closeStoredInterval: (run, exitedAt, nextCode, exitEventCode) => {
      closes.push({ id: run.existing!.openIntervalId!, exitedAt, nextCode, exitEventCode });
    },
    // Case rows are inserted at first sight here (their ids come from the database).
    settleCase: () => undefined,
    maybeFlush: () => (events.length >= FLUSH_AT ? startWrite() : undefined),
    flush: async () => {
      startWrite();
      await writing;
    },
    finishCases: async (all) => {
      // Every case row is written by the time the ingest finishes (flush): update those changed since.
      const runs = all.filter((r) => finalCaseWrite(r) === 'update');
      for (let i = 0; i < runs.length; i += CHUNK) {
        const chunk = runs.slice(i, i + CHUNK);
        const columns: Column[] = [['id', 'bigint', chunk.map((r) => r.id)], ...stateColumns(chunk)];
        const set = sql.join(
          columns.slice(1).map(([name]) => sql`${sql.ref(name)} = ${sql.ref(`v.${name}`)}`),
        );
        await sql`UPDATE cases AS c SET ${set} FROM ${unnest(columns)} WHERE c.id = v.id`.execute(t());
      }
    },
    undoCase: async (run) => {
      const undo = undoPlan(run);
      if (!undo) return;
      await t()
        .deleteFrom('case_events')
        .where('case_id', '=', undo.caseId)
        .where('seq', '>', undo.eventsAfterSeq)
        .execute();
      await t()
        .deleteFrom('stage_intervals')
        .where('case_id', '=', undo.caseId)
        .where('id', '>', undo.staysAfterId)
        .execute();
      if (undo.deleteCase) await t().deleteFrom('cases').where('id', '=', undo.caseId).execute();
      if (undo.reopenStayId !== null) {
        await t()
          .updateTable('stage_intervals')
          .set({ exited_at: null, next_code: null, exit_event_code: null })
          .where('id', '=', undo.reopenStayId)
          .execute();
      }
    },
    commit: async () => {
      await t().commit().execute();
    },
    rollback: async () => {
      if (trx && !trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
    },
  };
}
