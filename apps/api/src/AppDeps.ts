import type { IncomingMessage } from 'node:http';
import type { CaseService, Role, Store } from '@continuum/store';

/** What the HTTP app needs; the server (or a test) builds it, the app never reads process.env. */
export interface AppDeps {
  store: Store;
  cases: CaseService;
  /** Pseudonymisation key (also used by bulk ingest). */
  hmacKey: Buffer;
  /** Largest JSON body accepted, in bytes (default 1 MiB). */
  jsonBodyLimit?: number;
  /** Largest ingest body accepted, in bytes (default 2 GiB); it is streamed, never held. */
  ingestBodyLimit?: number;
  /** Working-day calendar for overdue flags (default england-and-wales). */
  calendar?: 'england-and-wales' | 'jersey';
  /** How long a verified token is remembered, ms (default 2,000; 0 disables). Revocation takes effect within it. */
  tokenCacheMs?: number;
  /** Clock for days-in-stage and overdue (tests pin it). */
  now?: () => number;
}

/** The caller, once authenticated. */
export interface Caller {
  tokenId: number;
  role: Role;
  label: string;
}

/** Hono environment of every route: the authenticated caller is in `c.var.caller` (and its role in `c.var.role`). */
export interface AppEnv {
  Variables: {
    caller: Caller;
    role: Role;
    /** Set by jsonBodyLimit when readJson may read the Node request's body directly. */
    directBody?: { incoming: IncomingMessage; maxSize: number };
  };
}
