import { ROLES, type Role } from '@continuum/store';

/** Every role, for routes any authenticated caller may use. */
export const ALL_ROLES: readonly Role[] = ROLES;

/** Roles that may read aggregates (map, KPIs, throughput); viewers get them suppressed. */
export const AGGREGATE_ROLES: readonly Role[] = ['admin', 'manager', 'analyst', 'viewer'];

/** Who may open and move cases and ingest extracts. */
export const CASE_WRITE_ROLES: readonly Role[] = ['admin', 'manager'];

/** Who may design, validate and publish pathways and move open cases between versions. */
export const PATHWAY_DESIGN_ROLES: readonly Role[] = ['admin', 'designer'];

/** Who may issue, list and revoke API tokens. */
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/** Roles with case-level access (cases in a stage, overdue lists): they see exact aggregates. */
export const CASE_LEVEL_ROLES: readonly Role[] = ['admin', 'manager', 'analyst'];

/** Who may start/cancel simulation runs and save scenarios. */
export const SIMULATION_WRITE_ROLES: readonly Role[] = ['analyst', 'admin'];

/** Who may read simulation runs, scenarios and calibration. */
export const SIMULATION_READ_ROLES: readonly Role[] = ['analyst', 'admin', 'manager'];

/** True when a role may see case-level data, and so exact small numbers. */
export function hasCaseLevelAccess(role: Role): boolean {
  return CASE_LEVEL_ROLES.includes(role);
}
