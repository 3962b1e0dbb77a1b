import {
  type KpiReport,
  type RecordedEvent,
  type StageInterval,
  computeKpis,
  dayOf,
  indexFromIntervals,
} from '@continuum/analytics';
import { CODED_ATTRIBUTES, type Store } from '@continuum/store';

/**
 * The seed's KPIs over the 12 months to `asOf`, read from the store (every stay and record-only
 * event). An adapter kept here until the store/analytics packages expose a shared loader.
 */
export async function storeKpis(store: Store, asOf: string): Promise<KpiReport> {
  const version = await store.pathways.latest();
  if (!version) throw new Error('No published pathway.');
  const definition = store.pathways.compiled(version).definition;
  const intervals: StageInterval[] = [];
  const cases = new Map<number, Record<string, string | null>>();
  for await (const batch of store.intervals.stream()) {
    for (const iv of batch) {
      intervals.push(iv);
      if (!cases.has(iv.caseId)) cases.set(iv.caseId, iv.attributes);
    }
  }
  const recordOnly = new Set(definition.recordEvents);
  const recorded: RecordedEvent[] = [];
  for await (const batch of store.cases.streamEvents()) {
    for (const e of batch) {
      if (e.event !== null && recordOnly.has(e.event))
        recorded.push({ caseId: e.caseId, event: e.event, at: e.occurredAt });
    }
  }
  const index = indexFromIntervals(
    intervals,
    [...cases].map(([caseId, attributes]) => ({ caseId, attributes })),
    recorded,
  );
  const to = dayOf(asOf);
  return computeKpis(index, definition, { from: to - 364, to, asOf: to }, {}, CODED_ATTRIBUTES);
}

/** The KPI report as aligned text lines. */
export function kpiLines(report: KpiReport): string[] {
  return report.kpis.map((k) => `  ${k.name.padEnd(52)} ${k.value === null ? '-' : String(k.value)}`);
}
