import { detectPii } from '@continuum/machines';
import { HttpProblem } from '../http/problem.ts';
import type { UploadedFile } from '../services/ingestSources.ts';
import { capped, tooLarge } from './ingestLimit.ts';

/** A multipart upload read: its files in order and its text fields (the first value of each). */
export interface IngestForm {
  files: UploadedFile[];
  fields: Map<string, string>;
}

/**
 * Reads a multipart/form-data upload through the byte cap (413 beyond it, nothing stored). The
 * files are held in memory: the return importers read a whole workbook, XML file or table.
 */
export async function readIngestForm(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  limit: number,
): Promise<IngestForm> {
  let over = false;
  const chunks = capped(body, limit);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        over = error instanceof HttpProblem;
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  let form: FormData;
  try {
    form = await new Response(stream, { headers: { 'content-type': contentType } }).formData();
  } catch {
    if (over) throw tooLarge(limit);
    throw new HttpProblem(
      400,
      'invalid_multipart',
      'The body is not readable multipart/form-data (send the files as form fields with a boundary).',
      'body',
    );
  }
  const files: UploadedFile[] = [];
  const fields = new Map<string, string>();
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (!fields.has(field)) fields.set(field, value);
      continue;
    }
    files.push({
      field,
      ...uploadedName(value.name, field, files.length + 1),
      bytes: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { files, fields };
}

/**
 * The name the `n`th file of an upload goes by in the report, and its extension: its own name (else
 * its form field's), unless the name looks like personal data (a child's name, a date of birth),
 * which the report must not echo; then `file N` with the reason. POST /api/imports names the files
 * it stores by this rule too.
 */
export function uploadedName(filename: string, field: string, n: number): { name: string; ext: string } {
  const name = filename || field;
  const why = detectPii(name);
  return {
    name: why ? `file ${n} (name withheld: ${why})` : name,
    ext: /\.[a-z0-9]+$/i.exec(name)?.[0] ?? '',
  };
}
