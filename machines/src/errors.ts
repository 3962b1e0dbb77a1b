/** Thrown when a pathway definition has problems; carries every one of them. */
export class InvalidPathwayError extends Error {
  readonly code = 'invalid_pathway';
  constructor(readonly problems: import('./problem.ts').PathwayProblem[]) {
    super(`The pathway has ${problems.length} problem(s): ${problems.map((p) => p.message).join(' ')}`);
    this.name = 'InvalidPathwayError';
  }
}

/** Thrown when a case is asked to make a move its pathway does not allow from where it is. */
export class IllegalMoveError extends Error {
  readonly code = 'illegal_move';
  constructor(
    readonly stage: string,
    readonly attempted: string,
    readonly allowedEvents: string[],
  ) {
    super(
      `"${attempted}" is not a legal move from "${stage}"; allowed events: ${allowedEvents.join(', ') || 'none'}.`,
    );
    this.name = 'IllegalMoveError';
  }
}
