import type { Role } from '@continuum/contracts';

// What each role may do, as apps/api/src/http/roles.ts admits it: the UI shows only these actions
// (the server still decides; a test walks every screen as a viewer and finds no button that ends in 403).

/** Map, KPIs, worklist counts and the suppressed publication (viewers see small numbers hidden). */
export const canReadAggregates = (role: Role) => role !== 'designer';
/** Case rows: stage case lists, the worklist's cases, a case's timeline, XES and the event log. */
export const canReadCases = (role: Role) => role === 'admin' || role === 'manager' || role === 'analyst';
/** Simulation runs, scenarios and calibrations (reading). */
export const canReadSimulations = (role: Role) =>
  role === 'admin' || role === 'manager' || role === 'analyst';
/** Starting and cancelling runs and saving scenarios. */
export const canRunSimulations = (role: Role) => role === 'admin' || role === 'analyst';
/** Importing files (`POST /api/ingest`, CASE_WRITE_ROLES): the Import page. */
export const canImport = (role: Role) => role === 'admin' || role === 'manager';
