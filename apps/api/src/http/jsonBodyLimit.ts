import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpProblem } from './problem.ts';

/** Hono env bindings @hono/node-server passes to the app (absent under `app.request()` in tests). */
interface NodeBindings {
  incoming?: IncomingMessage;
}

/** The Node request when the app runs under @hono/node-server, else undefined. */
export function incomingOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  return incoming && typeof incoming.on === 'function' && typeof incoming.headers === 'object'
    ? incoming
    : undefined;
}

/**
 * A request header (lower-case name), read from the Node request when there is one: `c.req.header`
 * makes node-server build a web Headers object from every raw header on first use.
 */
export function headerOf(c: Context, name: string): string | undefined {
  const incoming = incomingOf(c);
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Caps JSON bodies at `maxSize` bytes (413 via `onError`). Under @hono/node-server a body with a
 * Content-Length is checked from the Node request's headers and left in the socket for readJson to
 * read directly (`c.var.directBody`): touching `c.req.raw.body`, as hono's bodyLimit does, builds a
 * full web Request with a ReadableStream per request, which cost more CPU than a whole SQLite move.
 * Chunked bodies, and requests not served by node-server (tests), go through hono's bodyLimit.
 */
export function jsonBodyLimit(
  maxSize: number,
  onError: Parameters<typeof bodyLimit>[0]['onError'],
): MiddlewareHandler {
  const fallback = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const incoming = incomingOf(c);
    if (incoming) {
      const method = incoming.method;
      if (method === 'GET' || method === 'HEAD') return next();
      const length = incoming.headers['content-length'];
      if (length !== undefined && incoming.headers['transfer-encoding'] === undefined) {
        if (Number.parseInt(length, 10) > maxSize) return onError ? onError(c) : fallback(c, next);
        c.set('directBody', { incoming, maxSize });
        return next();
      }
    }
    return fallback(c, next);
  };
}

/** Reads the body left in the Node request by jsonBodyLimit (UTF-8, a leading BOM dropped like Request.text()). */
export function readIncomingText(incoming: IncomingMessage, maxSize: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxSize) {
        cleanup();
        reject(
          new HttpProblem(413, 'payload_too_large', `The body is larger than ${maxSize} bytes.`, 'body'),
        );
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error('request aborted'));
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onAborted);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onAborted);
  });
}
