import type { Duplex } from 'node:stream';
import { problemOf } from './problem.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

/** What Node's HTTP parser refused, as a status, a stable code and a sentence. */
function describe(error: NodeJS.ErrnoException): [number, string, string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'headers_too_large', 'The request headers are larger than the server accepts.'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'payload_too_large', 'The chunk extensions are larger than the server accepts.'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'The request was not received in time.'];
    default:
      return [
        400,
        'malformed_request',
        'The request is not valid HTTP/1.1 (method, target, headers or framing).',
      ];
  }
}

/**
 * The server's 'clientError' handler: Node's parser refused the request before any route saw it
 * (bad method, bad target, oversized or broken headers). Answers problem+json with the security
 * headers, as every other error path does, then closes the connection.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, detail] = describe(error);
  const body = JSON.stringify(problemOf(status, code, detail));
  const headers = {
    'content-type': 'application/problem+json',
    'content-length': String(Buffer.byteLength(body)),
    ...SECURITY_HEADERS,
    connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n${head}\r\n${body}`);
}
