import type { CompiledPathway } from '@continuum/machines';
import type { Kysely, Transaction } from 'kysely';
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
import { nameCode } from '../../repositories/NameRepository.ts';
import { type CaseRecord, toCase } from '../../repositories/rows.ts';
import type { Database } from '../../schema.ts';

const RETRYABLE = new Set(['40001', '40P01']);

/**
 * PostgreSQL writer: executes each CaseWritePlan in one transaction; the case row is locked
 * (`SELECT ... FOR UPDATE`) so concurrent moves of one case queue up and the sequence stays
 * gapless; several API processes can share the database. Serialisation failures and deadlocks are
 * retried.
 */
export function postgresCaseWriter(db: Kysely<Database>): CaseWriter {
  const withRetry = async <T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await db.transaction().execute(work);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt < 5 && code && RETRYABLE.has(code)) continue;
        throw error;
      }
    }
  };
  const audit = async (trx: Transaction<Database>, row: AuditRow | undefined, caseId: number) => {
    if (!row) return;
    await trx
      .insertInto('audit_log')
      .values({
        at: row.at,
        token_id: row.tokenId,
        role: row.role,
        action: row.action,
        case_id: caseId,
        detail: row.detail,
      })
      .execute();
  };
  const replay = async (trx: Transaction<Database>, { result, audit: row }: CaseReplay) => {
    await audit(trx, row, result.case.id);
    return result;
  };
  const originalEvent = (trx: Transaction<Database>, caseId: number, clientEventId: string | null) =>
    clientEventId
      ? trx
          .selectFrom('case_events_named')
          .selectAll()
          .where('case_id', '=', caseId)
          .where('client_event_id', '=', clientEventId)
          .executeTakeFirst()
      : undefined;

  /** Executes a plan's rows in order; the case row is already inserted or read (and locked). */
  const execute = async (
    trx: Transaction<Database>,
    plan: CaseWritePlan,
    after: CaseRecord,
  ): Promise<CaseWriteResult> => {
    const caseId = after.id;
    const e = plan.event;
    const { id } = await trx
      .insertInto('case_events')
      .values({
        case_id: caseId,
        seq: e.seq,
        occurred_at: e.occurredAt,
        recorded_at: e.recordedAt,
        event_code: nameCode(e.event),
        from_code: nameCode(e.fromStage),
        to_code: nameCode(e.toStage),
        client_event_id: e.clientEventId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (plan.closeStay) {
      const x = plan.closeStay;
      await trx
        .updateTable('stage_intervals')
        .set({
          exited_at: x.exitedAt,
          next_code: nameCode(x.nextStage),
          exit_event_code: nameCode(x.exitEvent),
        })
        .where('case_id', '=', caseId)
        .where('exited_at', 'is', null)
        .execute();
    }
    if (plan.openStay) {
      const x = plan.openStay;
      await trx
        .insertInto('stage_intervals')
        .values({
          case_id: caseId,
          stage_code: nameCode(x.stage),
          entered_at: x.enteredAt,
          entry_event_code: nameCode(x.entryEvent),
        })
        .execute();
    }
    if (!plan.newCase) {
      await trx
        .updateTable('cases')
        .set({
          stage: after.stage,
          stage_entered_at: after.stageEnteredAt,
          closed_at: after.closedAt,
          last_seq: after.lastSeq,
          last_occurred_at: after.lastOccurredAt,
        })
        .where('id', '=', caseId)
        .execute();
    }
    await audit(trx, plan.audit, caseId);
    return writtenResult(plan, after, Number(id));
  };

  return {
    open: (c: OpenCommand) =>
      withRetry(async (trx): Promise<CaseWriteResult> => {
        const plan = planOpening(c);
        const n = plan.newCase!;
        const inserted = await trx
          .insertInto('cases')
          .values({
            ...n.attributes,
            ref: n.ref,
            pathway_version_id: n.pathwayVersionId,
            stage: n.stage,
            stage_entered_at: n.occurredAt,
            opened_at: n.occurredAt,
            closed_at: n.closedAt,
            last_seq: 1,
            last_occurred_at: n.occurredAt,
            created_at: n.recordedAt,
          })
          .onConflict((oc) => oc.column('ref').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!inserted) {
          const existing = await trx
            .selectFrom('cases')
            .selectAll()
            .where('ref', '=', c.ref)
            .executeTakeFirstOrThrow();
          const original = await originalEvent(trx, Number(existing.id), c.clientEventId);
          return replay(trx, openingReplay(existing, original, c));
        }
        return execute(trx, plan, toCase(inserted));
      }),

    move: (pathway: CompiledPathway, c: MoveCommand) =>
      withRetry(async (trx): Promise<CaseWriteResult> => {
        const current = await trx
          .selectFrom('cases')
          .selectAll()
          .where('id', '=', c.caseId)
          .forUpdate()
          .executeTakeFirst();
        const original = current ? await originalEvent(trx, c.caseId, c.clientEventId) : undefined;
        const decision = planCaseMove(pathway, current, original, c);
        return isReplay(decision) ? replay(trx, decision) : execute(trx, decision, decision.after!);
      }),
  };
}
