/** A failed API call in plain words: the problem+json `title` and `detail`, plus any pathway problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string | undefined,
    readonly body: unknown,
  ) {
    // The detail is the sentence a person acts on; the HTTP title ("Unprocessable content") is not.
    super(detail ?? title);
    this.name = 'ApiError';
  }
}

/** Turns anything thrown by a fetch into a sentence a person can act on. */
export function plainMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The server could not be reached. Check that it is running.';
  if (error instanceof Error) return error.message;
  return String(error);
}
