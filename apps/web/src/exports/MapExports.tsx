import type { Role } from '@continuum/contracts';
import { queryString, type MapQuery } from '../api/analytics.ts';
import { canReadAggregates, canReadCases } from '../ui/permissions.ts';
import { ExportButton } from './ExportButton.tsx';
import { exportFileName } from './exportFileName.ts';
import { saveFromApi } from './saveFile.ts';

/**
 * The map screen's downloads, each only for roles the route admits: the map and KPIs as CSV and
 * the suppressed publication (any role that reads aggregates), the case log as XES and CSV (case-
 * level roles). Files are named by pathway, version and period.
 */
export function MapExports({
  role,
  query,
  pathway,
}: {
  role: Role;
  query: MapQuery;
  pathway: { id: string; version: number | null } | undefined;
}) {
  if (!canReadAggregates(role)) return null;
  const qs = queryString(query);
  const name = (what: string, ext: 'csv' | 'xes') =>
    exportFileName({ pathway, what, from: query.from, to: query.to, ext });
  return (
    <section className="exports" aria-label="Exports" data-testid="map-exports">
      <span className="hint">Export:</span>
      <ExportButton
        label="Map CSV"
        testId="export-map"
        run={() => saveFromApi(`/api/export/csv?what=map&${qs}`, name('map', 'csv'))}
      />
      <ExportButton
        label="KPIs CSV"
        testId="export-kpis"
        run={() => saveFromApi(`/api/export/csv?what=kpis&${qs}`, name('kpis', 'csv'))}
      />
      <ExportButton
        label="Publication (suppressed) CSV"
        testId="export-publication"
        run={() => saveFromApi(`/api/analytics/export?format=csv&${qs}`, name('publication', 'csv'))}
      />
      {canReadCases(role) && (
        <>
          <ExportButton
            label="Case log XES"
            testId="export-xes"
            run={() =>
              saveFromApi(
                '/api/export/xes',
                exportFileName({ pathway, what: 'case-log', to: query.to, ext: 'xes' }),
              )
            }
          />
          <ExportButton
            label="Case log CSV"
            testId="export-log"
            run={() =>
              saveFromApi(
                '/api/export/csv?what=log',
                exportFileName({ pathway, what: 'case-log', to: query.to, ext: 'csv' }),
              )
            }
          />
        </>
      )}
    </section>
  );
}
