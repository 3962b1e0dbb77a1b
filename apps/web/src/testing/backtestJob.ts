import type { BacktestRunResponse } from '@continuum/contracts';

/** The backtest job as GET /api/backtests/b1 answers it at one moment (tests change what they need). */
export const backtestJob = (over: Partial<BacktestRunResponse>): BacktestRunResponse => ({
  id: 'b1',
  pathwayId: 'continuum_of_need',
  version: 1,
  status: 'running',
  done: 0,
  total: 20,
  request: {},
  result: null,
  error: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  heartbeatAt: null,
  attempt: 1,
  links: { self: '/api/backtests/b1' },
  ...over,
});
