/** One thing wrong with a pathway definition: where it is and what to do, in a plain sentence. */
export interface PathwayProblem {
  /** Path into the definition, e.g. `['transitions', 3, 'to']`. */
  path: (string | number)[];
  /** Stable machine-readable code, e.g. `unknown_stage`. */
  code: string;
  /** A sentence a service designer can act on. */
  message: string;
}
