import type { CompiledPathway } from '@continuum/machines';
import type { Kysely, Transaction } from 'kysely';
import { StoreError } from '../errors.ts';
import { nameCode } from '../repositories/NameRepository.ts';
import { toCase, toEvent } from '../repositories/rows.ts';
import type { Database } from '../schema.ts';
import {
  CaseVersionChanged,
  type CaseWriteResult,
  type CaseWriter,
  type MoveCommand,
  type OpenCommand,
} from './CaseWriter.ts';
import { assertSameReplay, planMove } from './planMove.ts';

const RETRYABLE = new Set(['40001', '40P01']);

/**
 * PostgreSQL writer: one transaction per write; the case row is locked (`SELECT ... FOR UPDATE`)
 * so concurrent moves of one case queue up and the sequence stays gapless; several API processes
 * can share the database. Serialisation failures and deadlocks are retried.
 */
export function postgresCaseWriter(db: Kysely<Database>): CaseWriter {
  const audit = async (
    trx: Transaction<Database>,
    actor: OpenCommand['actor'],
    action: string,
    caseId: number,
    at: number,
    detail: unknown,
  ) => {
    if (!actor) return;
    await trx
      .insertInto('audit_log')
      .values({
        at,
        token_id: actor.tokenId,
        role: actor.role,
        action,
        case_id: caseId,
        detail: JSON.stringify(detail),
      })
      .execute();
  };
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

  return {
    open: (c: OpenCommand) =>
      withRetry(async (trx): Promise<CaseWriteResult> => {
        const inserted = await trx
          .insertInto('cases')
          .values({
            ...c.attributes,
            ref: c.ref,
            pathway_version_id: c.pathwayVersionId,
            stage: c.stage,
            stage_entered_at: c.occurredAt,
            opened_at: c.occurredAt,
            closed_at: c.terminal ? c.occurredAt : null,
            last_seq: 1,
            last_occurred_at: c.occurredAt,
            created_at: c.recordedAt,
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
          const original = c.clientEventId
            ? await trx
                .selectFrom('case_events_named')
                .selectAll()
                .where('case_id', '=', existing.id)
                .where('client_event_id', '=', c.clientEventId)
                .executeTakeFirst()
            : undefined;
          if (original) {
            await audit(trx, c.actor, 'case.open.replay', Number(existing.id), c.recordedAt, {
              clientEventId: c.clientEventId,
            });
            return { case: toCase(existing), event: toEvent(original), replayed: true };
          }
          throw new StoreError('case_exists', 'A case with this reference already exists.', 'caseRef', {
            caseId: Number(existing.id),
          });
        }
        const event = await trx
          .insertInto('case_events')
          .values({
            case_id: inserted.id,
            seq: 1,
            occurred_at: c.occurredAt,
            recorded_at: c.recordedAt,
            event_code: null,
            from_code: null,
            to_code: nameCode(c.stage),
            client_event_id: c.clientEventId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('stage_intervals')
          .values({ case_id: inserted.id, stage_code: nameCode(c.stage), entered_at: c.occurredAt })
          .execute();
        await audit(trx, c.actor, 'case.open', Number(inserted.id), c.recordedAt, { stage: c.stage });
        const named = { ...event, event: null, from_stage: null, to_stage: c.stage };
        return { case: toCase(inserted), event: toEvent(named), replayed: false };
      }),

    move: (pathway: CompiledPathway, c: MoveCommand) =>
      withRetry(async (trx): Promise<CaseWriteResult> => {
        const current = await trx
          .selectFrom('cases')
          .selectAll()
          .where('id', '=', c.caseId)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw new StoreError('case_not_found', 'No such case.', 'caseId');
        if (Number(current.pathway_version_id) !== c.pathwayVersionId) {
          throw new CaseVersionChanged(Number(current.pathway_version_id));
        }
        if (c.clientEventId) {
          const original = await trx
            .selectFrom('case_events_named')
            .selectAll()
            .where('case_id', '=', c.caseId)
            .where('client_event_id', '=', c.clientEventId)
            .executeTakeFirst();
          if (original) {
            assertSameReplay(original, c);
            await audit(trx, c.actor, 'case.move.replay', c.caseId, c.recordedAt, {
              clientEventId: c.clientEventId,
            });
            return { case: toCase(current), event: toEvent(original), replayed: true };
          }
        }
        const state = toCase(current);
        const plan = planMove(pathway, state, c);
        const event = await trx
          .insertInto('case_events')
          .values({
            case_id: c.caseId,
            seq: plan.seq,
            occurred_at: plan.occurredAt,
            recorded_at: c.recordedAt,
            event_code: nameCode(plan.event),
            from_code: nameCode(plan.fromStage),
            to_code: nameCode(plan.toStage),
            client_event_id: c.clientEventId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (plan.changesStage) {
          await trx
            .updateTable('stage_intervals')
            .set({
              exited_at: plan.occurredAt,
              next_code: nameCode(plan.toStage),
              exit_event_code: nameCode(plan.event),
            })
            .where('case_id', '=', c.caseId)
            .where('exited_at', 'is', null)
            .execute();
          await trx
            .insertInto('stage_intervals')
            .values({
              case_id: c.caseId,
              stage_code: nameCode(plan.toStage),
              entered_at: plan.occurredAt,
              entry_event_code: nameCode(plan.event),
            })
            .execute();
        }
        const row = await trx
          .updateTable('cases')
          .set({
            stage: plan.toStage,
            stage_entered_at: plan.changesStage ? plan.occurredAt : state.stageEnteredAt,
            closed_at: plan.changesStage ? (plan.terminal ? plan.occurredAt : null) : state.closedAt,
            last_seq: plan.seq,
            last_occurred_at: plan.occurredAt,
          })
          .where('id', '=', c.caseId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(trx, c.actor, 'case.move', c.caseId, c.recordedAt, {
          event: plan.event,
          from: plan.fromStage,
          to: plan.toStage,
        });
        const named = { ...event, event: plan.event, from_stage: plan.fromStage, to_stage: plan.toStage };
        return { case: toCase(row), event: toEvent(named), replayed: false };
      }),
  };
}
