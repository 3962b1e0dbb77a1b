import type { Role } from '@continuum/store';
import type { Handler, Hono } from 'hono';
import type { AppEnv } from '../AppDeps.ts';
import { AuthGate, requireRoles } from './auth.ts';
import type { FailedAuthLimits } from './failedAuthLimits.ts';
import { refuseUnknownQuery } from './refuseUnknownQuery.ts';
import type { Store } from '@continuum/store';

/** What a route declares about itself: the roles it admits and what the API reference says. */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path, e.g. `/api/cases/:caseId`. */
  path: string;
  roles: readonly Role[];
  summary: string;
  tag: string;
  /** Request body media types (first is the main one), an example, and examples per media type. */
  body?: { types: string[]; example?: unknown; examples?: Record<string, unknown> };
  /** Query parameters, name -> description. */
  query?: Record<string, string>;
  /** Success status and description. */
  success?: { status: number; description: string };
  /** Error codes this route may answer, for the reference. */
  errors?: string[];
}

/**
 * Registers routes with their declared roles (auth middleware attached) and keeps the list for the
 * OpenAPI document, the /docs page and the "every route checks its roles" test. Other route files
 * take a registry and call `add`.
 */
export class RouteRegistry {
  readonly specs: RouteSpec[] = [];
  /** Token cache, failed-auth throttle and refusal audit shared by every route. */
  readonly auth: AuthGate;

  constructor(
    readonly app: Hono<AppEnv>,
    private readonly store: Store,
    /** How long a verified token is remembered (0 = look it up on every request). */
    tokenCacheMs = 2000,
    failedAuthLimits?: FailedAuthLimits,
  ) {
    this.auth = new AuthGate(store, tokenCacheMs, failedAuthLimits);
  }

  /** The methods the registered routes answer at a request path (for a 405 naming them). */
  methodsAt(path: string): string[] {
    const matches = (pattern: string) => new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}/?$`).test(path);
    return [...new Set(this.specs.filter((s) => matches(s.path)).map((s) => s.method.toUpperCase()))].sort();
  }

  /** Adds one route: method + path + roles + handler. */
  add(spec: RouteSpec, handler: Handler<AppEnv>): void {
    this.specs.push(spec);
    this.app.on(
      spec.method.toUpperCase(),
      spec.path,
      requireRoles(this.store, spec.roles, this.auth),
      refuseUnknownQuery(spec.query),
      handler,
    );
  }
}
