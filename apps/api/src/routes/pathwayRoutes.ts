import { isDeepStrictEqual } from 'node:util';
import { assertDraftShape } from './draftShape.ts';
import type { PathwayListResponse, PublishedVersionResponse, ValidateResponse } from '@continuum/contracts';
import { defaultPathway, publishProblems, quoteSent, validatePathway } from '@continuum/machines';
import { moveCasesToVersion } from '@continuum/store';
import { z } from 'zod';
import type { AppDeps } from '../AppDeps.ts';
import { HttpProblem } from '../http/problem.ts';
import { param } from '../http/param.ts';
import { readJson } from '../http/readJson.ts';
import { actor } from '../http/actor.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { ALL_ROLES, PATHWAY_DESIGN_ROLES } from '../http/roles.ts';

const anyJson = z.unknown();
const migrationBody = z
  .object({
    fromVersion: z.number().int().positive(),
    toVersion: z.number().int().positive(),
    stageMap: z.record(z.string(), z.string()).optional(),
    dryRun: z.boolean().optional(),
    includeClosed: z.boolean().optional(),
    expectedCases: z.number().int().min(0).optional(),
    confirmation: z.string().max(64).optional(),
  })
  .strict();
const rebaseBody = z.object({ strategy: z.enum(['merge', 'latest']).default('merge') }).strict();

/** Every problem that blocks publishing: the definition's own, then what a version needs to be simulated. */
function problemsOf(definition: unknown) {
  const result = validatePathway(definition);
  if (!result.ok) return result.problems;
  return publishProblems(result.definition);
}

/** The optional `baseVersion` query value: the published version a draft was started from (0: none). */
function baseVersionOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^(?:0|[1-9]\d{0,8})$/.test(value))
    throw new HttpProblem(
      422,
      'invalid_value',
      'baseVersion must be a whole number (0: no version yet).',
      'baseVersion',
    );
  return Number(value);
}

/** Why a definition cannot be published as this pathway: its id is another (quoted only when it may be repeated). */
function idMismatch(id: unknown, pathwayId: string): string {
  return `The definition's id (${typeof id === 'string' ? quoteSent(id) : String(id)}) must be "${pathwayId}".`;
}

/** Pathways: list, read a version, validate, publish, and the editable draft. */
export function pathwayRoutes(r: RouteRegistry, deps: AppDeps): void {
  const { store } = deps;

  r.add(
    {
      method: 'get',
      path: '/api/pathways',
      roles: ALL_ROLES,
      summary: 'Every pathway with its versions',
      tag: 'pathways',
    },
    async (c) => c.json({ pathways: await store.pathways.list() } satisfies PathwayListResponse),
  );

  r.add(
    {
      method: 'get',
      path: '/api/pathways/:pathwayId/versions/:version',
      roles: ALL_ROLES,
      summary: 'One published version (`latest` for the newest)',
      tag: 'pathways',
      errors: ['pathway_not_found'],
    },
    async (c) => {
      const pathwayId = param(c, 'pathwayId');
      const version = param(c, 'version');
      const v =
        version === 'latest'
          ? await store.pathways.latest(pathwayId)
          : /^\d{1,9}$/.test(version) // a version number, never past the 32-bit integer column
            ? await store.pathways.get(pathwayId, Number(version))
            : undefined;
      if (!v)
        throw new HttpProblem(
          404,
          'pathway_not_found',
          `No version ${version} of pathway "${pathwayId}".`,
          'version',
        );
      return c.json({
        pathwayId: v.pathwayId,
        version: v.version,
        name: v.name,
        publishedAt: new Date(v.publishedAt).toISOString(),
        publishedBy: v.publishedBy,
        definition: v.definition,
      } satisfies PublishedVersionResponse);
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/pathways/validate',
      roles: PATHWAY_DESIGN_ROLES,
      summary: 'Validate a definition; returns every problem',
      tag: 'pathways',
      body: { types: ['application/json'], example: defaultPathway },
    },
    async (c) => {
      const problems = problemsOf(await readJson(c, anyJson));
      return c.json({ ok: problems.length === 0, problems } satisfies ValidateResponse);
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/pathways/:pathwayId/versions',
      roles: PATHWAY_DESIGN_ROLES,
      summary:
        'Publish a definition as the next immutable version (422 with every problem if invalid; 409 if `baseVersion` is not the latest)',
      tag: 'pathways',
      query: {
        baseVersion:
          'the version the draft was started from (0: none yet); a draft a newer version overtook is refused with 409 stale_draft',
      },
      body: { types: ['application/json'], example: defaultPathway },
      success: { status: 201, description: 'the published version' },
      errors: ['invalid_pathway', 'invalid_value', 'stale_draft'],
    },
    async (c) => {
      const pathwayId = param(c, 'pathwayId');
      const definition = await readJson(c, anyJson);
      const id = (definition as { id?: unknown } | null)?.id;
      if (id !== pathwayId) {
        throw new HttpProblem(422, 'invalid_value', idMismatch(id, pathwayId), 'id');
      }
      const baseVersion = baseVersionOf(c.req.query('baseVersion'));
      const v = await store.pathways.publish(definition, c.get('caller').label, Date.now(), { baseVersion });
      // The draft just published is done with: left, it read as a stale draft that would undo the
      // version it became. A draft that differs (edited since) is kept.
      const draft = await store.pathways.getDraft(pathwayId);
      const published = draft !== undefined && isDeepStrictEqual(draft.definition, definition);
      if (published) await store.pathways.deleteDraft(pathwayId);
      await store.audit.record({
        ...actor(c),
        action: 'pathway.publish',
        detail: { pathwayId, version: v.version, ...(published ? { draftPublished: true } : {}) },
      });
      return c.json(
        { pathwayId: v.pathwayId, version: v.version, publishedAt: new Date(v.publishedAt).toISOString() },
        201,
      );
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/pathways/:pathwayId/migrations',
      roles: PATHWAY_DESIGN_ROLES,
      summary:
        'Move one version\'s open cases (closed ones too with `includeClosed`) onto another with a stage mapping: `dryRun` previews the counts and a `confirmation`; the move itself must echo them (`expectedCases`, `confirmation`), else 409. `stageMap` maps each stage the target version lacks, e.g. `{"early_help":"family_help"}`; the example (after the publish example\'s version 2) needs none',
      tag: 'pathways',
      body: {
        types: ['application/json'],
        example: { fromVersion: 1, toVersion: 2, dryRun: true },
      },
      errors: [
        'pathway_not_found',
        'unknown_stage',
        'invalid_value',
        'unknown_field',
        'migration_unconfirmed',
      ],
    },
    async (c) => {
      const body = await readJson(c, migrationBody);
      if (body.dryRun !== true && body.expectedCases === undefined) {
        // Refused before anything is read or locked; the preview's figures are what confirms a move.
        const preview = await moveCasesToVersion(
          store,
          { pathwayId: param(c, 'pathwayId'), ...body, dryRun: true },
          undefined,
        );
        throw new HttpProblem(
          409,
          'migration_unconfirmed',
          `Moving cases needs a confirmed preview: ${preview.cases} case${preview.cases === 1 ? '' : 's'} would move (${preview.openCases} open${body.includeClosed ? `, ${preview.closedCases} closed` : `; ${preview.closedCases} closed stay`}). Send the same request with "expectedCases": ${preview.cases} and "confirmation": "${preview.confirmation}". Nothing was moved.`,
          'expectedCases',
          { cases: preview.cases, confirmation: preview.confirmation },
        );
      }
      const report = await moveCasesToVersion(store, { pathwayId: param(c, 'pathwayId'), ...body }, actor(c));
      return c.json(report);
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/pathways/:pathwayId/draft',
      roles: PATHWAY_DESIGN_ROLES,
      summary:
        "The pathway's saved draft with the version it is based on (`stale` when a newer version was published since)",
      tag: 'pathways',
      errors: ['draft_not_found'],
    },
    async (c) => {
      const pathwayId = param(c, 'pathwayId');
      const draft = await store.pathways.getDraft(pathwayId);
      if (!draft) throw new HttpProblem(404, 'draft_not_found', 'This pathway has no saved draft.');
      const latestVersion = await store.pathways.latestNumber(pathwayId);
      return c.json({
        ...draft,
        updatedAt: new Date(draft.updatedAt).toISOString(),
        latestVersion,
        stale: draft.baseVersion < latestVersion,
      });
    },
  );

  r.add(
    {
      method: 'put',
      path: '/api/pathways/:pathwayId/draft',
      roles: PATHWAY_DESIGN_ROLES,
      summary: 'Save the draft (may be invalid; problems are returned alongside)',
      tag: 'pathways',
      query: {
        baseVersion:
          "the version it was started from (default: the saved draft's, or the latest for a new draft)",
      },
      body: { types: ['application/json'], example: defaultPathway },
      errors: ['invalid_value', 'invalid_pathway'],
    },
    async (c) => {
      const pathwayId = param(c, 'pathwayId');
      if (!/^[a-z][a-z0-9_]*$/.test(pathwayId)) {
        throw new HttpProblem(422, 'invalid_value', 'The pathway id must be lower snake case.', 'pathwayId');
      }
      const baseVersion = baseVersionOf(c.req.query('baseVersion'));
      const definition = await readJson(c, anyJson);
      assertDraftShape(definition);
      const draft = await store.pathways.putDraft(pathwayId, definition, c.get('caller').label, baseVersion);
      await store.audit.record({
        ...actor(c),
        action: 'draft.save',
        detail: { pathwayId, baseVersion: draft.baseVersion },
      });
      const id = (definition as { id?: unknown }).id;
      // Publishing refuses a definition whose id is not the pathway's: the draft says so now.
      const problems = [
        ...(id === pathwayId
          ? []
          : [{ path: ['id'], code: 'invalid_value', message: idMismatch(id, pathwayId) }]),
        ...problemsOf(definition),
      ];
      const latestVersion = await store.pathways.latestNumber(pathwayId);
      return c.json({
        pathwayId,
        updatedAt: new Date(draft.updatedAt).toISOString(),
        baseVersion: draft.baseVersion,
        latestVersion,
        stale: draft.baseVersion < latestVersion,
        ok: problems.length === 0,
        problems,
      });
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/pathways/:pathwayId/draft/rebase',
      roles: PATHWAY_DESIGN_ROLES,
      summary:
        "Bring a stale draft up to the latest version: `merge` (default) re-applies the draft's own changes onto it and lists conflicts (the draft's side kept); `latest` discards the draft's changes",
      tag: 'pathways',
      body: { types: ['application/json'], example: { strategy: 'merge' } },
      errors: ['draft_not_found', 'pathway_not_found', 'invalid_value', 'unknown_field'],
    },
    async (c) => {
      const pathwayId = param(c, 'pathwayId');
      const { strategy } = await readJson(c, rebaseBody);
      if (!(await store.pathways.getDraft(pathwayId)))
        throw new HttpProblem(404, 'draft_not_found', 'This pathway has no saved draft.');
      const { draft, fromVersion, conflicts } = await store.pathways.rebaseDraft(
        pathwayId,
        strategy,
        c.get('caller').label,
      );
      const problems = problemsOf(draft.definition);
      return c.json({
        pathwayId,
        strategy,
        fromVersion,
        baseVersion: draft.baseVersion,
        definition: draft.definition,
        conflicts,
        ok: problems.length === 0,
        problems,
      });
    },
  );

  r.add(
    {
      method: 'delete',
      path: '/api/pathways/:pathwayId/draft',
      roles: PATHWAY_DESIGN_ROLES,
      summary: 'Discard the saved draft (the designer then opens the latest version)',
      tag: 'pathways',
      success: { status: 204, description: 'discarded' },
      errors: ['draft_not_found'],
    },
    async (c) => {
      if (!(await store.pathways.deleteDraft(param(c, 'pathwayId'))))
        throw new HttpProblem(404, 'draft_not_found', 'This pathway has no saved draft.');
      return c.body(null, 204);
    },
  );
}
