import { ScenarioComparisonSchema } from '@continuum/contracts';
import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { csvRows, ingestEvents } from '@continuum/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

describeEachEngine('simulation results people read', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { simulations: { workers: 0, pollMs: 20 } });
    const csv = eventLogCsv(
      simulateEventLog({
        pathway: defaultPathway,
        startDate: '2022-01-01',
        years: 2,
        seed: 3,
        arrivalsPerYear: 400,
      }),
    );
    await ingestEvents(store(), csvRows([[...csv].join('')]), { mode: 'atomic', hmacKey: t.deps.hmacKey });
  });
  afterAll(async () => {
    await t.app.close();
  });
  const request = {
    pathwayId: 'continuum_of_need',
    scenario: { name: 'Early help +20%', capacityMultiplier: { early_help: 1.2 } },
    replications: 4,
    horizonDays: 90,
    seed: 2,
  };
  const finished = async (body: unknown) => {
    const started = await t.call('analyst', 'POST', '/api/simulations', body);
    expect(started.status).toBe(202);
    const { id } = await started.json();
    await t.app.services.runner.idle();
    return { id: id as string, run: await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json() };
  };

  it("starts from today's caseload by default, with stage labels and money units; from empty with warm-up only when asked", async () => {
    const { run } = await finished(request);
    expect(run.status).toBe('done');
    const result = ScenarioComparisonSchema.parse(run.result);
    expect(result.baseline.startingCases).toBeGreaterThan(0);
    expect(result.baseline.warmupDays).toBe(0);
    expect(result.baseline.startDate).toMatch(/^(2023-12-3[01]|2024-01-01)$/);
    expect(result.scenario.stageLabels.early_help).toBe('Early help');
    expect(result.baseline.money).toEqual({
      currency: 'GBP',
      period: 'horizon',
      weeks: expect.closeTo(90 / 7, 2),
    });
    const empty = await finished({ ...request, startFrom: 'empty' });
    expect(empty.run.result.baseline.startingCases).toBe(0);
    expect(empty.run.result.baseline.warmupDays).toBe(365);
  });

  it('exports every table as CSV, and refuses a bad table or an unfinished run', async () => {
    const { id } = await finished(request);
    const get = (q: string) => t.call('manager', 'GET', `/api/simulations/${id}${q}`);
    const stages = await get('?format=csv');
    expect(stages.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await stages.text()).split('\r\n');
    expect(lines[0]).toBe('run,stage,label,statistic,unit,mean,ci90_low,ci90_high,p5,p95');
    expect(lines.some((l) => l.startsWith('baseline,early_help,Early help,meanWaitAll,days,'))).toBe(true);
    const series = (await (await get('?format=csv&table=series')).text()).split('\r\n');
    expect(series[0]).toBe('run,stage,label,series,date,mean,band_low_90,band_high_90');
    expect(series.some((l) => /^scenario,child_in_need,Child in need,stock,\d{4}-\d{2}-\d{2},/.test(l))).toBe(
      true,
    );
    const diff = (await (await get('?format=csv&table=differences')).text()).split('\r\n');
    expect(diff.some((l) => l.startsWith('scenario - baseline,,All stages,cost,GBP over the horizon,'))).toBe(
      true,
    );
    const bad = await get('?format=csv&table=nope');
    expect(bad.status).toBe(422);
    expect((await bad.json()).code).toBe('invalid_value');
  });

  it('saves a scenario with its result and reopens it with the result', async () => {
    const { id } = await finished(request);
    const save = await t.call('analyst', 'POST', '/api/scenarios', {
      name: 'Early help +20%',
      request,
      runId: id,
    });
    expect(save.status).toBe(201);
    const saved = await save.json();
    const reopened = await (await t.call('manager', 'GET', `/api/scenarios/${saved.id}`)).json();
    expect(reopened.summary.runId).toBe(id);
    ScenarioComparisonSchema.parse(reopened.summary.result);
    const list = await (await t.call('manager', 'GET', '/api/scenarios')).json();
    const listed = list.scenarios.find((s: { id: string }) => s.id === saved.id);
    expect(listed.hasResult).toBe(true);
    expect(listed.summary.result).toBeUndefined();
    const unknown = await t.call('analyst', 'POST', '/api/scenarios', { name: 'x', request, runId: 'nope' });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).code).toBe('unknown_run');
  });
});
