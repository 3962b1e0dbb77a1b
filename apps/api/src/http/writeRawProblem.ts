import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemOf } from './problem.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

/**
 * Writes a problem+json answer straight onto a socket and closes it: for requests Node handles
 * before any route (parser errors, CONNECT), which have no response object to answer through.
 */
export function writeRawProblem(socket: Duplex, status: number, code: string, detail: string): void {
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
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head}\r\n${body}`);
}
