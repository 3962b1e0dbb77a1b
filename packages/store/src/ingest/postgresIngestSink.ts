import { type ControlledTransaction, sql } from 'kysely';
import { toCaseState } from '../repositories/rows.ts';
import { CODED_ATTRIBUTES, type Database } from '../schema.ts';
import type { Store } from '../store.ts';
import type { CaseRun, ExistingCase } from './CaseRun.ts';
import type { IngestSink, PendingEvent, PendingInterval } from './IngestSink.ts';

const FLUSH_AT = 2000;
const CHUNK = 1000;

/**
 * PostgreSQL ingest: one transaction on one pooled connection; new cases, events and stays are
 * buffered and written in multi-row inserts of 1,000; existing cases are locked when first met.
 */
export function postgresIngestSink(store: Store): IngestSink {
  let trx: ControlledTransaction<Database> | undefined;
  let cases: CaseRun[] = [];
  let events: PendingEvent[] = [];
  let intervals: PendingInterval[] = [];
  let closes: { id: number; exitedAt: number; nextCode: number; exitEventCode: number }[] = [];
  const recordedAt = Date.now();
  const t = () => trx!;

  const flush = async () => {
    for (let i = 0; i < cases.length; i += CHUNK) {
      const chunk = cases.slice(i, i + CHUNK);
      const rows = await t()
        .insertInto('cases')
        .values(
          chunk.map((r) => ({
            ...r.attributes,
            ref: r.ref,
            pathway_version_id: r.pathwayVersionId,
            stage: r.pathway.stages[r.stage]!,
            stage_entered_at: r.stageEnteredAt,
            opened_at: r.openedAt,
            closed_at: r.closedAt,
            last_seq: r.seq,
            last_occurred_at: r.lastOccurredAt,
            created_at: recordedAt,
          })),
        )
        .returning(['id', 'ref'])
        .execute();
      const ids = new Map(rows.map((row) => [row.ref, Number(row.id)]));
      for (const r of chunk) r.id = ids.get(r.ref);
    }
    cases = [];
    for (let i = 0; i < events.length; i += CHUNK) {
      await t()
        .insertInto('case_events')
        .values(
          events.slice(i, i + CHUNK).map((e) => ({
            case_id: e.run.id!,
            seq: e.seq,
            occurred_at: e.occurredAt,
            recorded_at: recordedAt,
            event_code: e.eventCode,
            from_code: e.fromCode,
            to_code: e.toCode,
            client_event_id: e.clientEventId,
          })),
        )
        .execute();
    }
    events = [];
    for (let i = 0; i < intervals.length; i += CHUNK) {
      await t()
        .insertInto('stage_intervals')
        .values(
          intervals.slice(i, i + CHUNK).map((x) => ({
            case_id: x.run.id!,
            stage_code: x.stageCode,
            entered_at: x.enteredAt,
            exited_at: x.exitedAt,
            next_code: x.nextCode,
            exit_event_code: x.exitEventCode,
            entry_event_code: x.entryEventCode,
          })),
        )
        .execute();
    }
    intervals = [];
    for (const c of closes) {
      await t()
        .updateTable('stage_intervals')
        .set({ exited_at: c.exitedAt, next_code: c.nextCode, exit_event_code: c.exitEventCode })
        .where('id', '=', c.id)
        .execute();
    }
    closes = [];
  };

  return {
    begin: async () => {
      trx = await store.db.startTransaction().execute();
    },
    lookupCase: async (ref: string): Promise<ExistingCase | undefined> => {
      const row = await t()
        .selectFrom('cases')
        .selectAll()
        .where('ref', '=', ref)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return undefined;
      const id = Number(row.id);
      const open = await t()
        .selectFrom('stage_intervals')
        .select('id')
        .where('case_id', '=', id)
        .where('exited_at', 'is', null)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const max = await t()
        .selectFrom('stage_intervals')
        .select((eb) => eb.fn.max('id').as('m'))
        .where('case_id', '=', id)
        .executeTakeFirst();
      const ids = await t()
        .selectFrom('case_events')
        .select('client_event_id')
        .where('case_id', '=', id)
        .where('client_event_id', 'is not', null)
        .execute();
      return {
        ...toCaseState(row),
        openIntervalId: open ? Number(open.id) : null,
        maxIntervalId: Number(max?.m ?? 0),
        clientEventIds: new Set(ids.map((r) => r.client_event_id!)),
      };
    },
    addCase: (run) => {
      cases.push(run);
    },
    addEvent: (run, seq, occurredAt, eventCode, fromCode, toCode, clientEventId) => {
      events.push({ run, seq, occurredAt, eventCode, fromCode, toCode, clientEventId });
    },
    addInterval: (run, stageCode, enteredAt, exitedAt, nextCode, exitEventCode, entryEventCode) => {
      intervals.push({ run, stageCode, enteredAt, exitedAt, nextCode, exitEventCode, entryEventCode });
    },
    closeStoredInterval: (run, exitedAt, nextCode, exitEventCode) => {
      closes.push({ id: run.existing!.openIntervalId!, exitedAt, nextCode, exitEventCode });
    },
    maybeFlush: () => (events.length >= FLUSH_AT ? flush() : undefined),
    flush,
    finishCases: async (runs) => {
      for (let i = 0; i < runs.length; i += 500) {
        const values = runs.slice(i, i + 500).map(
          (r) =>
            sql`(${r.id}::bigint, ${r.pathway.stages[r.stage]}::text, ${r.stageEnteredAt}::bigint, ${r.closedAt}::bigint,
              ${r.seq}::integer, ${r.lastOccurredAt}::bigint, ${sql.join(CODED_ATTRIBUTES.map((a) => sql`${r.attributes[a]}::text`))})`,
        );
        await sql`UPDATE cases AS c SET stage = v.stage, stage_entered_at = v.sea, closed_at = v.closed, last_seq = v.seq,
            last_occurred_at = v.last, ${sql.join(CODED_ATTRIBUTES.map((a) => sql`${sql.ref(a)} = ${sql.ref(`v.${a}`)}`))}
          FROM (VALUES ${sql.join(values)}) AS v(id, stage, sea, closed, seq, last, ${sql.join(CODED_ATTRIBUTES.map((a) => sql.ref(a)))})
          WHERE c.id = v.id`.execute(t());
      }
    },
    undoCase: async (run) => {
      if (run.id === undefined) return;
      const ex = run.existing;
      await t()
        .deleteFrom('case_events')
        .where('case_id', '=', run.id)
        .where('seq', '>', ex ? ex.lastSeq : 0)
        .execute();
      await t()
        .deleteFrom('stage_intervals')
        .where('case_id', '=', run.id)
        .where('id', '>', ex ? ex.maxIntervalId : 0)
        .execute();
      if (!ex) {
        await t().deleteFrom('cases').where('id', '=', run.id).execute();
      } else if (ex.openIntervalId !== null) {
        await t()
          .updateTable('stage_intervals')
          .set({ exited_at: null, next_code: null, exit_event_code: null })
          .where('id', '=', ex.openIntervalId)
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
