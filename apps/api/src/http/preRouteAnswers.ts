import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemOf } from './problem.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';
import { writeRawProblem } from './writeRawProblem.ts';

// Answers to requests Node's HTTP server handles itself, before the request listener and its
// routes: without them Node sends empty 400/417/431 answers or drops a CONNECT unanswered.

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
  writeRawProblem(socket, ...describe(error));
}

/** The server's 'checkExpectation' handler: an Expect other than 100-continue is a problem+json 417. */
export function answerUnmetExpectation(response: ServerResponse): void {
  const body = JSON.stringify(
    problemOf(417, 'expectation_failed', 'The only Expect this server meets is 100-continue.', 'expect'),
  );
  response.writeHead(417, {
    ...SECURITY_HEADERS,
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/** The server's 'connect' handler: CONNECT (a proxy's method) is a problem+json 405. */
export function answerConnect(socket: Duplex): void {
  writeRawProblem(socket, 405, 'method_not_allowed', 'CONNECT is not supported: this is not a proxy.');
}
