import type { PathwayDefinitionInput } from '@continuum/machines';

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
