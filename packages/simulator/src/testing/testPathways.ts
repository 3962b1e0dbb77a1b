import { defaultPathway, type PathwayDefinitionInput } from '@continuum/machines';

/**
 * An M/M/c queue as a pathway: Poisson arrivals at one stage with c servers and exponential
 * service, then a terminal stage nobody returns from. Used by the queueing-theory tests and benches.
 */
export function mmcPathway(
  arrivalsPerDay: number,
  meanServiceDays: number,
  servers: number,
): PathwayDefinitionInput {
  return {
    id: 'mmc',
    name: 'M/M/c check',
    entry: 'service',
    arrivals: { perYear: arrivalsPerDay * 365.25 },
    stages: [
      {
        id: 'service',
        label: 'Service',
        level: 3,
        capacity: servers,
        duration: { type: 'exponential', meanDays: meanServiceDays },
        timescale: { value: meanServiceDays * 2, unit: 'days' },
      },
      { id: 'done', label: 'Done', level: 1, terminal: true },
    ],
    transitions: [{ from: 'service', to: 'done', event: 'finish', kind: 'close', weight: 1 }],
  };
}

/** Erlang C: probability of waiting and mean wait in queue for M/M/c (a = lambda / mu). */
export function erlangC(lambda: number, mu: number, c: number): { pWait: number; meanWait: number } {
  const a = lambda / mu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  const pWait = top / (sum + top);
  return { pWait, meanWait: pWait / (c * mu - lambda) };
}

/**
 * An M/M/c+M (Erlang A) queue as a pathway: like `mmcPathway`, but a waiting case gives up after an
 * exponential patience and moves (by a zero-weight move) to a terminal stage nobody returns from.
 */
export function mmcmPathway(
  arrivalsPerDay: number,
  meanServiceDays: number,
  servers: number,
  meanPatienceDays: number,
): PathwayDefinitionInput {
  return {
    id: 'mmcm',
    name: 'M/M/c+M check',
    entry: 'service',
    arrivals: { perYear: arrivalsPerDay * 365.25 },
    stages: [
      {
        id: 'service',
        label: 'Service',
        level: 3,
        capacity: servers,
        duration: { type: 'exponential', meanDays: meanServiceDays },
        whenFull: { patience: { type: 'exponential', meanDays: meanPatienceDays }, to: 'gave_up' },
      },
      { id: 'done', label: 'Done', level: 1, terminal: true },
      { id: 'gave_up', label: 'Gave up', level: 1, terminal: true },
    ],
    transitions: [
      { from: 'service', to: 'done', event: 'finish', kind: 'close', weight: 1 },
      { from: 'service', to: 'gave_up', event: 'give_up', kind: 'close', weight: 0 },
    ],
  };
}

/**
 * Erlang A (M/M/c+M) in steady state from its birth-death chain (birth lambda, death
 * min(n, c) mu + max(n - c, 0) theta), summed until the terms vanish: the probability that an
 * arrival abandons, theta E[Q] / lambda, the mean wait of all arrivals, E[Q] / lambda (Little), and
 * the share of time every server is busy, P(N >= c).
 */
export function erlangA(
  lambda: number,
  mu: number,
  c: number,
  theta: number,
): { pAbandon: number; meanWait: number; meanQueue: number; pFull: number } {
  let p = 1;
  let total = 1;
  let queue = 0;
  let full = c === 0 ? 1 : 0;
  for (let n = 1; n < 100_000; n++) {
    p *= lambda / (Math.min(n, c) * mu + Math.max(n - c, 0) * theta);
    total += p;
    queue += Math.max(n - c, 0) * p;
    if (n >= c) full += p;
    if (n > c && p < 1e-300) break;
    if (n > c && p / total < 1e-16) break;
  }
  const meanQueue = queue / total;
  return {
    pAbandon: (theta * meanQueue) / lambda,
    meanWait: meanQueue / lambda,
    meanQueue,
    pFull: full / total,
  };
}

/**
 * A service with known parameters and a large stock in every stage (referral, support, intensive
 * with a step-down, re-referrals from closed): backtests check themselves against its simulated logs.
 */
export function backtestPathway(): PathwayDefinitionInput {
  return {
    id: 'backtest',
    name: 'Backtest check',
    entry: 'referral',
    arrivals: { perYear: 12_000, seasonality: [1.1, 1.05, 1, 1, 0.95, 0.9, 0.8, 0.85, 1.1, 1.1, 1.05, 1.1] },
    stages: [
      {
        id: 'referral',
        label: 'Referral',
        level: 1,
        duration: { type: 'lognormal', medianDays: 25, sigma: 0.6 },
      },
      { id: 'support', label: 'Support', level: 2, duration: { type: 'gamma', shape: 2, scaleDays: 60 } },
      {
        id: 'intensive',
        label: 'Intensive',
        level: 3,
        duration: { type: 'lognormal', medianDays: 150, sigma: 0.7 },
      },
      {
        id: 'closed',
        label: 'Closed',
        level: 1,
        terminal: true,
        duration: { type: 'exponential', meanDays: 200 },
      },
    ],
    transitions: [
      { from: 'referral', to: 'support', event: 'accept', kind: 'progress', weight: 0.6 },
      { from: 'referral', to: 'closed', event: 'no_action', kind: 'close', weight: 0.4 },
      { from: 'support', to: 'intensive', event: 'escalate', kind: 'step-up', weight: 0.25 },
      { from: 'support', to: 'closed', event: 'close_support', kind: 'close', weight: 0.75 },
      { from: 'intensive', to: 'support', event: 'step_down', kind: 'step-down', weight: 0.3 },
      { from: 'intensive', to: 'closed', event: 'close_intensive', kind: 'close', weight: 0.7 },
      { from: 'closed', to: 'referral', event: 're_referral', kind: 're-referral', weight: 0.2 },
    ],
  };
}

/**
 * The default pathway without early help's staffing and give-up rule: the tests that check
 * recovery, Little's law or their own capacities need every stage unlimited, as it was written.
 */
export const unlimitedDefaultPathway: PathwayDefinitionInput = {
  ...defaultPathway,
  stages: defaultPathway.stages.map(({ staffing: _s, whenFull: _w, ...stage }) => stage),
};
