import type { CompiledPathway } from '@continuum/machines';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import { NAME_CODE_SQL } from '../repositories/NameRepository.ts';
import { type CaseEventRecord, toCase, toEvent } from '../repositories/rows.ts';
import type { WriteLock } from '../writeLock.ts';
import {
  CaseVersionChanged,
  type CaseWriteResult,
  type CaseWriter,
  type MoveCommand,
  type OpenCommand,
} from './CaseWriter.ts';
import { assertSameReplay, planMove } from './planMove.ts';

/**
 * SQLite writer: each write is one synchronous better-sqlite3 transaction (a savepoint inside a
 * group commit) of prepared statements, so it is atomic and serial by construction; the write lock
 * keeps it out of a running bulk ingest.
 */
export function sqliteCaseWriter(db: BetterSqlite3.Database, lock: WriteLock): CaseWriter {
  const s = {
    caseById: db.prepare('SELECT * FROM cases WHERE id = ?'),
    caseByRef: db.prepare('SELECT * FROM cases WHERE ref = ?'),
    eventByClient: db.prepare('SELECT * FROM case_events_named WHERE case_id = ? AND client_event_id = ?'),
    insertCase: db.prepare(
      `INSERT INTO cases (ref, pathway_version_id, stage, stage_entered_at, opened_at, closed_at, last_seq,
        last_occurred_at, created_at, age_band, sex, primary_need, abuse_category, legal_status, placement_type,
        referral_source, closure_reason, activity)
       VALUES (@ref, @pathway_version_id, @stage, @occurred_at, @occurred_at, @closed_at, 1, @occurred_at,
        @recorded_at, @age_band, @sex, @primary_need, @abuse_category, @legal_status, @placement_type,
        @referral_source, @closure_reason, @activity) RETURNING *`,
    ),
    closeInterval: db.prepare(
      `UPDATE stage_intervals SET exited_at = ?, next_code = ${NAME_CODE_SQL}, exit_event_code = ${NAME_CODE_SQL}
       WHERE case_id = ? AND exited_at IS NULL`,
    ),
    openInterval: db.prepare(
      `INSERT INTO stage_intervals (case_id, stage_code, entered_at, entry_event_code) VALUES (?, ${NAME_CODE_SQL}, ?, ${NAME_CODE_SQL})`,
    ),
    audit: db.prepare(
      'INSERT INTO audit_log (at, token_id, role, action, case_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateCase: db.prepare(
      `UPDATE cases SET stage = ?, stage_entered_at = ?, closed_at = ?, last_seq = ?, last_occurred_at = ?
       WHERE id = ?`,
    ),
    // A write knows every value of its event row but the id: no RETURNING row to build and convert.
    appendEvent: db.prepare(
      `INSERT INTO case_events (case_id, seq, occurred_at, recorded_at, event_code, from_code, to_code, client_event_id)
       VALUES (?, ?, ?, ?, ${NAME_CODE_SQL}, ${NAME_CODE_SQL}, ${NAME_CODE_SQL}, ?)`,
    ),
  };

  const audit = (
    actor: OpenCommand['actor'],
    action: string,
    caseId: number,
    at: number,
    detail: unknown,
  ) => {
    if (actor) s.audit.run(at, actor.tokenId, actor.role, action, caseId, JSON.stringify(detail));
  };

  const open = db.transaction((c: OpenCommand): CaseWriteResult => {
    const existing = s.caseByRef.get(c.ref) as Record<string, unknown> | undefined;
    if (existing) {
      const original = c.clientEventId ? s.eventByClient.get(existing.id, c.clientEventId) : undefined;
      if (original) {
        audit(c.actor, 'case.open.replay', Number(existing.id), c.recordedAt, {
          clientEventId: c.clientEventId,
        });
        return { case: toCase(existing), event: toEvent(original as never), replayed: true };
      }
      throw new StoreError('case_exists', 'A case with this reference already exists.', 'caseRef', {
        caseId: Number(existing.id),
      });
    }
    const row = s.insertCase.get({
      ...c.attributes,
      ref: c.ref,
      pathway_version_id: c.pathwayVersionId,
      stage: c.stage,
      occurred_at: c.occurredAt,
      closed_at: c.terminal ? c.occurredAt : null,
      recorded_at: c.recordedAt,
    }) as Record<string, unknown>;
    const caseId = Number(row.id);
    const eventId = s.appendEvent.run(
      caseId,
      1,
      c.occurredAt,
      c.recordedAt,
      null,
      null,
      c.stage,
      c.clientEventId,
    ).lastInsertRowid;
    s.openInterval.run(caseId, c.stage, c.occurredAt, null);
    audit(c.actor, 'case.open', caseId, c.recordedAt, { stage: c.stage });
    const event: CaseEventRecord = {
      id: Number(eventId),
      caseId,
      seq: 1,
      occurredAt: c.occurredAt,
      recordedAt: c.recordedAt,
      event: null,
      fromStage: null,
      toStage: c.stage,
      clientEventId: c.clientEventId,
    };
    return { case: toCase(row), event, replayed: false };
  });

  const move = db.transaction((pathway: CompiledPathway, c: MoveCommand): CaseWriteResult => {
    const current = s.caseById.get(c.caseId) as Record<string, unknown> | undefined;
    if (!current) throw new StoreError('case_not_found', 'No such case.', 'caseId');
    if (Number(current.pathway_version_id) !== c.pathwayVersionId) {
      throw new CaseVersionChanged(Number(current.pathway_version_id));
    }
    if (c.clientEventId) {
      const original = s.eventByClient.get(c.caseId, c.clientEventId) as
        | { event: string | null; to_stage: string }
        | undefined;
      if (original) {
        assertSameReplay(original, c);
        audit(c.actor, 'case.move.replay', c.caseId, c.recordedAt, { clientEventId: c.clientEventId });
        return { case: toCase(current), event: toEvent(original as never), replayed: true };
      }
    }
    const state = toCase(current);
    const plan = planMove(pathway, state, c);
    const eventId = s.appendEvent.run(
      c.caseId,
      plan.seq,
      plan.occurredAt,
      c.recordedAt,
      plan.event,
      plan.fromStage,
      plan.toStage,
      c.clientEventId,
    ).lastInsertRowid;
    if (plan.changesStage) {
      s.closeInterval.run(plan.occurredAt, plan.toStage, plan.event, c.caseId);
      s.openInterval.run(c.caseId, plan.toStage, plan.occurredAt, plan.event);
    }
    state.stage = plan.toStage;
    if (plan.changesStage) {
      state.stageEnteredAt = plan.occurredAt;
      state.closedAt = plan.terminal ? plan.occurredAt : null;
    }
    state.lastSeq = plan.seq;
    state.lastOccurredAt = plan.occurredAt;
    s.updateCase.run(
      state.stage,
      state.stageEnteredAt,
      state.closedAt,
      state.lastSeq,
      state.lastOccurredAt,
      c.caseId,
    );
    audit(c.actor, 'case.move', c.caseId, c.recordedAt, {
      event: plan.event,
      from: plan.fromStage,
      to: plan.toStage,
    });
    const event: CaseEventRecord = {
      id: Number(eventId),
      caseId: c.caseId,
      seq: plan.seq,
      occurredAt: plan.occurredAt,
      recordedAt: c.recordedAt,
      event: plan.event,
      fromStage: plan.fromStage,
      toStage: plan.toStage,
      clientEventId: c.clientEventId,
    };
    return { case: state, event, replayed: false };
  });

  // Group commit: writes that arrive while the event loop is busy (concurrent requests) run in one
  // transaction, each in its own savepoint (a nested better-sqlite3 transaction), so one failing
  // write rolls back only itself. Every caller is answered after the shared COMMIT, so what it is
  // told is durable exactly as before; the batch saves a commit (WAL frame writes) per write.
  interface Job {
    run: () => CaseWriteResult;
    resolve: (r: CaseWriteResult) => void;
    reject: (e: unknown) => void;
  }
  let pending: Job[] = [];
  let scheduled = false;
  const outcomes: ({ ok: true; value: CaseWriteResult } | { ok: false; error: unknown })[] = [];
  const batch = db.transaction((jobs: Job[]) => {
    outcomes.length = 0;
    for (const job of jobs) {
      try {
        outcomes.push({ ok: true, value: job.run() });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
  });
  const flush = () => {
    scheduled = false;
    const jobs = pending;
    pending = [];
    if (jobs.length === 0) return;
    try {
      batch(jobs);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    const results = outcomes.slice();
    jobs.forEach((job, i) => {
      const o = results[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  };
  const enqueue = (run: () => CaseWriteResult) =>
    new Promise<CaseWriteResult>((resolve, reject) => {
      pending.push({ run, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        // After the I/O phase, so the requests that arrived together share the transaction.
        setImmediate(() => {
          lock.run(flush).catch(() => undefined);
        });
      }
    });

  return {
    open: (c) => enqueue(() => open(c)),
    move: (pathway, c) => enqueue(() => move(pathway, c)),
  };
}
