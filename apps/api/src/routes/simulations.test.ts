import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { csvRows, ingestEvents, loadOrCreateHmacKey, SimulationRepository } from '@continuum/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import type { ContinuumApp } from '../createApp.ts';
import type { SimulationRunner } from '../services/SimulationRunner.ts';
import { createTestApp } from '../testing/testApp.ts';

describeEachEngine('simulation API', ({ store, dataDir }) => {
  const tokens: Record<string, string> = {};
  let app: ContinuumApp;
  let runner: SimulationRunner;
  const built: ContinuumApp[] = [];
  // The server's own factory (createApp through createTestApp); a second call is a second instance.
  const build = async (options: { heartbeatMs?: number } = {}) => {
    const t = await createTestApp(store(), dataDir(), {
      // Two tests start a deliberately long run (5,000 replications x 10 years) to cancel it mid-way.
      simulationLimits: { maxReplicationYears: 100_000 },
      simulations: { workers: 0, pollMs: 20, ...options },
    });
    built.push(t.app);
    return { app: t.app, runner: t.app.services.runner };
  };
  afterAll(async () => {
    for (const a of built) await a.close();
  });
  const call = (
    path: string,
    init: { method?: string; body?: unknown; role?: string; on?: ContinuumApp } = {},
  ) =>
    (init.on ?? app).request(path, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${tokens[init.role ?? 'analyst']}`,
        'content-type': 'application/json',
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  const small = { pathwayId: 'continuum_of_need', replications: 3, horizonDays: 60, warmupDays: 30, seed: 4 };

  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    const key = loadOrCreateHmacKey(dataDir());
    // Two years of a small synthetic service, ingested like any extract.
    const csv = [
      ...eventLogCsv(
        simulateEventLog({
          pathway: defaultPathway,
          startDate: '2022-01-01',
          years: 2,
          seed: 3,
          arrivalsPerYear: 400,
        }),
      ),
    ].join('');
    const report = await ingestEvents(store(), csvRows([csv]), { mode: 'atomic', hmacKey: key });
    expect(report.rejected ?? []).toEqual([]);
    for (const role of ['admin', 'manager', 'analyst', 'viewer', 'designer'] as const)
      tokens[role] = (await store().tokens.create(role, role)).token;
    ({ app, runner } = await build());
  });

  it('starts a run, streams progress over SSE, and returns the result with intervals', async () => {
    const res = await call('/api/simulations', { method: 'POST', body: small });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const events = await (await call(`/api/simulations/${id}/events`, { role: 'manager' })).text();
    expect(events).toContain('event: progress');
    expect(events).toMatch(/event: done\ndata: \{"id":"[^"]+"/);
    const run = await (await call(`/api/simulations/${id}`, { role: 'manager' })).json();
    expect(run).toMatchObject({
      id,
      status: 'done',
      done: 3,
      total: 3,
      pathwayId: 'continuum_of_need',
      version: 1,
    });
    const fd = run.result.stages.find((s: { stage: string }) => s.stage === 'front_door');
    expect(fd.stats.entries.mean).toBeGreaterThan(0);
    expect(fd.stats.entries.p5).toBeLessThanOrEqual(fd.stats.entries.p95);
    expect(run.result.times).toHaveLength(Math.ceil(60 / 7));
  });

  it('compares a scenario with its baseline (common random numbers)', async () => {
    const body = { ...small, scenario: { arrivalMultiplier: 1.5 } };
    const { id } = await (await call('/api/simulations', { method: 'POST', body })).json();
    await runner.idle();
    const run = await (await call(`/api/simulations/${id}`)).json();
    expect(run.status).toBe('done');
    expect(run.total).toBe(6);
    expect(Object.keys(run.result)).toEqual(['baseline', 'scenario', 'difference']);
    expect(run.result.difference.arrivals.mean).toBeGreaterThan(0);
  });

  it('refuses bad input with 422 problem+json naming the field, and unknown pathways with 404', async () => {
    const cases: [unknown, number, string][] = [
      [{ ...small, scenario: { arrivalsPerYear: -10 } }, 422, 'invalid_value'],
      [{ ...small, replications: 0 }, 422, 'invalid_value'],
      [{ ...small, colour: 'red' }, 422, 'unknown_field'],
      [
        { ...small, scenario: { weights: [{ from: 'early_help', event: 'teleport', weight: 1 }] } },
        422,
        'invalid_simulation_input',
      ],
      [{ ...small, scenario: { capacity: { nowhere: 3 } } }, 422, 'invalid_simulation_input'],
      [{ ...small, pathwayId: 'no_such_pathway' }, 404, 'pathway_not_found'],
      [{ ...small, calibrationId: 'other@9' }, 422, 'unknown_calibration'],
      [{ ...small, horizonDays: 30.5 }, 422, 'invalid_value'],
      [{ ...small, warmupDays: 0.5 }, 422, 'invalid_value'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call('/api/simulations', { method: 'POST', body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).code).toBe(code);
    }
    const weights = await (await call('/api/simulations', { method: 'POST', body: cases[3]![0] })).json();
    expect(weights.problems[0]).toMatchObject({ code: 'unknown_move', path: ['weights', 0] });
  });

  it('checks roles: analysts and admins run, managers only read, viewers and designers neither', async () => {
    expect((await call('/api/simulations', { method: 'POST', body: small, role: 'manager' })).status).toBe(
      403,
    );
    expect((await call('/api/simulations', { method: 'POST', body: small, role: 'viewer' })).status).toBe(
      403,
    );
    expect((await call('/api/scenarios', { role: 'designer' })).status).toBe(403);
    expect((await call('/api/scenarios', { role: 'manager' })).status).toBe(200);
    expect((await app.request('/api/scenarios')).status).toBe(401);
  });

  it('cancels a run with DELETE, and a second instance sees the cancellation', async () => {
    const { id } = await (
      await call('/api/simulations', {
        method: 'POST',
        body: { ...small, replications: 5000, horizonDays: 3650 },
      })
    ).json();
    const other = await build();
    const del = await call(`/api/simulations/${id}`, { method: 'DELETE', on: other.app });
    expect(del.status).toBe(202);
    await runner.idle();
    const run = await (await call(`/api/simulations/${id}`)).json();
    expect(run.status).toBe('cancelled');
    expect(run.done).toBeLessThan(5000);
    expect(await (await call(`/api/simulations/${id}/events`)).text()).toContain('event: cancelled');
    expect((await call(`/api/simulations/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/simulations/${id}`)).status).toBe(404);
  });

  it('saves scenarios in the database (every instance lists them) and refuses ones that do not apply', async () => {
    const body = {
      name: 'Early help +20%',
      request: {
        pathwayId: 'continuum_of_need',
        scenario: { capacity: { early_help: 60 } },
        horizonDays: 365,
        replications: 50,
      },
    };
    const res = await call('/api/scenarios', { method: 'POST', body });
    expect(res.status).toBe(201);
    const saved = await res.json();
    const other = await build();
    const list = await (await call('/api/scenarios', { on: other.app, role: 'manager' })).json();
    expect(list.scenarios.map((s: { id: string }) => s.id)).toContain(saved.id);
    expect((await call(`/api/scenarios/${saved.id}`)).status).toBe(200);
    const bad = await call('/api/scenarios', {
      method: 'POST',
      body: { ...body, request: { ...body.request, scenario: { capacity: { limbo: 3 } } } },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).problems[0].code).toBe('unknown_stage');
    expect((await call(`/api/scenarios/${saved.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/scenarios/${saved.id}`)).status).toBe(404);
  });

  it('calibrates from the store and runs the calibrated baseline from the live stock', async () => {
    const res = await call('/api/calibration?fit=true', { role: 'manager' });
    expect(res.status).toBe(200);
    const { calibrations } = await res.json();
    expect(calibrations).toHaveLength(1);
    const cal = calibrations[0];
    expect(cal.id).toBe('continuum_of_need@1');
    expect(cal.arrivals.perYear).toBeGreaterThan(300);
    expect(cal.arrivals.perYear).toBeLessThan(500);
    expect(cal.fit.stages.length).toBeGreaterThan(0);
    const { id } = await (
      await call('/api/simulations', {
        method: 'POST',
        body: { ...small, calibrationId: cal.id, startFrom: 'live', warmupDays: undefined },
      })
    ).json();
    await runner.idle();
    const run = await (await call(`/api/simulations/${id}`)).json();
    expect(run.status).toBe('done');
    expect(run.result.warmupDays).toBe(0);
    expect(run.result.startDate).toMatch(/^(2023-12-3[01]|2024-01-01)$/); // the latest recorded time
    const la = run.result.stages.find((s: { stage: string }) => s.stage === 'looked_after');
    expect(la.stock.mean[0]).toBeGreaterThan(0); // started from the recorded open cases, not empty
  });

  it('reports a run whose instance died (stale heartbeat) as failed, with a clear reason', async () => {
    const repo = new SimulationRepository(store().db, store().write);
    const row = { pathwayId: 'continuum_of_need', version: 1, total: 10, request: small, by: 'analyst' };
    // A row left "running" by an instance that died a minute ago, and one whose instance is alive.
    await repo.createRun({ ...row, id: 'dead-run', at: Date.now() - 60_000 });
    await repo.createRun({ ...row, id: 'live-run' });
    const dead = await (await call('/api/simulations/dead-run', { role: 'manager' })).json();
    expect(dead.status).toBe('failed');
    expect(dead.error.title).toMatch(/stopped responding/);
    expect(dead.error.detail).toMatch(/No heartbeat since .* \(more than 30 s\)/);
    expect(await (await call('/api/simulations/dead-run/events')).text()).toMatch(
      /event: failed\ndata: .*stopped responding/,
    );
    // The verdict is stored: a late heartbeat or finish from the old instance cannot revive it.
    expect(await repo.heartbeat('dead-run')).toBe('failed');
    await repo.finish('dead-run', 'done', { result: { late: true } });
    expect((await repo.getRun('dead-run'))?.status).toBe('failed');
    expect((await call('/api/simulations/dead-run', { method: 'DELETE' })).status).toBe(204);
    // A fresh lease is still running (and a heartbeat renews it).
    expect((await (await call('/api/simulations/live-run')).json()).status).toBe('running');
    expect(await repo.heartbeat('live-run')).toBe('running');
    expect(await repo.cancel('live-run')).toBe(true);
  });

  it('the instance running a run renews its heartbeat until the run ends', async () => {
    const fast = await build({ heartbeatMs: 25 });
    const { id } = await (
      await call('/api/simulations', {
        method: 'POST',
        body: { ...small, replications: 5000, horizonDays: 3650 },
        on: fast.app,
      })
    ).json();
    const first = (await (await call(`/api/simulations/${id}`)).json()).heartbeatAt as string;
    let later = first;
    for (let i = 0; i < 200 && later === first; i++) {
      await new Promise((r) => setTimeout(r, 25));
      later = (await (await call(`/api/simulations/${id}`)).json()).heartbeatAt;
    }
    expect(Date.parse(later)).toBeGreaterThan(Date.parse(first));
    expect((await call(`/api/simulations/${id}`, { method: 'DELETE', on: fast.app })).status).toBe(202);
    await fast.runner.idle();
    expect((await (await call(`/api/simulations/${id}`)).json()).status).toBe('cancelled');
  });

  it("calibrates and starts a new version from the pathway's whole record, not from the cases moved to it (last: publishes v2)", async () => {
    const v2 = structuredClone(defaultPathway);
    v2.stages[1]!.label = 'Assessment (renamed)';
    await store().pathways.publish(v2);
    const calibrationOf = async (version: number) =>
      (
        await (
          await call(`/api/calibration?pathwayId=continuum_of_need&version=${version}`, { role: 'manager' })
        ).json()
      ).calibrations[0];
    const [one, two] = [await calibrationOf(1), await calibrationOf(2)];
    expect(two.id).toBe('continuum_of_need@2');
    // No case is on version 2, yet it is calibrated from the same two years as version 1.
    expect(two.arrivals.perYear).toBe(one.arrivals.perYear);
    expect(two.openCases).toBe(one.openCases);
    expect(two.openCases).toBeGreaterThan(20);
    const { id } = await (
      await call('/api/simulations', {
        method: 'POST',
        body: { ...small, calibrationId: two.id, startFrom: 'live', warmupDays: undefined },
      })
    ).json();
    await runner.idle();
    const run = await (await call(`/api/simulations/${id}`)).json();
    expect(run.status).toBe('done');
    expect(run.result.warmupDays).toBe(0);
    expect(run.result.notes.join(' ')).not.toMatch(/started from empty/);
  });
});
