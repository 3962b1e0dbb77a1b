import {
  type CompiledPathway,
  compile,
  InvalidPathwayError,
  type PathwayDefinition,
  publishProblems,
  type RebaseConflict,
  rebaseDefinition,
} from '@continuum/machines';
import { refusePii } from '../anonymise/refusePii.ts';
import { StoreError } from '../errors.ts';
import type { Kysely } from 'kysely';
import { NameRepository } from './NameRepository.ts';
import type { Database } from '../schema.ts';
import type { WriteGate } from '../engines/WriteGate.ts';

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
  /** The published version it was started from (0: the pathway had none); older than the latest = stale. */
  baseVersion: number;
}

/** How a stale draft is brought up to the latest version (POST .../draft/rebase). */
export type RebaseStrategy = 'merge' | 'latest';

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
    options: { baseVersion?: number | undefined } = {},
  ): Promise<PathwayVersion> {
    const compiled = compile(input);
    const def = compiled.definition;
    const missing = publishProblems(def);
    if (missing.length > 0) throw new InvalidPathwayError(missing);
    const { baseVersion } = options;
    for (let attempt = 0; ; attempt++) {
      const latest = await this.latestNumber(def.id);
      if (baseVersion !== undefined && baseVersion !== latest) throw staleDraft(def.id, baseVersion, latest);
      const version = latest + 1;
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
        // Two publishers raced for the same number: the unique constraint refused one; try the next
        // (a publish based on a stated version re-checks it, so it is refused as stale instead).
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
      // Published versions were checked for personal data when published; see ValidationOptions.
      c = compile(version.definition, { checkPii: false });
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
        updatedAt: Number(row.updated_at),
        updatedBy: row.updated_by,
        baseVersion: Number(row.base_version ?? 0),
      }
    );
  }

  /**
   * Saves (replaces) a pathway's draft; drafts may be invalid, publishing is what validates.
   * `baseVersion` is the version the editor started from; without it an existing draft keeps its
   * base and a new one is based on the latest version.
   */
  async putDraft(
    pathwayId: string,
    definition: unknown,
    updatedBy: string | null = null,
    baseVersion?: number,
  ): Promise<PathwayDraft> {
    refusePii(pathwayId, 'pathwayId');
    refusePii(definition);
    const now = Date.now();
    const json = JSON.stringify(definition);
    const latest = await this.latestNumber(pathwayId);
    if (
      baseVersion !== undefined &&
      (!Number.isInteger(baseVersion) || baseVersion < 0 || baseVersion > latest)
    )
      throw new StoreError(
        'invalid_value',
        `baseVersion ${baseVersion} is not a published version of "${pathwayId}" (the latest is ${latest}).`,
        'baseVersion',
      );
    const base = baseVersion ?? (await this.getDraft(pathwayId))?.baseVersion ?? latest;
    await this.write(() =>
      this.db
        .insertInto('pathway_drafts')
        .values({
          pathway_id: pathwayId,
          definition: json,
          updated_at: now,
          updated_by: updatedBy,
          base_version: base,
        })
        .onConflict((oc) =>
          oc.column('pathway_id').doUpdateSet({
            definition: json,
            updated_at: now,
            updated_by: updatedBy,
            base_version: base,
          }),
        )
        .execute(),
    );
    return { pathwayId, definition, updatedAt: now, updatedBy, baseVersion: base };
  }

  /** Discards a pathway's draft; true when there was one. */
  async deleteDraft(pathwayId: string): Promise<boolean> {
    const r = await this.write(() =>
      this.db.deleteFrom('pathway_drafts').where('pathway_id', '=', pathwayId).executeTakeFirst(),
    );
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Brings a draft up to the latest version: `merge` re-applies the draft's own changes (its base ->
   * the draft) onto the latest version, keeping the draft's side where both changed an element and
   * listing those conflicts; `latest` throws the draft's changes away and starts again from the latest.
   */
  async rebaseDraft(
    pathwayId: string,
    strategy: RebaseStrategy,
    updatedBy: string | null = null,
  ): Promise<{ draft: PathwayDraft; fromVersion: number; conflicts: RebaseConflict[] }> {
    const draft = await this.getDraft(pathwayId);
    if (!draft) throw new StoreError('pathway_not_found', `Pathway "${pathwayId}" has no saved draft.`);
    const latest = await this.latest(pathwayId);
    if (!latest)
      throw new StoreError('pathway_not_found', `Pathway "${pathwayId}" has no published version.`);
    const { version: _v, ...latestDef } = latest.definition;
    let definition: unknown = latestDef;
    let conflicts: RebaseConflict[] = [];
    if (strategy === 'merge') {
      const base = draft.baseVersion > 0 ? await this.get(pathwayId, draft.baseVersion) : undefined;
      ({ definition, conflicts } = rebaseDefinition(base?.definition ?? {}, draft.definition, latestDef));
    }
    const saved = await this.putDraft(pathwayId, definition, updatedBy, latest.version);
    return { draft: saved, fromVersion: draft.baseVersion, conflicts };
  }

  /** The newest version number of a pathway, 0 when none is published. */
  async latestNumber(pathwayId: string): Promise<number> {
    const max = await this.db
      .selectFrom('pathway_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('pathway_id', '=', pathwayId)
      .executeTakeFirst();
    return Number(max?.v ?? 0);
  }
}

/** The refusal of a publish whose draft was started from a version another publish overtook. */
function staleDraft(pathwayId: string, baseVersion: number, latest: number): StoreError {
  return new StoreError(
    'stale_draft',
    baseVersion < latest
      ? `This draft of "${pathwayId}" is based on version ${baseVersion}, but version ${latest} has been published since: publishing it would undo version ${latest}'s changes. Rebase the draft onto version ${latest} (POST /api/pathways/${pathwayId}/draft/rebase) and publish again.`
      : `This draft of "${pathwayId}" says it is based on version ${baseVersion}, but the latest version is ${latest}.`,
    'baseVersion',
    { baseVersion, latestVersion: latest },
  );
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
