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
    async (c) => c.json({ scenarios: await repo.listScenarios() }),
  );

  r.add(
    {
      method: 'get',
      path: '/api/scenarios/:id',
      roles: SIMULATION_READ_ROLES,
      summary: 'One saved scenario',
      tag: 'simulation',
      errors: ['scenario_not_found'],
    },
    async (c) => {
      const s = await repo.getScenario(param(c, 'id'));
      if (!s)
        throw new HttpProblem(404, 'scenario_not_found', `No saved scenario "${param(c, 'id')}".`, 'id');
      return c.json(s);
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/scenarios',
      roles: SIMULATION_WRITE_ROLES,
      summary: 'Save a scenario (a name and its run request); it must apply to its pathway',
      tag: 'simulation',
      body: {
        types: ['application/json'],
        example: {
          name: 'Early help +20%',
          request: {
            pathwayId: 'continuum_of_need',
            scenario: { capacityMultiplier: { early_help: 1.2 } },
            horizonDays: 730,
            replications: 100,
          },
        },
      },
      success: { status: 201, description: 'The saved scenario' },
      errors: ['invalid_value', 'unknown_field', 'pathway_not_found', 'invalid_simulation_input'],
    },
    async (c) => {
      const { name, request, summary } = await readJson(c, SavedScenarioSchema);
      // Refused now, not at run time: unknown stages or moves, negative rates, a broken pathway.
      const version = await runner.version(request.pathwayId, request.version);
      applyScenario(store.pathways.compiled(version), request.scenario as Scenario);
      const saved = await repo.saveScenario({
        id: randomUUID(),
        name,
        pathwayId: request.pathwayId,
        body: { request, ...(summary !== undefined ? { summary } : {}) },
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
        throw new HttpProblem(404, 'scenario_not_found', `No saved scenario "${param(c, 'id')}".`, 'id');
      return c.body(null, 204);
    },
  );
}
