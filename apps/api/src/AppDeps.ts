import type { IncomingMessage } from 'node:http';
import type { CaseService, Role, Store } from '@continuum/store';
import type { SimulationServiceOptions } from './services/AppServices.ts';
import type { ImportWorkerOptions } from './services/ImportWorker.ts';
import type { SimulationLimits } from './services/SimulationAdmission.ts';
import type { FailedAuthLimits } from './http/failedAuthLimits.ts';
import type { RateLimit } from './http/RateLimiter.ts';

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
  /** Working-day calendar for pathways that name none in their `calendar` field (default england-and-wales). */
  calendar?: 'england-and-wales' | 'jersey';
  /** How long a verified token is remembered, ms (default 2,000; 0 disables). Revocation takes effect within it. */
  tokenCacheMs?: number;
  /** Failed-authentication throttle per client address and server-wide (default DEFAULT_FAILED_AUTH_LIMITS). */
  failedAuthLimits?: FailedAuthLimits;
  /** Case-ref look-ups per caller (default 30 at once, then 30 a minute). */
  refLookupLimit?: RateLimit;
  /** Limits on simulation work: run size, runs per token, runs per instance (default DEFAULT_SIMULATION_LIMITS). */
  simulationLimits?: Partial<SimulationLimits>;
  /** How simulation runs are run: worker threads, SSE poll interval, lease timing (tests shrink them). */
  simulations?: SimulationServiceOptions;
  /** How uploads cut off mid-way are found and failed (tests shrink the timing). */
  imports?: ImportWorkerOptions;
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
