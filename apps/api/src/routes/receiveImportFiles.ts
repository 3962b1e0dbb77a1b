import type { ImportFile, ImportJobRepository } from '@continuum/store';
import type { UploadedFile } from '../services/ingestSources.ts';
import type { IngestForm } from './ingestForm.ts';
import { uploadParts } from './uploadParts.ts';

/** Bytes of a stored piece of a file (the last piece of each file may be shorter). */
const PIECE_BYTES = 1024 * 1024;
/** Bytes of a file kept in memory to tell its format (formats' importFormatOf reads 4 kB). */
const HEAD_BYTES = 4096;

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
 * that looks like personal data is withheld), and refused as it refuses one (uploadParts); the
 * byte cap is the caller's (`capped`).
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

  const flush = async () => {
    if (!file || file.pendingBytes === 0) return;
    await repo.appendFilePiece(id, file.n, file.seq++, Buffer.concat(file.pending));
    file.pending = [];
    file.pendingBytes = 0;
  };
  const endFile = async () => {
    if (!file) return;
    await flush();
    files[file.n]!.bytes = Buffer.concat(file.head);
    file = null;
  };

  for await (const event of uploadParts(body, boundary)) {
    if (event.type === 'data') {
      if (!file) continue;
      const chunk = event.bytes;
      bytes += chunk.byteLength;
      stored[file.n]!.bytes += chunk.byteLength;
      const headSoFar = stored[file.n]!.bytes - chunk.byteLength;
      if (headSoFar < HEAD_BYTES) file.head.push(chunk.subarray(0, HEAD_BYTES - headSoFar));
      file.pending.push(chunk);
      file.pendingBytes += chunk.byteLength;
      if (file.pendingBytes >= PIECE_BYTES) await flush();
      continue;
    }
    await endFile();
    if (event.type === 'field') {
      if (!fields.has(event.field)) fields.set(event.field, event.value);
      continue;
    }
    const n = files.length;
    files.push({ field: event.field, name: event.name, ext: event.ext, bytes: new Uint8Array() });
    stored.push({ field: event.field, name: event.name, ext: event.ext, bytes: 0 });
    file = { n, seq: 0, pending: [], pendingBytes: 0, head: [] };
  }
  await endFile();
  return { form: { files, fields }, stored, bytes };
}
