import type { ImportFile, ImportJobRepository } from '@continuum/store';
import { HttpProblem } from '../http/problem.ts';
import type { UploadedFile } from '../services/ingestSources.ts';
import type { IngestForm } from './ingestForm.ts';
import { uploadedName } from './ingestForm.ts';
import { MultipartError, multipartParts } from './multipartParts.ts';

/** Bytes of a stored piece of a file (the last piece of each file may be shorter). */
const PIECE_BYTES = 1024 * 1024;
/** Bytes of a file kept in memory to tell its format (formats' importFormatOf reads 4 kB). */
const HEAD_BYTES = 4096;
/** The longest text field of the form (format, mode, extractDate...: short words). */
const MAX_FIELD_BYTES = 64 * 1024;

/** An upload received: its text fields, its files by their first bytes only, and the files' size. */
export interface ReceivedFiles {
  /** The form with each file's first 4 kB as its bytes (enough to tell the format and check the options). */
  form: IngestForm;
  stored: ImportFile[];
  bytes: number;
}

/**
 * Reads a multipart/form-data upload for `POST /api/imports` as it streams in, storing each file
 * part in the import's pieces (about 1 MiB each, in order) instead of holding it: only a piece and
 * each file's first 4 kB are in memory. Files are named as `POST /api/ingest` names them (a name
 * that looks like personal data is withheld). A body that is not readable multipart is 400
 * `invalid_multipart`; the byte cap is the caller's (`capped`).
 */
export async function receiveImportFiles(
  repo: ImportJobRepository,
  id: string,
  body: AsyncIterable<Uint8Array>,
  boundary: string,
): Promise<ReceivedFiles> {
  const files: UploadedFile[] = [];
  const stored: ImportFile[] = [];
  const fields = new Map<string, string>();
  let bytes = 0;
  let file: {
    n: number;
    seq: number;
    pending: Uint8Array[];
    pendingBytes: number;
    head: Uint8Array[];
  } | null = null;
  let text: { field: string; parts: Uint8Array[]; bytes: number } | null = null;

  const flush = async () => {
    if (!file || file.pendingBytes === 0) return;
    await repo.appendFilePiece(id, file.n, file.seq++, Buffer.concat(file.pending));
    file.pending = [];
    file.pendingBytes = 0;
  };
  const endPart = async () => {
    if (file) {
      await flush();
      files[file.n]!.bytes = Buffer.concat(file.head);
      file = null;
    }
    if (text) {
      if (!fields.has(text.field)) fields.set(text.field, Buffer.concat(text.parts).toString('utf8'));
      text = null;
    }
  };

  try {
    for await (const event of multipartParts(body, boundary)) {
      if (event.type === 'part') {
        await endPart();
        if (event.filename === undefined) text = { field: event.field, parts: [], bytes: 0 };
        else {
          const n = files.length;
          const named = uploadedName(event.filename, event.field, n + 1);
          files.push({ field: event.field, ...named, bytes: new Uint8Array() });
          stored.push({ field: event.field, ...named, bytes: 0 });
          file = { n, seq: 0, pending: [], pendingBytes: 0, head: [] };
        }
        continue;
      }
      const chunk = event.bytes;
      if (text) {
        text.bytes += chunk.byteLength;
        if (text.bytes > MAX_FIELD_BYTES)
          throw new HttpProblem(
            422,
            'invalid_value',
            `The form field ${text.field} is longer than ${MAX_FIELD_BYTES} bytes.`,
            text.field,
          );
        text.parts.push(chunk);
      } else if (file) {
        bytes += chunk.byteLength;
        stored[file.n]!.bytes += chunk.byteLength;
        const headSoFar = stored[file.n]!.bytes - chunk.byteLength;
        if (headSoFar < HEAD_BYTES) file.head.push(chunk.subarray(0, HEAD_BYTES - headSoFar));
        file.pending.push(chunk);
        file.pendingBytes += chunk.byteLength;
        if (file.pendingBytes >= PIECE_BYTES) await flush();
      }
    }
    await endPart();
  } catch (error) {
    if (error instanceof MultipartError)
      throw new HttpProblem(
        400,
        'invalid_multipart',
        `The body is not readable multipart/form-data (send the files as form fields with a boundary): ${error.message}.`,
        'body',
      );
    throw error;
  }
  return { form: { files, fields }, stored, bytes };
}
