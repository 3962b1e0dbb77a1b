import { randomUUID } from 'node:crypto';
import { applyScenario, type Scenario } from '@continuum/simulator';
import type { AppDeps } from '../AppDeps.ts';
import { actor } from '../http/actor.ts';
import { param } from '../http/param.ts';
import { HttpProblem } from '../http/problem.ts';
import { readJson } from '../http/readJson.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { SIMULATION_READ_ROLES, SIMULATION_WRITE_ROLES } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { SavedScenarioSchema } from '../services/simulationSchemas.ts';
import { quoteSent } from '@continuum/machines';

/** Saved scenarios, in the shared database: GET/POST /api/scenarios, GET/DELETE /api/scenarios/:id. */
export function scenarioRoutes(
  r: RouteRegistry,
  { store }: AppDeps,
  { simulations: repo, runner }: AppServices,
): void {
  r.add(
    {
      method: 'get',
      path: '/api/scenarios',
      roles: SIMULATION_READ_ROLES,
      summary: 'Saved scenarios, newest first',
      tag: 'simulation',
    },
    // The list leaves out saved results (large); GET /api/scenarios/:id has them.
    async (c) => c.json({ scenarios: (await repo.listScenarios()).map(withoutResult) }),
  );

  r.add(
    {
      method: 'get',
      path: '/api/scenarios/:id',
      roles: SIMULATION_READ_ROLES,
      summary: 'One saved scenario, with the result saved with it (summary.result) when there is one',
      tag: 'simulation',
      errors: ['scenario_not_found'],
    },
    async (c) => {
      const s = await repo.getScenario(param(c, 'id'));
      if (!s)
        throw new HttpProblem(
          404,
          'scenario_not_found',
          `No saved scenario ${quoteSent(param(c, 'id'))}.`,
          'id',
        );
      return c.json(s);
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/scenarios',
      roles: SIMULATION_WRITE_ROLES,
      summary:
        "Save a scenario (a name and its run request; with runId, that finished run's result is saved with it); it must apply to its pathway",
      tag: 'simulation',
      body: {
        types: ['application/json'],
        example: {
          name: 'Early help +20%',
          request: {
            pathwayId: 'continuum_of_need',
            scenario: {
              capacityMultiplier: { early_help: 1.2 },
              weightMultipliers: [{ from: 'child_in_need', event: 'step_down', factor: 1.1 }],
            },
            horizonDays: 730,
            replications: 100,
          },
        },
      },
      success: { status: 201, description: 'The saved scenario' },
      errors: [
        'invalid_value',
        'unknown_field',
        'pathway_not_found',
        'invalid_simulation_input',
        'unknown_run',
        'simulation_not_finished',
      ],
    },
    async (c) => {
      const { name, request, summary, runId } = await readJson(c, SavedScenarioSchema);
      // Refused now, not at run time: unknown stages or moves, negative rates, a broken pathway.
      const version = await runner.version(request.pathwayId, request.version);
      applyScenario(store.pathways.compiled(version), request.scenario as Scenario);
      let saveSummary = summary;
      if (runId !== undefined) {
        const run = await repo.getRun(runId);
        if (!run || run.pathwayId !== request.pathwayId)
          throw new HttpProblem(
            422,
            'unknown_run',
            `No simulation run "${runId}" of pathway "${request.pathwayId}" to save with this scenario.`,
            'runId',
          );
        if (run.status !== 'done')
          throw new HttpProblem(
            409,
            'simulation_not_finished',
            `Run "${runId}" is ${run.status}; only a finished run's result can be saved.`,
            'runId',
          );
        saveSummary = {
          ...(summary && typeof summary === 'object'
            ? summary
            : summary !== undefined
              ? { note: summary }
              : {}),
          runId,
          result: run.result,
        };
      }
      const saved = await repo.saveScenario({
        id: randomUUID(),
        name,
        pathwayId: request.pathwayId,
        body: { request, ...(saveSummary !== undefined ? { summary: saveSummary } : {}) },
        by: c.var.caller.role,
      });
      await store.audit.record({
        ...actor(c),
        action: 'scenario.create',
        detail: { id: saved.id, pathwayId: request.pathwayId },
      });
      return c.json(saved, 201);
    },
  );

  r.add(
    {
      method: 'delete',
      path: '/api/scenarios/:id',
      roles: SIMULATION_WRITE_ROLES,
      summary: 'Delete a saved scenario',
      tag: 'simulation',
      errors: ['scenario_not_found'],
    },
    async (c) => {
      if (!(await repo.deleteScenario(param(c, 'id'))))
        throw new HttpProblem(
          404,
          'scenario_not_found',
          `No saved scenario ${quoteSent(param(c, 'id'))}.`,
          'id',
        );
      return c.body(null, 204);
    },
  );
}

/** A saved scenario for the list: its saved result left out, `hasResult` says whether it has one. */
function withoutResult<T extends { summary?: unknown }>(s: T): T & { hasResult: boolean } {
  const summary = s.summary as { result?: unknown } | undefined;
  if (!summary || typeof summary !== 'object' || !('result' in summary)) return { ...s, hasResult: false };
  const { result: _result, ...rest } = summary;
  return { ...s, summary: rest, hasResult: true };
}
