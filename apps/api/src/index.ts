export { createApp, routesOf } from './createApp.ts';
export { startServer, type ServerOptions, type RunningServer } from './server.ts';
export { createFirstAdminToken, createToken, publishDefaultPathwayIfEmpty } from './bootstrap.ts';
export type { AppDeps, AppEnv, Caller } from './AppDeps.ts';
export { RouteRegistry, ALL_ROLES, type RouteSpec } from './http/RouteRegistry.ts';
export { requireRoles } from './http/auth.ts';
export { HttpProblem, problemOf, sendProblem, toProblem, type Problem } from './http/problem.ts';
export { readJson } from './http/readJson.ts';
export { staticFiles } from './staticFiles.ts';
