import type { Kysely } from 'kysely';
import { CODED_ATTRIBUTES, type CodedAttribute, type Database } from '../schema.ts';
import {
  type CaseEventRecord,
  type CaseRecord,
  type StageIntervalRecord,
  attributesOf,
  toCase,
  toEvent,
  toInterval,
} from './rows.ts';

/** A case with its full history, for the case page. */
export interface CaseTimeline {
  case: CaseRecord;
  events: CaseEventRecord[];
  intervals: StageIntervalRecord[];
}

/** An event joined with its case's ref, pathway version and attributes (for exports). */
export interface EventWithCase extends CaseEventRecord {
  ref: string;
  pathwayVersionId: number;
  attributes: CaseRecord['attributes'];
}

/** Read side of cases and their events (writes go through the case service). */
export class CaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A case by id. */
  async get(id: number): Promise<CaseRecord | undefined> {
    const row = await this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCase(row);
  }

  /** A case by its pseudonymous ref (already HMAC'd). */
  async getByRef(ref: string): Promise<CaseRecord | undefined> {
    const row = await this.db.selectFrom('cases').selectAll().where('ref', '=', ref).executeTakeFirst();
    return row && toCase(row);
  }

  /**
   * Cases by many pseudonymous refs (already HMAC'd), in chunks of `chunk` refs per query (inside
   * every engine's bound-parameter limit); unknown refs are absent. For importers continuing many
   * stored children at once, where one query per child dominated.
   */
  async getManyByRef(refs: readonly string[], chunk = 500): Promise<Map<string, CaseRecord>> {
    const out = new Map<string, CaseRecord>();
    const unique = [...new Set(refs)];
    for (let i = 0; i < unique.length; i += chunk) {
      const rows = await this.db
        .selectFrom('cases')
        .selectAll()
        .where('ref', 'in', unique.slice(i, i + chunk))
        .execute();
      for (const row of rows) out.set(row.ref, toCase(row));
    }
    return out;
  }

  /** The pseudonymous refs of these cases (one query; unknown ids are absent). */
  async refsOf(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('cases').select(['id', 'ref']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), r.ref]));
  }

  /** A case with its events and intervals in order. */
  async timeline(id: number): Promise<CaseTimeline | undefined> {
    const c = await this.get(id);
    if (!c) return undefined;
    const events = await this.db
      .selectFrom('case_events_named')
      .selectAll()
      .where('case_id', '=', id)
      .orderBy('seq')
      .execute();
    const intervals = await this.db
      .selectFrom('stage_intervals_named')
      .selectAll()
      .where('case_id', '=', id)
      .orderBy('entered_at')
      .orderBy('id')
      .execute();
    return { case: c, events: events.map(toEvent), intervals: intervals.map(toInterval) };
  }

  /** Cases resting in a stage, longest waiting first. */
  async inStage(
    stage: string,
    options: { limit?: number; offset?: number; filters?: Readonly<Record<string, readonly string[]>> } = {},
  ): Promise<CaseRecord[]> {
    let query = this.db.selectFrom('cases').selectAll().where('stage', '=', stage);
    // Coded-attribute filters (the same meaning as the analytics' `attr.<name>`): one of the codes.
    for (const [name, values] of Object.entries(options.filters ?? {})) {
      if (!(CODED_ATTRIBUTES as readonly string[]).includes(name))
        throw new Error(`unknown attribute ${name}`);
      if (values.length === 0) continue;
      query = query.where(name as CodedAttribute, 'in', [...values]);
    }
    const rows = await query
      .orderBy('stage_entered_at')
      .orderBy('id')
      .limit(options.limit ?? 500)
      .offset(options.offset ?? 0)
      .execute();
    return rows.map(toCase);
  }

  /** How many cases rest in each stage now. */
  async countByStage(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['stage', (eb) => eb.fn.countAll().as('n')])
      .groupBy('stage')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
  }

  /** Counts of cases and events (tests, reports). */
  async counts(): Promise<{ cases: number; events: number; intervals: number }> {
    const c = await this.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const e = await this.db
      .selectFrom('case_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const i = await this.db
      .selectFrom('stage_intervals')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return { cases: Number(c.n), events: Number(e.n), intervals: Number(i.n) };
  }

  /**
   * Events in id order after `afterId`, joined with case ref and attributes: page through the whole
   * log without holding it (CSV/XES export).
   */
  async scanEvents(options: { afterId?: number; limit?: number } = {}): Promise<EventWithCase[]> {
    const rows = await this.db
      .selectFrom('case_events_named as e')
      .innerJoin('cases as c', 'c.id', 'e.case_id')
      .selectAll('e')
      .select(['c.ref', 'c.pathway_version_id', ...CODED_ATTRIBUTES.map((a) => `c.${a}` as const)])
      .where('e.id', '>', options.afterId ?? 0)
      .orderBy('e.id')
      .limit(options.limit ?? 10_000)
      .execute();
    return rows.map((r) => ({
      ...toEvent(r),
      ref: r.ref,
      pathwayVersionId: Number(r.pathway_version_id),
      attributes: attributesOf(r),
    }));
  }

  /** Every event, in batches, ordered by id (an async iterator over scanEvents). */
  async *streamEvents(batchSize = 10_000): AsyncGenerator<EventWithCase[]> {
    let afterId = 0;
    for (;;) {
      const batch = await this.scanEvents({ afterId, limit: batchSize });
      if (batch.length === 0) return;
      yield batch;
      afterId = batch[batch.length - 1]!.id;
    }
  }
}
