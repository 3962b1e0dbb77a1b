/** Exit codes the `continuum` command returns; scripts can branch on them (documented in docs/formats-cli.md). */
export const ExitCode = {
  ok: 0,
  /** An unexpected failure (a bug): the message and stack go to stderr. */
  internal: 1,
  /** Bad usage: unknown command or option, missing argument, invalid option value. */
  usage: 2,
  /** The input was refused as a whole (missing file, not a workbook, invalid scenario): nothing was written. */
  invalidInput: 3,
  /** Done, but some rows were rejected (partial import); the report says which and why. */
  partial: 4,
  /** The database could not be opened or migrated. */
  database: 5,
  /** The database was written with another HMAC key than this instance's: refused, nothing done. */
  keyMismatch: 6,
} as const;

/** One of the exit codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as a message (no stack) with a meaningful exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly code = 'error',
  ) {
    super(message);
    this.name = 'CliError';
  }
}
