import { ApiError } from './ApiError.ts';
import { readToken } from '../auth/tokenStore.ts';

/** Options for one API call; the bearer token comes from the session unless given. */
export interface ApiOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  token?: string;
}

/** Calls the API with the session's bearer token and turns problem+json answers into ApiError. */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const token = options.token ?? readToken();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const parsed = await bodyOf(response);
  if (!response.ok) throw toApiError(response.status, parsed);
  return parsed as T;
}

/** A response's body: its JSON when it parses, else its text (undefined when empty). */
async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** A refused response as an ApiError with the server's words, for calls that do not go through api(). */
export async function refusalOf(response: Response): Promise<ApiError> {
  return toApiError(response.status, await bodyOf(response));
}

/**
 * Fetches a file route (CSV, XES) with the session's bearer token, which a plain link cannot send;
 * a refusal becomes an ApiError with the server's words, like every other call.
 */
export async function fetchFile(path: string): Promise<Response> {
  const token = readToken();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw await refusalOf(response);
  return response;
}

/** A refused answer as an ApiError: the problem's title, detail and code, or words for its status. */
export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const title = typeof b.title === 'string' ? b.title : fallbackTitle(status);
    const detail = typeof b.detail === 'string' ? b.detail : undefined;
    const code = typeof b.code === 'string' ? b.code : undefined;
    return new ApiError(status, title, detail, code, body);
  }
  return new ApiError(
    status,
    fallbackTitle(status),
    typeof body === 'string' ? body.slice(0, 200) : undefined,
    undefined,
    body,
  );
}

function fallbackTitle(status: number): string {
  if (status === 401) return 'You are not signed in, or the token has expired';
  if (status === 403) return 'Your role does not allow this';
  if (status === 404) return 'Not found';
  if (status >= 500) return 'The server failed to answer';
  return `The request was refused (${status})`;
}
