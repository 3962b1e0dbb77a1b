import { BacktestResponseSchema } from '@continuum/contracts';
import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { csvRows, ingestEvents } from '@continuum/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

describeEachEngine('backtest API', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { simulations: { workers: 0 } });
    // Four years of a small synthetic service (2021-2024), ingested like any extract.
    const csv = eventLogCsv(
      simulateEventLog({
        pathway: defaultPathway,
        startDate: '2021-01-01',
        years: 4,
        seed: 5,
        arrivalsPerYear: 400,
      }),
    );
    const report = await ingestEvents(store(), csvRows([[...csv].join('')]), {
      mode: 'atomic',
      hmacKey: t.deps.hmacKey,
    });
    expect(report.rejected ?? []).toEqual([]);
  });
  afterAll(async () => {
    await t.app.close();
  });
  const body = { pathwayId: 'continuum_of_need', at: '2024-01-01', months: 12, replications: 20 };

  it('answers monthly stock and entries per stage, recorded against the simulated band, with MAPE and coverage', async () => {
    const res = await t.call('analyst', 'POST', '/api/backtests', body);
    expect(res.status).toBe(200);
    const b = BacktestResponseSchema.parse(await res.json());
    expect(b.times).toHaveLength(12);
    expect(b.stageLabels.early_help).toBe('Early help');
    const eh = b.stages.find((s) => s.stage === 'early_help')!;
    expect(eh.stock!.actual).toHaveLength(12);
    expect(eh.stock!.simulated.mean).toHaveLength(12);
    expect(eh.openAtT).toBeGreaterThan(0);
    expect(eh.stockMape).not.toBeNull();
    expect(b.summary.coverage).not.toBeNull();
    // a model fitted on its own kind of data: early help's stock within 25% on a small service
    expect(eh.stockMape!).toBeLessThan(0.25);
  });

  it('answers each table as CSV', async () => {
    const months = await t.call('analyst', 'POST', '/api/backtests?format=csv', body);
    expect(months.status).toBe(200);
    expect(months.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await months.text()).trim().split('\r\n');
    expect(lines[0]).toBe('stage,label,series,month_end,recorded,simulated_mean,band_low_90,band_high_90');
    expect(lines.some((l) => l.startsWith('early_help,Early help,stock,'))).toBe(true);
    const stages = await t.call('manager', 'POST', '/api/backtests?format=csv&table=stages', body);
    expect(stages.status).toBe(403); // running a backtest takes the analyst's (or admin's) role
    const asAdmin = await t.call('admin', 'POST', '/api/backtests?format=csv&table=stages', body);
    expect((await asAdmin.text()).split('\r\n')[0]).toMatch(
      /^stage,label,open_at_t,mean_recorded_stock,stock_mape/,
    );
  });

  it('refuses T outside the data, months past its end or out of range, unknown pathways, bad formats (problem+json)', async () => {
    const cases: [unknown, number, string, string | undefined][] = [
      [{ ...body, at: '2021-06-01' }, 422, 'backtest_outside_data', 'at'],
      [{ ...body, at: '2030-01-01' }, 422, 'backtest_outside_data', 'at'],
      [{ ...body, at: '2024-06-01', months: 12 }, 422, 'backtest_outside_data', 'months'],
      [{ ...body, months: 0 }, 422, 'invalid_value', 'months'],
      [{ ...body, months: 37 }, 422, 'invalid_value', 'months'],
      [{ ...body, at: '2024-13-01' }, 422, 'invalid_value', 'at'],
      [{ ...body, pathwayId: 'nothing_here' }, 404, 'pathway_not_found', undefined],
      [{ ...body, extra: 1 }, 422, 'unknown_field', undefined],
    ];
    for (const [b, status, code, field] of cases) {
      const res = await t.call('analyst', 'POST', '/api/backtests', b);
      expect(res.status, JSON.stringify(b)).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const p = await res.json();
      expect(p.code, JSON.stringify(b)).toBe(code);
      if (field) expect(JSON.stringify(p), JSON.stringify(b)).toContain(field);
    }
    const fmt = await t.call('analyst', 'POST', '/api/backtests?format=xml', body);
    expect(fmt.status).toBe(422);
    expect((await t.call('viewer', 'POST', '/api/backtests', body)).status).toBe(403);
  });
});
