import { HttpProblem } from '../http/problem.ts';
import type { UploadedFile } from '../services/ingestSources.ts';
import { capped } from './ingestLimit.ts';
import { multipartBoundary } from './multipartParts.ts';
import { uploadParts } from './uploadParts.ts';

/** A multipart upload read: its files in order and its text fields (the first value of each). */
export interface IngestForm {
  files: UploadedFile[];
  fields: Map<string, string>;
}

/**
 * Reads a multipart/form-data upload through the byte cap (413 beyond it, nothing stored) by the
 * rules POST /api/imports reads one by (uploadParts). The files are held in memory: the return
 * importers read a whole workbook, XML file or table.
 */
export async function readIngestForm(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  limit: number,
): Promise<IngestForm> {
  const boundary = multipartBoundary(contentType);
  if (!boundary)
    throw new HttpProblem(
      400,
      'invalid_multipart',
      'The body is not readable multipart/form-data (send the files as form fields with a boundary).',
      'body',
    );
  const files: UploadedFile[] = [];
  const fields = new Map<string, string>();
  let chunks: Uint8Array[] | null = null;
  const endFile = () => {
    if (chunks) files[files.length - 1]!.bytes = Buffer.concat(chunks);
    chunks = null;
  };
  for await (const event of uploadParts(capped(body, limit), boundary)) {
    if (event.type === 'data') chunks?.push(event.bytes);
    else {
      endFile();
      if (event.type === 'field') {
        if (!fields.has(event.field)) fields.set(event.field, event.value);
      } else {
        files.push({ field: event.field, name: event.name, ext: event.ext, bytes: new Uint8Array() });
        chunks = [];
      }
    }
  }
  endFile();
  return { files, fields };
}
