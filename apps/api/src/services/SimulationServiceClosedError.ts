/** A run asked of a runner that is shutting down (the server is stopping); http/problem.ts answers 503. */
export class SimulationServiceClosedError extends Error {
  readonly code = 'shutting_down';

  constructor() {
    super('The server is shutting down and starts no new simulation runs; try again in a moment.');
    this.name = 'SimulationServiceClosedError';
  }
}
