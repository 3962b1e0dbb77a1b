import { compile } from '@continuum/machines';
import { simulateEventLog } from '@continuum/simulator';
import { type IngestReport, type RawRow, type Store, ingestEvents } from '@continuum/store';
import { DEMO_LOG, demoAttributeMix, demoPathway } from './demoPathway.ts';

/** What loading the demo did. */
export interface DemoLoad {
  startDate: string;
  endDate: string;
  ingest: IngestReport;
}

/** The demo's five years end today, so open cases, overdue lists and "last 12 months" KPIs are live. */
export function demoWindow(now = new Date()): { startDate: string; endDate: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const start = new Date(
    Date.UTC(end.getUTCFullYear() - DEMO_LOG.years, end.getUTCMonth(), end.getUTCDate()),
  );
  return { startDate: start.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10) };
}

/** The demo event log: the simulator run on the demo pathway (deterministic for a given window). */
export function demoRows(startDate: string) {
  return simulateEventLog({
    pathway: compile(demoPathway),
    startDate,
    years: DEMO_LOG.years,
    seed: DEMO_LOG.seed,
    warmupYears: DEMO_LOG.warmupYears,
    recordsPer31Days: DEMO_LOG.recordsPer31Days,
    attributes: demoAttributeMix,
    caseRefPrefix: 'DEMO',
  });
}

/**
 * Simulates the synthetic Jersey-sized service and ingests it atomically (all or nothing), telling
 * `onRows` how many rows have gone in. The case refs are synthetic and pseudonymised like any other.
 */
export async function loadDemo(
  store: Store,
  hmacKey: Buffer,
  onRows: (rows: number) => void = () => {},
  now = new Date(),
): Promise<DemoLoad> {
  const { startDate, endDate } = demoWindow(now);
  async function* rows(): AsyncGenerator<RawRow> {
    let line = 1;
    for (const values of demoRows(startDate)) {
      yield { line: ++line, values };
      if (line % 2000 === 0) onRows(line - 1);
    }
    onRows(line - 1);
  }
  const ingest = await ingestEvents(store, rows(), { mode: 'atomic', hmacKey });
  return { startDate, endDate, ingest };
}
