import { computeKpis, dayOfDate, pathwayCalendar, processMap, toDay } from '@continuum/analytics';
import { liveIndexFor } from '@continuum/api';
import { TIME_DOMAIN } from '@continuum/machines';
import { exportLog, kpisCsv, mapCsv } from '@continuum/formats';
import { CODED_ATTRIBUTES, type Store } from '@continuum/store';
import { CliError, ExitCode } from './exitCodes.ts';

/** Export formats the CLI offers. */
export type ExportFormat = 'xes' | 'csv';
/** What to export: the case log, or the process map / KPIs (CSV only). */
export type ExportWhat = 'log' | 'map' | 'kpis';

/** The period of a map or KPI export (YYYY-MM-DD, inclusive); default the 12 months to today. */
export interface ExportPeriod {
  from?: string;
  to?: string;
  asOf?: string;
}

/** The text chunks of one export, read from the store as they are written. */
export async function exportChunks(
  store: Store,
  format: ExportFormat,
  what: ExportWhat,
  onEvents: (count: number) => void,
  period: ExportPeriod = {},
): Promise<AsyncIterable<string>> {
  if (what === 'log') return exportLog(store.cases, format, onEvents);
  if (format !== 'csv') {
    throw new CliError(
      `--what ${what} is exported as CSV only (use --format csv).`,
      ExitCode.usage,
      'bad_option',
    );
  }
  const version = await store.pathways.latest();
  if (!version)
    throw new CliError('No published pathway: run `continuum migrate`.', ExitCode.database, 'no_pathway');
  const day = (value: string | undefined, name: string, fallback: number) => {
    if (value === undefined) return fallback;
    const bad = () => new CliError(`--${name} must be a date as YYYY-MM-DD.`, ExitCode.usage, 'bad_option');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw bad();
    if (value < TIME_DOMAIN.from || value > TIME_DOMAIN.to) {
      throw new CliError(
        `--${name} must be from ${TIME_DOMAIN.from} to ${TIME_DOMAIN.to}.`,
        ExitCode.usage,
        'bad_option',
      );
    }
    try {
      return toDay(value);
    } catch {
      throw bad(); // 2024-02-30 has the shape but is not a date
    }
  };
  const to = day(period.to, 'to', dayOfDate(new Date()));
  const query = { from: day(period.from, 'from', to - 364), to, asOf: day(period.asOf, 'as-of', to) };
  if (query.to < query.from) throw new CliError('--to is before --from.', ExitCode.usage, 'bad_option');
  const index = await liveIndexFor(store).refresh();
  if (what === 'kpis') return kpisCsv(computeKpis(index, version.definition, query, {}, CODED_ATTRIBUTES));
  const calendar = pathwayCalendar(version.definition);
  return mapCsv(processMap(index, version.definition, query, calendar, CODED_ATTRIBUTES));
}
