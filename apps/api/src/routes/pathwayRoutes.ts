import { defaultPathway, validatePathway } from '@continuum/machines';
import { migrateCases } from '@continuum/store';
import { z } from 'zod';
import type { AppDeps } from '../AppDeps.ts';
import { HttpProblem } from '../http/problem.ts';
import { param } from '../http/param.ts';
import { readJson } from '../http/readJson.ts';
import { ALL_ROLES, type RouteRegistry } from '../http/RouteRegistry.ts';

const DESIGNERS = ['admin', 'designer'] as const;
const anyJson = z.unknown();
const migrationBody = z
  .object({
    fromVersion: z.number().int().positive(),
    toVersion: z.number().int().positive(),
    stageMap: z.record(z.string(), z.string()).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

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
    async (c) => c.json({ pathways: await store.pathways.list() }),
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
          : /^\d+$/.test(version)
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
      });
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/pathways/validate',
      roles: DESIGNERS,
      summary: 'Validate a definition; returns every problem',
      tag: 'pathways',
      body: { types: ['application/json'], example: defaultPathway },
    },
    async (c) => {
      const result = validatePathway(await readJson(c, anyJson));
      return c.json({ ok: result.ok, problems: result.ok ? [] : result.problems });
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/pathways/:pathwayId/versions',
      roles: DESIGNERS,
      summary: 'Publish a definition as the next immutable version (422 with every problem if invalid)',
      tag: 'pathways',
      body: { types: ['application/json'], example: defaultPathway },
      success: { status: 201, description: 'the published version' },
      errors: ['invalid_pathway', 'invalid_value'],
    },
    async (c) => {
      const pathwayId = param(c, 'pathwayId');
      const definition = await readJson(c, anyJson);
      const id = (definition as { id?: unknown } | null)?.id;
      if (id !== pathwayId) {
        throw new HttpProblem(
          422,
          'invalid_value',
          `The definition's id (${String(id)}) must be "${pathwayId}".`,
          'id',
        );
      }
      const v = await store.pathways.publish(definition, c.get('caller').label);
      await store.audit.record({
        ...actor(c),
        action: 'pathway.publish',
        detail: { pathwayId, version: v.version },
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
      roles: DESIGNERS,
      summary:
        'Move every case of one version onto another with a stage mapping (`dryRun` reports without changing anything)',
      tag: 'pathways',
      body: {
        types: ['application/json'],
        example: { fromVersion: 1, toVersion: 2, stageMap: { early_help: 'family_help' }, dryRun: true },
      },
      errors: ['pathway_not_found', 'unknown_stage', 'invalid_value', 'unknown_field'],
    },
    async (c) => {
      const body = await readJson(c, migrationBody);
      const report = await migrateCases(store, { pathwayId: param(c, 'pathwayId'), ...body }, actor(c));
      return c.json(report);
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/pathways/:pathwayId/draft',
      roles: DESIGNERS,
      summary: "The pathway's saved draft",
      tag: 'pathways',
      errors: ['draft_not_found'],
    },
    async (c) => {
      const draft = await store.pathways.getDraft(param(c, 'pathwayId'));
      if (!draft) throw new HttpProblem(404, 'draft_not_found', 'This pathway has no saved draft.');
      return c.json({ ...draft, updatedAt: new Date(draft.updatedAt).toISOString() });
    },
  );

  r.add(
    {
      method: 'put',
      path: '/api/pathways/:pathwayId/draft',
      roles: DESIGNERS,
      summary: 'Save the draft (may be invalid; problems are returned alongside)',
      tag: 'pathways',
      body: { types: ['application/json'], example: defaultPathway },
    },
    async (c) => {
      const pathwayId = param(c, 'pathwayId');
      if (!/^[a-z][a-z0-9_]*$/.test(pathwayId)) {
        throw new HttpProblem(422, 'invalid_value', 'The pathway id must be lower snake case.', 'pathwayId');
      }
      const definition = await readJson(c, anyJson);
      const draft = await store.pathways.putDraft(pathwayId, definition, c.get('caller').label);
      const result = validatePathway(definition);
      return c.json({
        pathwayId,
        updatedAt: new Date(draft.updatedAt).toISOString(),
        ok: result.ok,
        problems: result.ok ? [] : result.problems,
      });
    },
  );
}

/** The audit identity of the caller. */
export function actor(c: { get(key: 'caller'): { tokenId: number; role: string } }) {
  const caller = c.get('caller');
  return { tokenId: caller.tokenId, role: caller.role };
}
