import {
  type KpiReport,
  type ProcessMap,
  type SuppressedAggregates,
  suppressAggregates,
} from '@continuum/analytics';
import type { PathwayDefinition } from '@continuum/machines';

/**
 * The one place the API applies the small-number policy: a caller with case-level access (the
 * routes decide that from its role, http/roles.ts) gets the map and KPIs as computed; every other
 * caller (viewer) gets both suppressed together by suppressionPolicy.ts
 * (counts 1-4 and what would reveal them hidden, durations of small groups and maxima withheld), so
 * the KPIs cannot give away a count the map hides. Each part is computed only when needed.
 */
export function aggregatesFor<P extends 'map' | 'kpis'>(
  caseLevel: boolean,
  part: P,
  compute: { map: () => ProcessMap; kpis: () => KpiReport },
  definition: PathwayDefinition,
): P extends 'map' ? ProcessMap | SuppressedAggregates['map'] : KpiReport | SuppressedAggregates['kpis'] {
  type Out = P extends 'map'
    ? ProcessMap | SuppressedAggregates['map']
    : KpiReport | SuppressedAggregates['kpis'];
  if (caseLevel) return compute[part]() as Out;
  return suppressAggregates(compute.map(), compute.kpis(), definition)[part] as Out;
}
