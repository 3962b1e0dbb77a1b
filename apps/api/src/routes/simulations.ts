import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../AppDeps.ts';
import { actor } from '../http/actor.ts';
import { param } from '../http/param.ts';
import { HttpProblem } from '../http/problem.ts';
import { readJson } from '../http/readJson.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { SIMULATION_READ_ROLES, SIMULATION_WRITE_ROLES } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { csvTableText } from '@continuum/formats';
import { simulationTable } from '@continuum/simulator';
import { SimulationRequestSchema } from '../services/simulationSchemas.ts';
import { quoteSent } from '@continuum/machines';

/**
 * Simulation runs under /api/simulations (start, SSE progress, result, cancel); the runs and their
 * runner are the app's services. Calibration and scenarios have their own route files.
 */
export function simulationRoutes(r: RouteRegistry, deps: AppDeps, services: AppServices): void {
  const { runner, simulations: repo } = services;
  const pollMs = deps.simulations?.pollMs ?? 300;

  r.add(
    {
      method: 'post',
      path: '/api/simulations',
      roles: SIMULATION_WRITE_ROLES,
      summary:
        'Start a simulation run (a scenario is compared with its baseline using common random numbers)',
      tag: 'simulation',
      body: {
        types: ['application/json'],
        example: {
          pathwayId: 'continuum_of_need',
          scenario: { name: 'Early help +20%', capacityMultiplier: { early_help: 1.2 } },
          horizonDays: 730,
          replications: 100,
          seed: 1,
          startFrom: 'live',
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
      // Refusals (too large, too many running: 429 with Retry-After) are mapped by http/problem.ts.
      const id = await runner.start(request, c.var.caller.role, c.var.caller.tokenId);
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
      roles: SIMULATION_READ_ROLES,
      summary:
        'A run: status, progress and, once done, its result (per-stage statistics and series with 90% intervals); ?format=csv&table=stages|series|differences for one table as CSV',
      tag: 'simulation',
      query: {
        format: 'json (default) or csv (a finished run only)',
        table: 'with format=csv: stages (default), series or differences',
      },
      errors: ['simulation_not_found', 'invalid_value', 'simulation_not_finished'],
    },
    async (c) => {
      const run = await repo.getRun(param(c, 'id'));
      if (!run)
        throw new HttpProblem(
          404,
          'simulation_not_found',
          `No simulation run ${quoteSent(param(c, 'id'))}.`,
          'id',
        );
      const format = c.req.query('format') ?? 'json';
      if (format === 'json') return c.json(run);
      if (format !== 'csv')
        throw new HttpProblem(422, 'invalid_value', 'format must be json or csv.', 'format');
      const table = c.req.query('table') ?? 'stages';
      if (table !== 'stages' && table !== 'series' && table !== 'differences')
        throw new HttpProblem(422, 'invalid_value', 'table must be stages, series or differences.', 'table');
      if (run.status !== 'done' || !run.result)
        throw new HttpProblem(
          409,
          'simulation_not_finished',
          `Run "${run.id}" is ${run.status}; only a finished run has tables to export.`,
          'id',
        );
      return c.body(
        csvTableText(simulationTable(run.result as Parameters<typeof simulationTable>[0], table)),
        200,
        {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="simulation-${run.id}-${table}.csv"`,
        },
      );
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/simulations/:id/events',
      roles: SIMULATION_READ_ROLES,
      summary: 'Server-sent events: progress {done,total,fraction}, then done, failed or cancelled',
      tag: 'simulation',
      errors: ['simulation_not_found'],
    },
    async (c) => {
      const id = param(c, 'id');
      // The read that decides the 404 is also the stream's first poll.
      let run = await repo.getRun(id, false);
      if (!run)
        throw new HttpProblem(404, 'simulation_not_found', `No simulation run ${quoteSent(id)}.`, 'id');
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
          // A run admitted here ends the wait as soon as its final status is written.
          const ended = runner.whenEnded(id);
          await (ended ? Promise.race([stream.sleep(pollMs), ended]) : stream.sleep(pollMs));
          run = await repo.getRun(id, false);
        }
      });
    },
  );

  r.add(
    {
      method: 'delete',
      path: '/api/simulations/:id',
      roles: SIMULATION_WRITE_ROLES,
      summary: 'Cancel a running run (any instance stops it), or delete a finished one',
      tag: 'simulation',
      success: { status: 202, description: 'Cancelled (204 when a finished run was deleted)' },
      errors: ['simulation_not_found'],
    },
    async (c) => {
      const id = param(c, 'id');
      if (await runner.cancel(id)) return c.json({ id, status: 'cancelled' }, 202);
      if (await repo.deleteRun(id)) return c.body(null, 204);
      throw new HttpProblem(404, 'simulation_not_found', `No simulation run ${quoteSent(id)}.`, 'id');
    },
  );
}
