/** One field problem of a simulation request, as the simulator reports its own. */
export interface RequestProblem {
  path: (string | number)[];
  code: string;
  message: string;
}

/**
 * Why a simulation request cannot start: what it names does not exist (`not_found`: no such
 * pathway or version) or it is not valid as asked (`invalid`: a calibration of another version, no
 * data to calibrate from). Carries every field problem; http/problem.ts maps it to 404 or 422.
 */
export class SimulationRequestError extends Error {
  constructor(
    readonly kind: 'not_found' | 'invalid',
    readonly code: string,
    message: string,
    readonly problems: RequestProblem[] = [],
  ) {
    super(message);
    this.name = 'SimulationRequestError';
  }
}
