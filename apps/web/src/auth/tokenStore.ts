const KEY = 'continuum.token';

/** The bearer token lives in sessionStorage: it is gone when the tab closes, never in localStorage. */
export function readToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Stores (or with null, forgets) the session's bearer token. */
export function writeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
}
