import type { CalibrationListResponse } from '@continuum/contracts';
import { fitReport } from '@continuum/simulator';
import type { AppDeps } from '../AppDeps.ts';
import { HttpProblem } from '../http/problem.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { SIMULATION_READ_ROLES } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { CalibrationSource } from '../services/CalibrationSource.ts';
import { backtestRoutes } from './backtests.ts';
import { quoteSent } from '@continuum/machines';

/**
 * GET /api/calibration: one calibrated baseline per published pathway (latest version) with
 * recorded stays; `?pathwayId=&version=` narrows it; `?fit=true` adds the fit report (the last year
 * replayed from its recorded open stock and compared with the recorded stock per stage). Also
 * registers POST /api/backtests (routes/backtests.ts).
 */
export function calibrationRoutes(r: RouteRegistry, deps: AppDeps, services: AppServices): void {
  const { store } = deps;
  const { runner, calibrations: source } = services;
  // The backtest sits beside the calibration it checks.
  backtestRoutes(r, deps, services);
  r.add(
    {
      method: 'get',
      path: '/api/calibration',
      roles: SIMULATION_READ_ROLES,
      summary:
        'Simulation parameters estimated from the recorded cases (censoring-aware), with an optional fit report',
      tag: 'simulation',
      query: {
        pathwayId: 'one pathway',
        version: 'its version (default latest)',
        fit: 'true to add the fit report',
      },
      errors: ['pathway_not_found', 'invalid_value'],
    },
    async (c) => {
      const pathwayId = c.req.query('pathwayId');
      const versionText = c.req.query('version');
      const version = versionText === undefined ? undefined : Number(versionText);
      if (version !== undefined && !(Number.isInteger(version) && version > 0))
        throw new HttpProblem(422, 'invalid_value', 'version must be a positive integer.', 'version');
      const versions = pathwayId
        ? [await runner.version(pathwayId, version).catch(() => undefined)]
        : await Promise.all(
            (await store.pathways.list()).map((p) => store.pathways.get(p.pathwayId, p.latestVersion)),
          );
      if (pathwayId && !versions[0])
        throw new HttpProblem(
          404,
          'pathway_not_found',
          `No published pathway ${quoteSent(pathwayId)}.`,
          'pathwayId',
        );
      const calibrations = [];
      for (const v of versions) {
        if (!v) continue;
        const compiled = store.pathways.compiled(v);
        const cal = await source.calibration(v, compiled);
        if (!cal) continue;
        // Today's caseload, which a run from today starts with (closed cases are on nobody's books).
        const live = await source.liveStock(v);
        const terminal = new Set(compiled.definition.stages.filter((s) => s.terminal).map((s) => s.id));
        calibrations.push({
          id: CalibrationSource.idOf(v),
          label: `${v.name} v${v.version}, calibrated from ${cal.from.slice(0, 10)} to ${cal.asOf.slice(0, 10)}`,
          pathwayId: v.pathwayId,
          version: v.version,
          from: cal.from,
          to: cal.asOf,
          arrivals: cal.arrivals,
          stages: cal.stages,
          unmatchedMoves: cal.unmatchedMoves,
          pathway: cal.pathway,
          notes: cal.notes,
          openCases: live.stock.filter((c) => !terminal.has(c.stage)).length,
          openAsOf: new Date(live.asOf).toISOString(),
          ...(c.req.query('fit') === 'true' ? { fit: await fitReport(cal, { replications: 10 }) } : {}),
        });
      }
      return c.json({ calibrations } satisfies CalibrationListResponse);
    },
  );
}
