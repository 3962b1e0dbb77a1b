import { AnalyticsQueryError } from '@continuum/analytics';
import { InvalidPathwayError } from '@continuum/machines';
import { SimulationInputError } from '@continuum/simulator';
import { isStoreError, type StoreErrorCode } from '@continuum/store';
import type { Context } from 'hono';
import { SimulationLimitError } from '../services/SimulationAdmission.ts';
import { SimulationRequestError } from '../services/SimulationRequestError.ts';
import { SimulationServiceClosedError } from '../services/SimulationServiceClosedError.ts';
import { UploadRefusedError } from '../services/UploadRefusedError.ts';

/** The RFC 9457 body every error answer carries, with a stable `code` and the field at fault. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  [extension: string]: unknown;
}

/** An error that already knows its HTTP answer (thrown by routes and middleware). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/** A 429 problem; `sendProblem` turns its `retryAfter` into the Retry-After header. */
export function tooManyRequests(seconds: number, detail: string): HttpProblem {
  return new HttpProblem(429, 'too_many_requests', detail, undefined, { retryAfter: seconds });
}

const STATUS: Record<StoreErrorCode, number> = {
  case_not_found: 404,
  pathway_not_found: 404,
  case_exists: 409,
  illegal_move: 409,
  ambiguous_move: 409,
  out_of_order: 409,
  client_event_conflict: 409,
  stale_draft: 409,
  migration_unconfirmed: 409,
  token_not_found: 404,
  // Not 408: browsers resend a request answered 408 on a reused connection, starting the upload anew.
  upload_interrupted: 409,
  // Met only by a worker reading a stored upload back (see UploadSeal); the job records it.
  upload_unreadable: 422,
  unknown_stage: 422,
  unknown_event: 422,
  unknown_field: 422,
  invalid_value: 422,
  pii_rejected: 422,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  417: 'Expectation failed',
  431: 'Request header fields too large',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Builds the problem body for a status and code. */
export function problemOf(
  status: number,
  code: string,
  detail: string,
  field?: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    type: `https://continuum.local/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(field ? { field } : {}),
    ...extensions,
  };
}

/** Maps any thrown error to a problem: typed errors keep their code, anything else is a 500 (logged). */
export function toProblem(error: unknown): Problem {
  if (error instanceof HttpProblem) {
    return problemOf(error.status, error.code, error.detail, error.field, error.extensions);
  }
  if (isStoreError(error))
    return problemOf(STATUS[error.code], error.code, error.message, error.field, error.details);
  if (error instanceof InvalidPathwayError) {
    return problemOf(422, 'invalid_pathway', error.message, error.problems[0]?.path.join('.'), {
      problems: error.problems,
    });
  }
  if (error instanceof SimulationInputError) {
    return problemOf(422, error.code, error.message, error.problems[0]?.path.join('.'), {
      problems: error.problems,
    });
  }
  // The API's services: a run request that names nothing or is not valid, a limit, a shutdown.
  if (error instanceof SimulationRequestError) {
    const { problems } = error;
    return problemOf(
      error.kind === 'not_found' ? 404 : 422,
      error.code,
      error.message,
      problems[0]?.path.join('.'),
      problems.length ? { problems } : {},
    );
  }
  if (error instanceof SimulationLimitError) {
    const tooLarge = error.kind === 'too_large';
    return problemOf(
      tooLarge ? 422 : 429,
      error.code,
      error.detail,
      tooLarge ? 'replications' : undefined,
      error.details,
    );
  }
  if (error instanceof SimulationServiceClosedError) return problemOf(503, error.code, error.message);
  // An upload the import service refused, as POST /api/ingest and POST /api/imports both answer it.
  if (error instanceof UploadRefusedError) return problemOf(422, error.code, error.message, error.field);
  // The analytics core's refusal of a query the data cannot answer.
  if (error instanceof AnalyticsQueryError) {
    return problemOf(400, error.code, error.message, error.code === 'unknown_attribute' ? 'attr' : 'from');
  }
  console.error('Unexpected error', error);
  return problemOf(
    500,
    'internal_error',
    'Something went wrong on the server; nothing was changed by this request.',
  );
}

/** Sends a problem as application/problem+json; a 429 or 503 with a `retryAfter` also says Retry-After. */
export function sendProblem(c: Context, problem: Problem): Response {
  if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfter === 'number')
    c.header('Retry-After', String(problem.retryAfter));
  return c.body(JSON.stringify(problem), problem.status as 400, {
    'content-type': 'application/problem+json',
  });
}
