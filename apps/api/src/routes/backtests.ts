import { csvTableText } from '@continuum/formats';
import { backtestTable } from '@continuum/simulator';
import type { AppDeps } from '../AppDeps.ts';
import { actor } from '../http/actor.ts';
import { param } from '../http/param.ts';
import { HttpProblem } from '../http/problem.ts';
import { readJson } from '../http/readJson.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { SIMULATION_READ_ROLES, SIMULATION_WRITE_ROLES } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { BacktestRequestSchema } from '../services/simulationSchemas.ts';
import { quoteSent } from '@continuum/machines';

/**
 * Backtests as jobs under /api/backtests: POST checks the request (calibrate on the record before
 * T, simulate N months from the caseload open at T, compare with what happened) and queues it, to
 * run on any worker under the simulation limits; GET follows it to its result (monthly stock and
 * entries per stage, MAPE, 90% band coverage; `?format=csv&table=months|stages` for one table as
 * CSV), from any instance; DELETE cancels it (or deletes an ended one).
 */
export function backtestRoutes(r: RouteRegistry, deps: AppDeps, services: AppServices): void {
  const { backtests } = services;
  const notFound = (id: string) =>
    new HttpProblem(404, 'backtest_not_found', `No backtest ${quoteSent(id)}.`, 'id');

  r.add(
    {
      method: 'post',
      path: '/api/backtests',
      roles: SIMULATION_WRITE_ROLES,
      summary:
        'Queue a backtest: calibrate on the history before T, simulate N months from the caseload at T, compare with the record; follow it with GET /api/backtests/{id}',
      tag: 'simulation',
      body: {
        types: ['application/json'],
        example: { pathwayId: 'continuum_of_need', at: '2024-01-01', months: 12, replications: 100 },
      },
      success: {
        status: 202,
        description:
          'The backtest id and its link (checked and queued); GET it for status, progress and result',
      },
      errors: [
        'invalid_value',
        'unknown_field',
        'pathway_not_found',
        'no_data',
        'backtest_outside_data',
        'simulation_too_large',
        'simulation_limit_user',
        'simulation_limit_global',
      ],
    },
    async (c) => {
      const request = await readJson(c, BacktestRequestSchema);
      // Refusals (bad T, too large, too many running: 429 with Retry-After) come before anything is queued.
      const { id, version } = await backtests.start(request, c.var.caller.role, c.var.caller.tokenId);
      await deps.store.audit.record({
        ...actor(c),
        action: 'backtest.queued',
        detail: { id, pathwayId: request.pathwayId, version, at: request.at, months: request.months },
      });
      return c.json({ id, status: 'queued', links: { self: `/api/backtests/${id}` } }, 202);
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/backtests/:id',
      roles: SIMULATION_READ_ROLES,
      summary:
        'A backtest: status (queued, running, done, failed, cancelled), progress (replications done of total), attempt and, once done, its result (per stage: recorded and simulated monthly stock and entries, MAPE, band coverage); ?format=csv&table=months|stages for one table as CSV',
      tag: 'simulation',
      query: {
        format: 'json (default) or csv (a finished backtest only)',
        table: 'with format=csv: months (default, per stage and month) or stages (MAPE and coverage)',
      },
      errors: ['backtest_not_found', 'invalid_value', 'backtest_not_finished'],
    },
    async (c) => {
      const id = param(c, 'id');
      const format = c.req.query('format') ?? 'json';
      const table = c.req.query('table') ?? 'months';
      if (format !== 'json' && format !== 'csv')
        throw new HttpProblem(422, 'invalid_value', 'format must be json or csv.', 'format');
      if (table !== 'months' && table !== 'stages')
        throw new HttpProblem(422, 'invalid_value', 'table must be months or stages.', 'table');
      const run = await backtests.get(id);
      if (!run) throw notFound(id);
      if (format === 'json') return c.json(run);
      if (run.status !== 'done' || !run.result)
        throw new HttpProblem(
          409,
          'backtest_not_finished',
          `Backtest "${id}" is ${run.status}; only a finished backtest has tables to export.`,
          'id',
        );
      const { result } = run;
      return c.body(csvTableText(backtestTable(result, table, result.stageLabels)), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="backtest-${result.pathwayId}-${result.at.slice(0, 10)}-${table}.csv"`,
      });
    },
  );

  r.add(
    {
      method: 'delete',
      path: '/api/backtests/:id',
      roles: SIMULATION_WRITE_ROLES,
      summary: 'Cancel a queued or running backtest (whichever worker runs it stops), or delete an ended one',
      tag: 'simulation',
      success: { status: 202, description: 'Cancelled (204 when an ended backtest was deleted)' },
      errors: ['backtest_not_found'],
    },
    async (c) => {
      const id = param(c, 'id');
      if (await backtests.cancel(id)) return c.json({ id, status: 'cancelled' }, 202);
      if (await backtests.delete(id)) return c.body(null, 204);
      throw notFound(id);
    },
  );
}
