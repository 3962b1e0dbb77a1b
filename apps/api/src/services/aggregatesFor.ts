import {
  type KpiReport,
  type ProcessMap,
  type SuppressedAggregates,
  suppressAggregates,
} from '@continuum/analytics';
import type { PathwayDefinition } from '@continuum/machines';
import type { Role } from '@continuum/store';

/** Roles with case-level access (cases in a stage, overdue lists): they see exact aggregates. */
export const CASE_LEVEL_ROLES: readonly Role[] = ['admin', 'manager', 'analyst'];

/** True when a role may see case-level data, and so exact small numbers. */
export function hasCaseLevelAccess(role: Role): boolean {
  return CASE_LEVEL_ROLES.includes(role);
}

/**
 * The one place the API applies the small-number policy by role: case-level roles get the map and
 * KPIs as computed; every other role (viewer) gets both suppressed together by suppressionPolicy.ts
 * (counts 1-4 and what would reveal them hidden, durations of small groups and maxima withheld), so
 * the KPIs cannot give away a count the map hides. Each part is computed only when needed.
 */
export function aggregatesFor<P extends 'map' | 'kpis'>(
  role: Role,
  part: P,
  compute: { map: () => ProcessMap; kpis: () => KpiReport },
  definition: PathwayDefinition,
): P extends 'map' ? ProcessMap | SuppressedAggregates['map'] : KpiReport | SuppressedAggregates['kpis'] {
  type Out = P extends 'map'
    ? ProcessMap | SuppressedAggregates['map']
    : KpiReport | SuppressedAggregates['kpis'];
  if (hasCaseLevelAccess(role)) return compute[part]() as Out;
  return suppressAggregates(compute.map(), compute.kpis(), definition)[part] as Out;
}
