import type { Kysely } from 'kysely';
import { CODED_ATTRIBUTES, type CodedAttributes, type Database } from '../schema.ts';
import { type StageIntervalRecord, attributesOf, toInterval } from './rows.ts';

/** A stay in a stage with what analytics and calibration group by. */
export interface IntervalWithCase extends StageIntervalRecord {
  pathwayVersionId: number;
  caseOpenedAt: number;
  attributes: CodedAttributes;
}

/** A stay as calibration reads it: no case attributes, no entry event. */
export type CalibrationStay = Omit<StageIntervalRecord, 'entryEvent'>;

/** Options for paging through intervals in id order. */
export interface IntervalScanOptions {
  /** Return intervals with id greater than this (0 = from the start). */
  afterId?: number;
  /** Page size (default 10,000). */
  limit?: number;
  /** Only stays still open (the live stock: exited_at is null). */
  openOnly?: boolean;
  /** Only intervals of these stages. */
  stages?: string[];
  /** Only stays of cases on this pathway version. */
  pathwayVersionId?: number;
  /**
   * Only stays of cases on any version of this version's pathway, in stages this version has: a
   * pathway's history read for one version (cases stay on the version they were moved to).
   */
  pathwayOfVersion?: number;
}

/** Read side of stage intervals: the table analytics and calibration are built on. */
export class IntervalRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * One page of intervals in id order, joined with the case's pathway version and coded attributes.
   * Keyset paging (`id > afterId`) stays fast however deep you go.
   */
  async scan(options: IntervalScanOptions = {}): Promise<IntervalWithCase[]> {
    return this.page(options, await this.scopeFor(options));
  }

  /** A page of scan under a scope already read (stream reads it once, not once a page). */
  private async page(
    options: IntervalScanOptions,
    scope: { versions: number[]; stages: string[] } | undefined,
  ): Promise<IntervalWithCase[]> {
    let q = this.db
      .selectFrom('stage_intervals_named as i')
      .innerJoin('cases as c', 'c.id', 'i.case_id')
      .selectAll('i')
      .select(['c.pathway_version_id', 'c.opened_at', ...CODED_ATTRIBUTES.map((a) => `c.${a}` as const)])
      .where('i.id', '>', options.afterId ?? 0);
    if (options.openOnly) q = q.where('i.exited_at', 'is', null);
    if (options.stages && options.stages.length > 0) q = q.where('i.stage', 'in', options.stages);
    if (options.pathwayVersionId !== undefined)
      q = q.where('c.pathway_version_id', '=', options.pathwayVersionId);
    if (scope) q = q.where('c.pathway_version_id', 'in', scope.versions).where('i.stage', 'in', scope.stages);
    const rows = await q
      .orderBy('i.id')
      .limit(options.limit ?? 10_000)
      .execute();
    return rows.map((r) => ({
      ...toInterval(r),
      pathwayVersionId: Number(r.pathway_version_id),
      caseOpenedAt: Number(r.opened_at),
      attributes: attributesOf(r),
    }));
  }

  /** Every matching interval in batches (async iterator over scan); memory stays at one batch. */
  async *stream(options: Omit<IntervalScanOptions, 'afterId'> = {}): AsyncGenerator<IntervalWithCase[]> {
    const scope = await this.scopeFor(options);
    let afterId = 0;
    for (;;) {
      const batch = await this.page({ ...options, afterId }, scope);
      if (batch.length === 0) return;
      yield batch;
      afterId = batch[batch.length - 1]!.id;
    }
  }

  /**
   * The versions of a version's pathway and the stages this version has: what calibrating the
   * version reads (every recorded case of the pathway, whichever version it is on now, in the
   * stages the version knows; a stay in a stage the version dropped is left out).
   */
  private scopeFor(options: IntervalScanOptions) {
    return options.pathwayOfVersion === undefined ? undefined : this.scopeOf(options.pathwayOfVersion);
  }

  private async scopeOf(pathwayVersionId: number): Promise<{ versions: number[]; stages: string[] }> {
    const version = await this.db
      .selectFrom('pathway_versions')
      .select(['pathway_id', 'definition'])
      .where('id', '=', pathwayVersionId)
      .executeTakeFirst();
    if (!version) return { versions: [pathwayVersionId], stages: [''] };
    const versions = await this.db
      .selectFrom('pathway_versions')
      .select('id')
      .where('pathway_id', '=', version.pathway_id)
      .execute();
    const stages = (JSON.parse(version.definition) as { stages: { id: string }[] }).stages.map((x) => x.id);
    return { versions: versions.map((v) => Number(v.id)), stages };
  }

  /**
   * Every stay calibrating a version reads (see scopeOf) in id order, in batches, with only what
   * calibration reads: the same records as `stream` with `pathwayOfVersion` gives, at a sixth of its
   * cost (no case attributes to fetch and map).
   */
  async *calibrationStays(pathwayVersionId: number, batch = 20_000): AsyncGenerator<CalibrationStay[]> {
    const { versions, stages } = await this.scopeOf(pathwayVersionId);
    let afterId = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('stage_intervals_named as i')
        .innerJoin('cases as c', 'c.id', 'i.case_id')
        .select([
          'i.id',
          'i.case_id',
          'i.stage',
          'i.entered_at',
          'i.exited_at',
          'i.next_stage',
          'i.exit_event',
        ])
        .where('c.pathway_version_id', 'in', versions)
        .where('i.stage', 'in', stages)
        .where('i.id', '>', afterId)
        .orderBy('i.id')
        .limit(batch)
        .execute();
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        id: Number(r.id),
        caseId: Number(r.case_id),
        stage: r.stage,
        enteredAt: Number(r.entered_at),
        exitedAt: r.exited_at === null ? null : Number(r.exited_at),
        nextStage: r.next_stage,
        exitEvent: r.exit_event,
      }));
      afterId = Number(rows[rows.length - 1]!.id);
    }
  }

  /**
   * Every stay of a version gathered as the plain records the simulator calibrates from (no id):
   * the one reading of recorded stays the API and the CLI share.
   */
  async calibrationRecords(pathwayVersionId: number): Promise<Omit<CalibrationStay, 'id'>[]> {
    const out: Omit<CalibrationStay, 'id'>[] = [];
    for await (const batch of this.calibrationStays(pathwayVersionId))
      for (const { id: _, ...stay } of batch) out.push(stay);
    return out;
  }

  /** The live stock: every open stay (one per case), with entry time, for overdue and simulator warm start. */
  async openStock(
    options: Pick<IntervalScanOptions, 'pathwayVersionId' | 'pathwayOfVersion'> = {},
  ): Promise<IntervalWithCase[]> {
    const out: IntervalWithCase[] = [];
    for await (const batch of this.stream({ ...options, openOnly: true })) out.push(...batch);
    return out;
  }

  /**
   * A cheap change detector for the stays of a pathway version (and the log's span): the last event
   * id, the sum of every case's `last_seq` and the number of cases on the version. Stays change only
   * with an event appended in the same transaction (which raises its case's `last_seq`), or a case
   * moved to another version; either changes the mark (the sum catches a transaction that committed
   * after a higher id was read on PostgreSQL). One pass over the cases and an index lookup, instead
   * of counting every event: this runs before each calibration and live-stock read, cached or not.
   */
  async changeMark(pathwayVersionId: number): Promise<string> {
    const r = await this.db
      .selectFrom('cases')
      .select((eb) => [
        eb
          .selectFrom('case_events')
          .select((e) => e.fn.max('id').as('m'))
          .as('last'),
        eb.fn.sum<number | string | null>('last_seq').as('seqs'),
        eb.fn
          .sum<number | string | null>(
            eb.case().when('pathway_version_id', '=', pathwayVersionId).then(1).else(0).end(),
          )
          .as('cases'),
      ])
      .executeTakeFirstOrThrow();
    return `${Number(r.last ?? 0)}:${Number(r.seqs ?? 0)}:${Number(r.cases ?? 0)}`;
  }

  /** The time span the log covers (min entry, max entry or exit), or undefined when empty. */
  async span(): Promise<{ from: number; to: number } | undefined> {
    const r = await this.db
      .selectFrom('stage_intervals')
      .select((eb) => [
        eb.fn.min('entered_at').as('from'),
        eb.fn.max('entered_at').as('maxIn'),
        eb.fn.max('exited_at').as('maxOut'),
      ])
      .executeTakeFirst();
    if (!r || r.from === null) return undefined;
    return { from: Number(r.from), to: Math.max(Number(r.maxIn), Number(r.maxOut ?? 0)) };
  }
}
