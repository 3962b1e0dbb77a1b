import { type CompiledPathway, compile, type PathwayDefinition } from '@continuum/machines';
import type { Kysely } from 'kysely';
import { NameRepository } from './NameRepository.ts';
import type { Database } from '../schema.ts';
import type { WriteGate } from '../writeGate.ts';

/** A published, immutable pathway version. */
export interface PathwayVersion {
  /** Surrogate id cases refer to. */
  id: number;
  pathwayId: string;
  version: number;
  name: string;
  definition: PathwayDefinition;
  publishedAt: number;
  publishedBy: string | null;
}

/** A pathway's editable draft (any JSON: it may be invalid while being edited). */
export interface PathwayDraft {
  pathwayId: string;
  definition: unknown;
  updatedAt: number;
  updatedBy: string | null;
}

/** Summary of one pathway for listings. */
export interface PathwaySummary {
  pathwayId: string;
  name: string;
  latestVersion: number;
  versions: number[];
  hasDraft: boolean;
}

// Versions never change, so their compiled form can be shared by every store instance in the process.
const compiledCache = new Map<string, CompiledPathway>();

/** Pathway versions (append-only) and drafts. */
export class PathwayRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: WriteGate = (w) => w(),
  ) {}

  /** Every pathway with its versions, for the designer's list. */
  async list(): Promise<PathwaySummary[]> {
    const rows = await this.db
      .selectFrom('pathway_versions')
      .select(['pathway_id', 'version', 'name'])
      .orderBy('pathway_id')
      .orderBy('version')
      .execute();
    const drafts = new Set(
      (await this.db.selectFrom('pathway_drafts').select('pathway_id').execute()).map((d) => d.pathway_id),
    );
    const byId = new Map<string, PathwaySummary>();
    for (const r of rows) {
      const s = byId.get(r.pathway_id) ?? {
        pathwayId: r.pathway_id,
        name: r.name,
        latestVersion: 0,
        versions: [],
        hasDraft: drafts.has(r.pathway_id),
      };
      s.versions.push(r.version);
      s.latestVersion = r.version;
      s.name = r.name;
      byId.set(r.pathway_id, s);
    }
    for (const d of drafts) {
      if (!byId.has(d))
        byId.set(d, { pathwayId: d, name: d, latestVersion: 0, versions: [], hasDraft: true });
    }
    return [...byId.values()];
  }

  /** One version by pathway id and number. */
  async get(pathwayId: string, version: number): Promise<PathwayVersion | undefined> {
    const row = await this.db
      .selectFrom('pathway_versions')
      .selectAll()
      .where('pathway_id', '=', pathwayId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  /** One version by surrogate id (what a case stores). */
  async getById(id: number): Promise<PathwayVersion | undefined> {
    const row = await this.db
      .selectFrom('pathway_versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  /** The newest published version of a pathway (the one new cases open under). */
  async latest(pathwayId?: string): Promise<PathwayVersion | undefined> {
    let q = this.db.selectFrom('pathway_versions').selectAll();
    if (pathwayId) q = q.where('pathway_id', '=', pathwayId);
    const row = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && toVersion(row);
  }

  /** Every published version (all pathways), oldest first. */
  async all(): Promise<PathwayVersion[]> {
    const rows = await this.db.selectFrom('pathway_versions').selectAll().orderBy('id').execute();
    return rows.map(toVersion);
  }

  /**
   * Publishes a definition as the next version. Throws InvalidPathwayError (from compile) if it is
   * not valid, so a broken pathway can never be published.
   */
  async publish(
    input: unknown,
    publishedBy: string | null = null,
    now = Date.now(),
  ): Promise<PathwayVersion> {
    const compiled = compile(input);
    const def = compiled.definition;
    for (let attempt = 0; ; attempt++) {
      const max = await this.db
        .selectFrom('pathway_versions')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('pathway_id', '=', def.id)
        .executeTakeFirst();
      const version = Number(max?.v ?? 0) + 1;
      const definition = { ...def, version };
      try {
        // Its stage and event names get their codes in the same transaction (see NameRepository).
        const row = await this.write(() =>
          this.db.transaction().execute(async (trx) => {
            await NameRepository.add(trx, [...compiled.stages, ...compiled.events]);
            return trx
              .insertInto('pathway_versions')
              .values({
                pathway_id: def.id,
                version,
                name: def.name,
                definition: JSON.stringify(definition),
                published_at: now,
                published_by: publishedBy,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
          }),
        );
        return toVersion(row);
      } catch (error) {
        // Two publishers raced for the same number: the unique constraint refused one; try the next.
        if (attempt < 5 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /** The compiled form of a version (cached: versions are immutable). */
  compiled(version: PathwayVersion): CompiledPathway {
    const key = `${version.pathwayId}@${version.version}#${version.publishedAt}`;
    let c = compiledCache.get(key);
    if (!c) {
      c = compile(version.definition);
      compiledCache.set(key, c);
    }
    return c;
  }

  /** A pathway's draft, if one was saved. */
  async getDraft(pathwayId: string): Promise<PathwayDraft | undefined> {
    const row = await this.db
      .selectFrom('pathway_drafts')
      .selectAll()
      .where('pathway_id', '=', pathwayId)
      .executeTakeFirst();
    return (
      row && {
        pathwayId: row.pathway_id,
        definition: JSON.parse(row.definition),
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      }
    );
  }

  /** Saves (replaces) a pathway's draft; drafts may be invalid, publishing is what validates. */
  async putDraft(
    pathwayId: string,
    definition: unknown,
    updatedBy: string | null = null,
  ): Promise<PathwayDraft> {
    const now = Date.now();
    const json = JSON.stringify(definition);
    await this.write(() =>
      this.db
        .insertInto('pathway_drafts')
        .values({ pathway_id: pathwayId, definition: json, updated_at: now, updated_by: updatedBy })
        .onConflict((oc) =>
          oc.column('pathway_id').doUpdateSet({ definition: json, updated_at: now, updated_by: updatedBy }),
        )
        .execute(),
    );
    return { pathwayId, definition, updatedAt: now, updatedBy };
  }
}

/** True for a unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

function toVersion(row: {
  id: number;
  pathway_id: string;
  version: number;
  name: string;
  definition: string;
  published_at: number;
  published_by: string | null;
}): PathwayVersion {
  return {
    id: Number(row.id),
    pathwayId: row.pathway_id,
    version: row.version,
    name: row.name,
    definition: JSON.parse(row.definition) as PathwayDefinition,
    publishedAt: Number(row.published_at),
    publishedBy: row.published_by,
  };
}
