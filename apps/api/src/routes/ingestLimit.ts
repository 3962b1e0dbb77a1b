import { HttpProblem } from '../http/problem.ts';

/** The default largest ingest body: 2 GiB (the canonical log is streamed; return files are held while read). */
export const DEFAULT_INGEST_LIMIT = 2 * 1024 ** 3;

/** The one answer for an upload over the limit, whether declared up front or found while streaming. */
export const tooLarge = (limit: number) =>
  new HttpProblem(
    413,
    'payload_too_large',
    `The upload is larger than ${limit} bytes; nothing was stored.`,
    'body',
  );

/** Counts bytes as they stream past and stops with 413 beyond the limit (the ingest then rolls back). */
export async function* capped(body: ReadableStream<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limit) {
      throw tooLarge(limit);
    }
    yield chunk;
  }
}
