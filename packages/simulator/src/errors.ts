/** One reason a simulation input cannot run, with the field path so the API can point at it. */
export interface SimulationProblem {
  path: (string | number)[];
  code: string;
  message: string;
}

/** Thrown when a pathway, scenario or run option cannot be simulated; carries every problem found. */
export class SimulationInputError extends Error {
  readonly code = 'invalid_simulation_input';
  constructor(readonly problems: SimulationProblem[]) {
    super(problems.map((p) => p.message).join(' '));
    this.name = 'SimulationInputError';
  }
}

/** Thrown when a run is cancelled through its AbortSignal. */
export class SimulationCancelledError extends Error {
  readonly code = 'simulation_cancelled';
  constructor() {
    super('The simulation was cancelled.');
    this.name = 'SimulationCancelledError';
  }
}
