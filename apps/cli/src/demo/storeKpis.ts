import { type KpiReport, computeKpis, toDay } from '@continuum/analytics';
import { liveIndexFor } from '@continuum/api';
import { CODED_ATTRIBUTES, type Store } from '@continuum/store';

/** The seed's KPIs over the 12 months to `asOf`, from the store through the analytics package's loader. */
export async function storeKpis(store: Store, asOf: string): Promise<KpiReport> {
  const version = await store.pathways.latest();
  if (!version) throw new Error('No published pathway.');
  const index = await liveIndexFor(store).refresh();
  const to = toDay(asOf);
  return computeKpis(index, version.definition, { from: to - 364, to, asOf: to }, {}, CODED_ATTRIBUTES);
}

/** The KPI report as aligned text lines. */
export function kpiLines(report: KpiReport): string[] {
  return report.kpis.map((k) => `  ${k.name.padEnd(62)} ${k.value === null ? '-' : String(k.value)}`);
}
