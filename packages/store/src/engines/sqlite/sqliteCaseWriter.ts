import type { CompiledPathway } from '@continuum/machines';
import type BetterSqlite3 from 'better-sqlite3';
import type { CaseWriteResult, CaseWriter, MoveCommand, OpenCommand } from '../../cases/CaseWriter.ts';
import {
  type AuditRow,
  type CaseReplay,
  type CaseWritePlan,
  isReplay,
  openingReplay,
  planCaseMove,
  planOpening,
  writtenResult,
} from '../../cases/CaseWritePlan.ts';
import { NAME_CODE_SQL } from '../../repositories/NameRepository.ts';
import { type CaseRecord, toCase } from '../../repositories/rows.ts';
import type { WriteLock } from '../WriteLock.ts';

/**
 * SQLite writer: executes each CaseWritePlan as one synchronous better-sqlite3 transaction (a
 * savepoint inside a group commit) of prepared statements, so it is atomic and serial by
 * construction; the write lock keeps it out of a running bulk ingest.
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
        @referral_source, @closure_reason, @activity) ON CONFLICT (ref) DO NOTHING RETURNING *`,
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

  /** Executes a plan's rows in order; the case row is already inserted or read. */
  const execute = (plan: CaseWritePlan, after: CaseRecord): CaseWriteResult => {
    const caseId = after.id;
    const e = plan.event;
    const eventId = s.appendEvent.run(
      caseId,
      e.seq,
      e.occurredAt,
      e.recordedAt,
      e.event,
      e.fromStage,
      e.toStage,
      e.clientEventId,
    ).lastInsertRowid;
    if (plan.closeStay) {
      const x = plan.closeStay;
      s.closeInterval.run(x.exitedAt, x.nextStage, x.exitEvent, caseId);
    }
    if (plan.openStay) {
      const x = plan.openStay;
      s.openInterval.run(caseId, x.stage, x.enteredAt, x.entryEvent);
    }
    if (!plan.newCase) {
      s.updateCase.run(
        after.stage,
        after.stageEnteredAt,
        after.closedAt,
        after.lastSeq,
        after.lastOccurredAt,
        caseId,
      );
    }
    audit(plan.audit, caseId);
    return writtenResult(plan, after, Number(eventId));
  };
  const audit = (row: AuditRow | undefined, caseId: number) => {
    if (row) s.audit.run(row.at, row.tokenId, row.role, row.action, caseId, row.detail);
  };
  const replay = ({ result, audit: row }: CaseReplay): CaseWriteResult => {
    audit(row, result.case.id);
    return result;
  };

  const open = db.transaction((c: OpenCommand): CaseWriteResult => {
    const plan = planOpening(c);
    const n = plan.newCase!;
    const row = s.insertCase.get({
      ...n.attributes,
      ref: n.ref,
      pathway_version_id: n.pathwayVersionId,
      stage: n.stage,
      occurred_at: n.occurredAt,
      closed_at: n.closedAt,
      recorded_at: n.recordedAt,
    }) as Record<string, unknown> | undefined;
    if (!row) {
      const existing = s.caseByRef.get(c.ref) as Record<string, unknown>;
      const original = c.clientEventId ? s.eventByClient.get(existing.id, c.clientEventId) : undefined;
      return replay(openingReplay(existing, original as Record<string, unknown> | undefined, c));
    }
    return execute(plan, toCase(row));
  });

  const move = db.transaction((pathway: CompiledPathway, c: MoveCommand): CaseWriteResult => {
    const current = s.caseById.get(c.caseId) as Record<string, unknown> | undefined;
    const original = current && c.clientEventId ? s.eventByClient.get(c.caseId, c.clientEventId) : undefined;
    const decision = planCaseMove(pathway, current, original as Record<string, unknown> | undefined, c);
    return isReplay(decision) ? replay(decision) : execute(decision, decision.after!);
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
