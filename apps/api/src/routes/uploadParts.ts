import { HttpProblem } from '../http/problem.ts';
import { uploadedName } from '../services/uploadedName.ts';
import { MultipartError, multipartParts } from './multipartParts.ts';
import { quoteSent } from '@continuum/machines';
import { echoedField } from '../http/echoedField.ts';

/**
 * The most parts (files and text fields) an upload may have: a return is a handful of files and
 * options; without a cap, a body of millions of empty parts held a record for each.
 */
export const MAX_UPLOAD_PARTS = 100;
/** The longest text field of the form (format, mode, extractDate...: short words). */
const MAX_FIELD_BYTES = 64 * 1024;
/** The longest file name an upload may give (most file systems' own limit). */
const MAX_NAME_CHARS = 255;

/** What reading an upload yields: a text field whole, a file's start (named for the report), then its bytes in order. */
export type UploadEvent =
  | { type: 'field'; field: string; value: string }
  | { type: 'file'; field: string; name: string; ext: string }
  | { type: 'data'; bytes: Uint8Array };

/**
 * Reads a multipart/form-data upload as it streams in, for `POST /api/ingest` and `POST
 * /api/imports` alike: files are named by uploadedName (a file part with no name and no bytes, an
 * empty file input, is skipped), text fields come whole. Refused, with
 * nothing of it kept by the caller: a body that is not readable multipart (400
 * `invalid_multipart`), more than MAX_UPLOAD_PARTS parts (422 `too_many_files`), a text field over
 * 64 kB or a file name over 255 characters (422 `invalid_value`). The byte cap is the caller's.
 */
export async function* uploadParts(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
): AsyncGenerator<UploadEvent> {
  let parts = 0;
  let files = 0;
  let text: { field: string; chunks: Uint8Array[]; bytes: number } | null = null;
  // A file part sent with no file name: a file input left empty (no bytes: skipped), or a client's
  // file (named after its field once its first bytes come).
  let unnamed: string | null = null;
  const endText = (): UploadEvent | undefined => {
    if (!text) return undefined;
    const value = Buffer.concat(text.chunks).toString('utf8');
    const field = text.field;
    text = null;
    return { type: 'field', field, value };
  };
  try {
    for await (const event of multipartParts(body, boundary)) {
      if (event.type === 'data') {
        if (unnamed !== null) {
          yield { type: 'file', field: unnamed, ...uploadedName('', unnamed, ++files) };
          unnamed = null;
        }
        if (!text) {
          yield event;
          continue;
        }
        text.bytes += event.bytes.byteLength;
        if (text.bytes > MAX_FIELD_BYTES)
          throw new HttpProblem(
            422,
            'invalid_value',
            `The form field ${quoteSent(text.field)} is longer than ${MAX_FIELD_BYTES} bytes.`,
            echoedField(text.field, 'body'),
          );
        text.chunks.push(event.bytes);
        continue;
      }
      const field = endText();
      if (field) yield field;
      unnamed = null;
      if (++parts > MAX_UPLOAD_PARTS)
        throw new HttpProblem(
          422,
          'too_many_files',
          `An upload may have at most ${MAX_UPLOAD_PARTS} parts (files and form fields); send fewer files at a time.`,
          'file',
        );
      if (event.filename === undefined) {
        text = { field: event.field, chunks: [], bytes: 0 };
        continue;
      }
      if (event.filename === '') {
        unnamed = event.field;
        continue;
      }
      if ([...event.filename].length > MAX_NAME_CHARS)
        throw new HttpProblem(
          422,
          'invalid_value',
          `A file name is longer than ${MAX_NAME_CHARS} characters; rename the file and send it again.`,
          event.field,
        );
      yield { type: 'file', field: event.field, ...uploadedName(event.filename, event.field, ++files) };
    }
    const field = endText();
    if (field) yield field;
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
}
