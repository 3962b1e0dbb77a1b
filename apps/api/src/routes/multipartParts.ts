/** A part of a multipart/form-data body begins (its bytes follow as `data` until the next part). */
export interface PartStart {
  type: 'part';
  /** The form field (`name` of Content-Disposition). */
  field: string;
  /** The file name when the part is a file ('' for a file input sent without one), undefined for a text field. */
  filename: string | undefined;
}

/** What reading a multipart body yields: a part's start, then its bytes in order, then the next part. */
export type MultipartEvent = PartStart | { type: 'data'; bytes: Uint8Array };

/** A body that is not readable multipart/form-data (no boundary, a part without a name, cut short). */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

/** The most bytes a part's headers may take. */
const MAX_HEADERS = 16 * 1024;

/** The boundary of a multipart/form-data media type (1-70 characters, RFC 2046), or undefined. */
export function multipartBoundary(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Reads a multipart/form-data body (RFC 7578) as it streams in, one part after another, holding
 * only the bytes not yet known to be outside a boundary: a file part's bytes are yielded as they
 * arrive, so a caller can store a large upload without holding it. The caller takes each part's
 * bytes before the next part is read. Throws MultipartError when the body is not readable.
 */
export async function* multipartParts(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
): AsyncGenerator<MultipartEvent> {
  // The delimiter is CRLF "--" boundary; the body's first one has no CRLF before it, so one is assumed.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const keep = delimiter.length + 3;
  let buf: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  const chunks = body[Symbol.asyncIterator]();
  let ended = false;
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      return false;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    return true;
  };
  /** After a delimiter: "--" ends the body, otherwise optional blanks and CRLF start a part's headers. */
  const afterDelimiter = async (): Promise<'headers' | 'done'> => {
    for (;;) {
      const text = buf.toString('latin1', 0, Math.min(buf.length, 2));
      if (text === '--') return 'done';
      const crlf = buf.indexOf('\r\n');
      if (crlf >= 0) {
        if (!/^[ \t]*$/.test(buf.toString('latin1', 0, crlf)))
          throw new MultipartError('a boundary is followed by something other than a new line');
        buf = buf.subarray(crlf + 2);
        return 'headers';
      }
      if (buf.length > 256)
        throw new MultipartError('a boundary is followed by something other than a new line');
      if (!(await more())) throw new MultipartError('the body ends after a boundary');
    }
  };
  try {
    while (state !== 'done') {
      if (state === 'preamble') {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          if (buf.length > keep) buf = buf.subarray(buf.length - keep);
          if (!(await more())) throw new MultipartError('no boundary was found');
          continue;
        }
        buf = buf.subarray(at + delimiter.length);
        state = await afterDelimiter();
      } else if (state === 'headers') {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > MAX_HEADERS) throw new MultipartError('a part has too many header bytes');
          if (!(await more())) throw new MultipartError('the body ends inside a part');
          continue;
        }
        const start = partStart(buf.toString('utf8', 0, end));
        buf = buf.subarray(end + 4);
        state = 'body';
        yield start;
      } else {
        const at = buf.indexOf(delimiter);
        if (at >= 0) {
          if (at > 0) yield { type: 'data', bytes: buf.subarray(0, at) };
          buf = buf.subarray(at + delimiter.length);
          state = await afterDelimiter();
          continue;
        }
        // Everything but the last bytes (which may begin the delimiter) is the part's.
        if (buf.length > keep) {
          const safe = buf.length - keep;
          yield { type: 'data', bytes: buf.subarray(0, safe) };
          buf = buf.subarray(safe);
        }
        if (!(await more())) throw new MultipartError('the body ends inside a part');
      }
    }
  } finally {
    if (!ended) await chunks.return?.();
  }
}

/** The start of a part from its header lines (Content-Disposition: form-data; name=...; filename=...). */
function partStart(headers: string): PartStart {
  const line = headers
    .split('\r\n')
    .find((l) => /^content-disposition\s*:/i.test(l))
    ?.replace(/^content-disposition\s*:\s*/i, '');
  if (line === undefined || !/^form-data\b/i.test(line))
    throw new MultipartError('a part has no Content-Disposition: form-data header');
  const params = dispositionParams(line);
  const field = params.get('name');
  if (field === undefined) throw new MultipartError('a part has no field name');
  const star = params.get('filename*');
  const filename = star !== undefined ? extendedValue(star) : params.get('filename');
  return { type: 'part', field, filename };
}

/** The parameters of a Content-Disposition value: name="value" (quoted, backslash escapes) or name=token. */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const name = m[1]!.toLowerCase();
    // Browsers write a quote and line ends in a name as %22, %0D, %0A (the HTML multipart encoding);
    // a backslash is kept, as the platform's parser keeps it (a Windows path).
    const v =
      m[2] !== undefined
        ? m[2].replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%22/g, '"')
        : m[3]!.trim();
    if (!params.has(name)) params.set(name, v);
  }
  return params;
}

/** An RFC 5987 value (`utf-8''na%C3%AFve.csv`) decoded; undecodable text stays as sent. */
function extendedValue(value: string): string {
  const m = /^[^']*'[^']*'(.*)$/.exec(value);
  try {
    return decodeURIComponent(m ? m[1]! : value);
  } catch {
    return m ? m[1]! : value;
  }
}
