import { SimulationRepository } from '@continuum/store';
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../AppDeps.ts';
import { param } from '../http/param.ts';
import { HttpProblem } from '../http/problem.ts';
import { readJson } from '../http/readJson.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { calibrationRoutes } from './calibration.ts';
import { actor } from './pathwayRoutes.ts';
import { scenarioRoutes } from './scenarios.ts';
import { READ_ROLES, type SimulationDeps, WRITE_ROLES } from './simulationAccess.ts';
import { SimulationLimitError } from './SimulationAdmission.ts';
import { SimulationRunner } from './SimulationRunner.ts';
import { SimulationRequestSchema } from './simulationSchemas.ts';

/** Options for tests and the server: worker threads per run, SSE poll interval, run lease timing. */
export interface SimulationRouteOptions {
  workers?: number;
  pollMs?: number;
  /** How often a running instance renews its lease on a run (default 5 s). */
  heartbeatMs?: number;
  /** A running run whose lease is older than this is reported failed (default 30 s). */
  staleAfterMs?: number;
}

/**
 * Registers every simulation endpoint: runs under /api/simulations (start, SSE progress, result,
 * cancel), /api/calibration and /api/scenarios. Runs and scenarios live in the database.
 */
export function simulationRoutes(
  r: RouteRegistry,
  deps: AppDeps,
  options: SimulationRouteOptions = {},
): SimulationRunner {
  const repo = new SimulationRepository(deps.store.db, deps.store.write, options.staleAfterMs);
  const runner = new SimulationRunner(deps.store, repo, {
    limits: deps.simulationLimits,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  const shared: SimulationDeps = { ...deps, repo, runner };
  const pollMs = options.pollMs ?? 300;

  r.add(
    {
      method: 'post',
      path: '/api/simulations',
      roles: WRITE_ROLES,
      summary:
        'Start a simulation run (a scenario is compared with its baseline using common random numbers)',
      tag: 'simulation',
      body: {
        types: ['application/json'],
        example: {
          pathwayId: 'continuum_of_need',
          scenario: { capacityMultiplier: { early_help: 1.2 } },
          horizonDays: 730,
          replications: 100,
          seed: 1,
        },
      },
      success: { status: 202, description: 'The run id; follow /events, then GET the run' },
      errors: [
        'invalid_value',
        'unknown_field',
        'pathway_not_found',
        'invalid_simulation_input',
        'unknown_calibration',
        'simulation_too_large',
        'simulation_limit_user',
        'simulation_limit_global',
      ],
    },
    async (c) => {
      const request = await readJson(c, SimulationRequestSchema);
      let id: string;
      try {
        id = await runner.start(request, c.var.caller.role, c.var.caller.tokenId);
      } catch (error) {
        // 429 problem+json carries Retry-After (the error handler keeps headers set on the context).
        if (error instanceof SimulationLimitError && error.retryAfter !== undefined)
          c.header('Retry-After', String(error.retryAfter));
        throw error;
      }
      await deps.store.audit.record({
        ...actor(c),
        action: 'simulation.create',
        detail: { id, pathwayId: request.pathwayId },
      });
      return c.json(
        {
          id,
          status: 'running',
          links: { self: `/api/simulations/${id}`, events: `/api/simulations/${id}/events` },
        },
        202,
      );
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/simulations/:id',
      roles: READ_ROLES,
      summary:
        'A run: status, progress and, once done, its result (per-stage statistics and series with 90% intervals)',
      tag: 'simulation',
      errors: ['simulation_not_found'],
    },
    async (c) => {
      const run = await repo.getRun(param(c, 'id'));
      if (!run)
        throw new HttpProblem(404, 'simulation_not_found', `No simulation run "${param(c, 'id')}".`, 'id');
      return c.json(run);
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/simulations/:id/events',
      roles: READ_ROLES,
      summary: 'Server-sent events: progress {done,total,fraction}, then done, failed or cancelled',
      tag: 'simulation',
      errors: ['simulation_not_found'],
    },
    async (c) => {
      const id = param(c, 'id');
      // The read that decides the 404 is also the stream's first poll.
      let run = await repo.getRun(id, false);
      if (!run) throw new HttpProblem(404, 'simulation_not_found', `No simulation run "${id}".`, 'id');
      return streamSSE(c, async (stream) => {
        let last = -1;
        for (;;) {
          if (!run) {
            await stream.writeSSE({
              event: 'failed',
              data: JSON.stringify({ title: 'The run was deleted.' }),
            });
            return;
          }
          if (run.done !== last) {
            last = run.done;
            await stream.writeSSE({
              event: 'progress',
              data: JSON.stringify({
                done: run.done,
                total: run.total,
                fraction: run.total ? run.done / run.total : 0,
              }),
            });
          }
          if (run.status !== 'running') {
            const data =
              run.status === 'failed'
                ? (run.error ?? { title: 'The simulation failed.' })
                : { id, result: `/api/simulations/${id}` };
            await stream.writeSSE({ event: run.status, data: JSON.stringify(data) });
            return;
          }
          if (stream.aborted) return;
          await stream.sleep(pollMs);
          run = await repo.getRun(id, false);
        }
      });
    },
  );

  r.add(
    {
      method: 'delete',
      path: '/api/simulations/:id',
      roles: WRITE_ROLES,
      summary: 'Cancel a running run (any instance stops it), or delete a finished one',
      tag: 'simulation',
      success: { status: 202, description: 'Cancelled (204 when a finished run was deleted)' },
      errors: ['simulation_not_found'],
    },
    async (c) => {
      const id = param(c, 'id');
      if (await runner.cancel(id)) return c.json({ id, status: 'cancelled' }, 202);
      if (await repo.deleteRun(id)) return c.body(null, 204);
      throw new HttpProblem(404, 'simulation_not_found', `No simulation run "${id}".`, 'id');
    },
  );

  calibrationRoutes(r, shared);
  scenarioRoutes(r, shared);
  return runner;
}
