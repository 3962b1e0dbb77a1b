import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { StoreError } from '../errors.ts';
import { NameRepository, nameCode } from '../repositories/NameRepository.ts';
import type { PathwayVersion } from '../repositories/PathwayRepository.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import type { Actor } from './CaseWriter.ts';

/** The event recorded on a case whose stage a move to another version changed (its timeline shows why; the stored name predates the rename). */
export const VERSION_MOVE_EVENT = 'pathway_migration';

/** Which cases move: those of one version of a pathway, onto another version of it. */
export interface MoveCasesToVersionInput {
  pathwayId: string;
  fromVersion: number;
  toVersion: number;
  /**
   * Old stage -> new stage. Needed for every stage that holds cases and is not in the new version;
   * a stage that is in both maps to itself unless mapped here.
   */
  stageMap?: Record<string, string> | undefined;
  /** Report what would happen and change nothing. */
  dryRun?: boolean | undefined;
  /** Also move closed cases (default: only open cases move; closed ones keep the version they closed under). */
  includeClosed?: boolean | undefined;
  /**
   * The number of cases the preview said would move; when given and the number is now different
   * (a stale or unconfirmed request), nothing moves and a `migration_unconfirmed` error says why.
   */
  expectedCases?: number | undefined;
  /** The preview's `confirmation`; when given it must still match (same moves, same counts). */
  confirmation?: string | undefined;
}

/** What a move to another version did (or, dry, would do): cases per (old stage -> new stage). */
export interface VersionMoveReport {
  pathwayId: string;
  fromVersion: number;
  toVersion: number;
  dryRun: boolean;
  /** Whether closed cases move too. */
  includeClosed: boolean;
  /** Cases that move (open ones, plus closed ones with includeClosed). */
  cases: number;
  /** Open and closed cases on fromVersion, whether or not they move. */
  openCases: number;
  closedCases: number;
  moves: { fromStage: string; toStage: string; cases: number }[];
  /** Echo it (with `expectedCases`) to confirm exactly this preview. */
  confirmation: string;
}

/**
 * Moves the cases of one pathway version (open ones; closed ones too with `includeClosed`) onto
 * another with an explicit stage mapping (published versions are immutable, so a case stays on its
 * version until moved); not a schema migration. Cases whose stage maps to another stage get a
 * `pathway_migration` event and their stay closed and a new one opened, exactly as a move would;
 * the rest only change version. One transaction: all cases or none.
 */
export async function moveCasesToVersion(
  store: Store,
  input: MoveCasesToVersionInput,
  actor: Actor | undefined,
  now = Date.now(),
): Promise<VersionMoveReport> {
  const from = await versionOf(store, input.pathwayId, input.fromVersion, 'fromVersion');
  const to = await versionOf(store, input.pathwayId, input.toVersion, 'toVersion');
  if (from.id === to.id) {
    throw new StoreError('invalid_value', 'fromVersion and toVersion must differ.', 'toVersion');
  }
  const oldStages = new Set(from.definition.stages.map((s) => s.id));
  const newStages = new Map(to.definition.stages.map((s) => [s.id, s]));
  // A Map, so a stage called e.g. "constructor" never reads an object's prototype.
  const stageMap = new Map(Object.entries(input.stageMap ?? {}));
  for (const [old, target] of stageMap) {
    if (!oldStages.has(old)) {
      throw new StoreError(
        'unknown_stage',
        `"${old}" is not a stage of version ${from.version}.`,
        `stageMap.${old}`,
      );
    }
    if (typeof target !== 'string' || !newStages.has(target)) {
      throw new StoreError(
        'unknown_stage',
        `"${String(target)}" is not a stage of version ${to.version}.`,
        `stageMap.${old}`,
        { stages: [...newStages.keys()] },
      );
    }
  }

  const includeClosed = input.includeClosed === true;
  // The cases that move: open ones, and closed ones only when asked.
  const moving = (db: Kysely<Database>) => {
    const all = db.selectFrom('cases').where('pathway_version_id', '=', from.id);
    return includeClosed ? all : all.where('closed_at', 'is', null);
  };
  const run = async (db: Kysely<Database>): Promise<VersionMoveReport> => {
    // Locks the cases so no move or ingest changes one between the counts and the writes.
    await store.adapter.lockCasesOfVersion(db, from.id);
    const totals = await db
      .selectFrom('cases')
      .select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.count('closed_at').as('closed')])
      .where('pathway_version_id', '=', from.id)
      .executeTakeFirst();
    const counts = await moving(db)
      .select(['stage', (eb) => eb.fn.countAll().as('n')])
      .groupBy('stage')
      .orderBy('stage')
      .execute();
    const moves = counts.map((c) => ({
      fromStage: c.stage,
      toStage: stageMap.get(c.stage) ?? (newStages.has(c.stage) ? c.stage : ''),
      cases: Number(c.n),
    }));
    const unmapped = moves.filter((m) => m.toStage === '').map((m) => m.fromStage);
    if (unmapped.length > 0) {
      throw new StoreError(
        'invalid_value',
        `Cases rest in ${unmapped.map((s) => `"${s}"`).join(', ')}, which version ${to.version} does not have; map ${unmapped.length === 1 ? 'it' : 'them'} in stageMap.`,
        'stageMap',
        { unmapped, stages: [...newStages.keys()] },
      );
    }
    const closedCases = Number(totals?.closed ?? 0);
    const cases = moves.reduce((n, m) => n + m.cases, 0);
    const report: VersionMoveReport = {
      pathwayId: input.pathwayId,
      fromVersion: from.version,
      toVersion: to.version,
      dryRun: input.dryRun === true,
      includeClosed,
      cases,
      openCases: Number(totals?.n ?? 0) - closedCases,
      closedCases,
      moves,
      confirmation: confirmationOf(input.pathwayId, from.version, to.version, includeClosed, moves),
    };
    if (report.dryRun) return report;
    const { expectedCases, confirmation } = input;
    if (
      (expectedCases !== undefined && expectedCases !== cases) ||
      (confirmation !== undefined && confirmation !== report.confirmation)
    ) {
      throw new StoreError(
        'migration_unconfirmed',
        `The preview you confirmed no longer matches: ${cases} case${cases === 1 ? '' : 's'} would move now` +
          (expectedCases !== undefined ? ` (you confirmed ${expectedCases})` : '') +
          '. Nothing was moved; preview again and confirm the new figures.',
        expectedCases !== undefined && expectedCases !== cases ? 'expectedCases' : 'confirmation',
        { expectedCases, cases, confirmation: report.confirmation },
      );
    }

    await NameRepository.add(db, [VERSION_MOVE_EVENT]);
    // The move happens now, but never before a case's last event (its log stays in order).
    const stamp = sql<number>`CAST(${now} AS bigint)`;
    const at = sql<number>`CASE WHEN last_occurred_at > ${stamp} THEN last_occurred_at ELSE ${stamp} END`;
    for (const m of moves) {
      if (m.toStage === m.fromStage) continue;
      const group = moving(db).where('stage', '=', m.fromStage);
      await db
        .insertInto('case_events')
        .columns(['case_id', 'seq', 'occurred_at', 'recorded_at', 'event_code', 'from_code', 'to_code'])
        .expression(
          group.select((eb) => [
            'id',
            eb('last_seq', '+', 1).as('seq'),
            at.as('occurred_at'),
            stamp.as('recorded_at'),
            nameCode(VERSION_MOVE_EVENT).as('event_code'),
            nameCode(m.fromStage).as('from_code'),
            nameCode(m.toStage).as('to_code'),
          ]),
        )
        .execute();
      await db
        .updateTable('stage_intervals')
        .set({
          exited_at: sql<number>`(SELECT ${at} FROM cases c WHERE c.id = stage_intervals.case_id)`,
          next_code: nameCode(m.toStage),
          exit_event_code: nameCode(VERSION_MOVE_EVENT),
        })
        .where('exited_at', 'is', null)
        .where('case_id', 'in', group.select('id'))
        .execute();
      await db
        .insertInto('stage_intervals')
        .columns(['case_id', 'stage_code', 'entered_at', 'entry_event_code'])
        .expression(
          group.select([
            'id',
            nameCode(m.toStage).as('stage_code'),
            at.as('entered_at'),
            nameCode(VERSION_MOVE_EVENT).as('e'),
          ]),
        )
        .execute();
      const terminal = newStages.get(m.toStage)!.terminal === true;
      const update = db
        .updateTable('cases')
        .set({
          stage: m.toStage,
          stage_entered_at: at,
          // A case mapped into a terminal stage is closed from now (or from before, if it already was).
          closed_at: terminal ? sql<number>`COALESCE(closed_at, ${at})` : null,
          last_seq: sql<number>`last_seq + 1`,
          last_occurred_at: at,
          pathway_version_id: to.id,
        })
        .where('pathway_version_id', '=', from.id)
        .where('stage', '=', m.fromStage);
      await (includeClosed ? update : update.where('closed_at', 'is', null)).execute();
    }
    const rest = db
      .updateTable('cases')
      .set({ pathway_version_id: to.id })
      .where('pathway_version_id', '=', from.id);
    await (includeClosed ? rest : rest.where('closed_at', 'is', null)).execute();
    if (actor) {
      await db
        .insertInto('audit_log')
        .values({
          at: now,
          token_id: actor.tokenId,
          role: actor.role,
          action: 'cases.migrate',
          case_id: null,
          detail: JSON.stringify({
            pathwayId: input.pathwayId,
            from: from.version,
            to: to.version,
            includeClosed,
            moves,
          }),
        })
        .execute();
    }
    return report;
  };
  return store.write(() => store.db.transaction().execute(run));
}

async function versionOf(
  store: Store,
  pathwayId: string,
  version: number,
  field: string,
): Promise<PathwayVersion> {
  if (!Number.isInteger(version) || version < 1) {
    throw new StoreError('invalid_value', `${field} must be a positive whole number.`, field);
  }
  const v = await store.pathways.get(pathwayId, version);
  if (!v)
    throw new StoreError('pathway_not_found', `No version ${version} of pathway "${pathwayId}".`, field);
  return v;
}

/** A short digest of exactly what a move would do, so a confirmation names one preview. */
function confirmationOf(
  pathwayId: string,
  from: number,
  to: number,
  includeClosed: boolean,
  moves: VersionMoveReport['moves'],
): string {
  return createHash('sha256')
    .update(JSON.stringify([pathwayId, from, to, includeClosed, moves]))
    .digest('hex')
    .slice(0, 16);
}
