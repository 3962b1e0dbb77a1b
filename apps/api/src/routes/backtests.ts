import { csvTableText } from '@continuum/formats';
import { backtestTable } from '@continuum/simulator';
import type { AppDeps } from '../AppDeps.ts';
import { actor } from '../http/actor.ts';
import { HttpProblem } from '../http/problem.ts';
import { readJson } from '../http/readJson.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { SIMULATION_WRITE_ROLES } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { BacktestService } from '../services/BacktestService.ts';
import { BacktestRequestSchema } from '../services/simulationSchemas.ts';

/**
 * POST /api/backtests: calibrate on the record before T, simulate N months from the caseload open at
 * T, compare with what happened (monthly stock and entries per stage, MAPE, 90% band coverage).
 * `?format=csv&table=months|stages` answers one table as CSV. Runs on the app's worker pool under
 * the simulation limits, and answers when done.
 */
export function backtestRoutes(r: RouteRegistry, deps: AppDeps, services: AppServices): void {
  const service = new BacktestService(
    deps.store,
    services.calibrations,
    services.runner.admission,
    services.pool,
    deps.simulations?.workers,
  );
  r.add(
    {
      method: 'post',
      path: '/api/backtests',
      roles: SIMULATION_WRITE_ROLES,
      summary:
        'Backtest: calibrate on the history before T, simulate N months from the caseload at T, compare with the record',
      tag: 'simulation',
      query: {
        format: 'json (default) or csv',
        table: 'with format=csv: months (default, per stage and month) or stages (MAPE and coverage)',
      },
      body: {
        types: ['application/json'],
        example: { pathwayId: 'continuum_of_need', at: '2024-01-01', months: 12, replications: 100 },
      },
      success: {
        status: 200,
        description: 'Per stage: recorded and simulated monthly stock and entries, MAPE, band coverage',
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
      const format = c.req.query('format') ?? 'json';
      const table = c.req.query('table') ?? 'months';
      if (format !== 'json' && format !== 'csv')
        throw new HttpProblem(422, 'invalid_value', 'format must be json or csv.', 'format');
      if (table !== 'months' && table !== 'stages')
        throw new HttpProblem(422, 'invalid_value', 'table must be months or stages.', 'table');
      const request = await readJson(c, BacktestRequestSchema);
      const result = await service.run(request, c.var.caller.tokenId, c.req.raw.signal);
      await deps.store.audit.record({
        ...actor(c),
        action: 'backtest.run',
        detail: {
          pathwayId: result.pathwayId,
          version: result.version,
          at: request.at,
          months: request.months,
        },
      });
      if (format === 'csv')
        return c.body(csvTableText(backtestTable(result, table, result.stageLabels)), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="backtest-${result.pathwayId}-${request.at}-${table}.csv"`,
        });
      return c.json(result);
    },
  );
}
