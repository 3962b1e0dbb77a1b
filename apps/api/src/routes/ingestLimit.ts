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

/** The ingest mode a request names (default atomic); anything else is 422 naming `mode`. */
export function ingestModeOf(value: string | undefined): 'atomic' | 'partial' {
  const mode = value ?? 'atomic';
  if (mode !== 'atomic' && mode !== 'partial')
    throw new HttpProblem(422, 'invalid_value', 'mode must be atomic or partial.', 'mode');
  return mode;
}

/** The canonical log's format from a request's media type (either NDJSON spelling), if it is one. */
export function logFormatOf(contentType: string | undefined): 'csv' | 'ndjson' | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/x-ndjson' || type === 'application/ndjson') return 'ndjson';
  return undefined;
}
