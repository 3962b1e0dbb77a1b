import { exportLog } from '@continuum/formats';
import type { Store } from '@continuum/store';
import { CliError, ExitCode } from './exitCodes.ts';

/** Export formats the CLI offers. */
export type ExportFormat = 'xes' | 'csv';
/** What to export: the case log, or the process map / KPIs (CSV only). */
export type ExportWhat = 'log' | 'map' | 'kpis';

/** The text chunks of one export, read from the store as they are written. */
export function exportChunks(
  store: Store,
  format: ExportFormat,
  what: ExportWhat,
  onEvents: (count: number) => void,
): AsyncIterable<string> {
  if (what === 'log') return exportLog(store.cases, format, onEvents);
  if (format !== 'csv') {
    throw new CliError(
      `--what ${what} is exported as CSV only (use --format csv).`,
      ExitCode.usage,
      'bad_option',
    );
  }
  throw new CliError(`--what ${what} is not available yet.`, ExitCode.usage, 'not_available');
}
