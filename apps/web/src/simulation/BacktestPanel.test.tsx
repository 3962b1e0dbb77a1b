import type { BacktestResponse, BacktestRunResponse } from '@continuum/contracts';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BacktestPanel } from './BacktestPanel.tsx';
import { backtestJob as job } from '../testing/backtestJob.ts';

// The chart (uPlot, which needs a real browser's canvas) is not what these tests are about.
vi.mock('./BacktestChart.tsx', () => ({ BacktestChart: () => null }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const result: BacktestResponse = {
  pathwayId: 'continuum_of_need',
  version: 1,
  stageLabels: { early_help: 'Early help' },
  at: '2024-01-01T00:00:00.000Z',
  months: 2,
  monthDays: 30.4375,
  times: ['2024-01-31', '2024-03-01'],
  replications: 20,
  seed: 1,
  calibration: { from: '2021-01-01', asOf: '2024-01-01', arrivalsPerYear: 400, trendPerYear: 0 },
  stages: [
    {
      stage: 'early_help',
      terminal: false,
      openAtT: 31,
      stock: null,
      entries: { actual: [5, 6], simulated: { mean: [5, 5], lo: [3, 3], hi: [7, 7] } },
      stockMape: 0.123,
      entriesMape: 0.1,
      stockCoverage: 1,
      entriesCoverage: 1,
      meanActualStock: 30,
      assessed: true,
    },
  ],
  summary: { maxStockMape: 0.123, coverage: 0.9, assessedStages: ['early_help'] },
  notes: [],
};

/**
 * A stand-in server: POST answers `started` (202 and the id by default), each GET the next of
 * `reads` (the last one again once they run out), DELETE 202. Every request is recorded.
 */
function serve(reads: BacktestRunResponse[], started?: { status: number; body: unknown }) {
  const sent: { method: string; url: string; body: unknown }[] = [];
  let read = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      sent.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const answer = (status: number, body: unknown) =>
        new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
        });
      if (method === 'POST')
        return started
          ? answer(started.status, started.body)
          : answer(202, { id: 'b1', status: 'queued', links: { self: '/api/backtests/b1' } });
      if (method === 'DELETE') return answer(202, { id: 'b1', status: 'cancelled' });
      return answer(200, reads[Math.min(read++, reads.length - 1)]);
    }),
  );
  render(<BacktestPanel pathwayId="continuum_of_need" version={1} dataEnd="2024-12-31" pollMs={1} />);
  fireEvent.click(screen.getByRole('button', { name: 'Run backtest' }));
  return sent;
}

describe('the backtest tab follows the backtest job to its result', () => {
  it('starts the job, shows its progress while queued and running, then the result', async () => {
    const progress: (string | null)[] = [];
    const sent = serve([
      job({ status: 'queued', attempt: null }),
      job({ status: 'running', done: 10 }),
      job({ status: 'done', done: 20, result }),
    ]);
    await waitFor(() => {
      progress.push(screen.queryByRole('progressbar')?.getAttribute('aria-valuenow') ?? null);
      expect(screen.getByTestId('backtest-summary')).toBeTruthy();
    });
    expect(screen.getByTestId('backtest-summary').textContent).toContain('12.3%');
    expect(screen.getByTestId('backtest-table').textContent).toContain('Early help');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: '/api/backtests',
      body: { pathwayId: 'continuum_of_need', version: 1, at: '2023-12-31', months: 12, replications: 200 },
    });
    expect(sent.slice(1).every((r) => r.method === 'GET' && r.url === '/api/backtests/b1')).toBe(true);
    expect(sent.filter((r) => r.method === 'GET')).toHaveLength(3);
    // Progress was shown on the way (its last reading before the result: half the replications).
    expect(progress).toContain('50');
  });

  it("says why when the backtest failed on the worker, in the server's words", async () => {
    serve([
      job({ status: 'running', done: 4 }),
      job({
        status: 'failed',
        error: {
          title: 'The backtest failed.',
          detail: 'No published pathway "continuum_of_need" version 1.',
        },
      }),
    ]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'The backtest failed. No published pathway "continuum_of_need" version 1.',
    );
    expect(screen.queryByTestId('backtest-summary')).toBeNull();
    expect(screen.getByRole('button', { name: 'Run backtest' })).toHaveProperty('disabled', false);
  });

  it('shows a refused request (problem+json) without following anything', async () => {
    const sent = serve([], {
      status: 422,
      body: {
        title: 'Unprocessable content',
        detail: 'T must have a year of record before it.',
        code: 'backtest_outside_data',
      },
    });
    const alert = await screen.findByRole('alert');
    // The detail alone: the HTTP title says nothing a person can act on.
    expect(alert.textContent).toContain('T must have a year of record before it.');
    expect(alert.textContent).not.toContain('Unprocessable');
    expect(sent.map((r) => r.method)).toEqual(['POST']);
  });

  it('cancels: the server is asked to stop it and the panel stops following it', async () => {
    const sent = serve([job({ status: 'running', done: 3 })]);
    await screen.findByRole('progressbar');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(sent.some((r) => r.method === 'DELETE')).toBe(true));
    expect(sent.find((r) => r.method === 'DELETE')?.url).toBe('/api/backtests/b1');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    const reads = sent.filter((r) => r.method === 'GET').length;
    await new Promise((r) => setTimeout(r, 20));
    expect(sent.filter((r) => r.method === 'GET').length).toBe(reads);
  });
});
