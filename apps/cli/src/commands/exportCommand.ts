import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { exportChunks, type ExportFormat, type ExportWhat } from '../exportChunks.ts';
import { noProgress, type Progress } from '../output.ts';
import { withExamples } from './withExamples.ts';

/** `continuum export --format xes|csv`: writes the case log (or the map / KPIs as CSV) to a file or stdout. */
export function registerExport(program: Command, deps: CommandDeps): void {
  withExamples(
    program
      .command('export')
      .description(
        'export the case log as XES (process mining) or CSV (canonical event log), or the map/KPIs as CSV',
      ),
    [
      'continuum export --format xes --output case-log.xes',
      'continuum export --format csv --output case-log.csv',
      'continuum export --format csv --what kpis --from 2025-01-01 --to 2025-12-31',
      'continuum export --format csv --what map --to 2025-06-30 --output map.csv',
    ],
  )
    .addOption(new Option('--format <format>', 'output format').choices(['xes', 'csv']).makeOptionMandatory())
    .addOption(
      new Option('--what <what>', 'what to export (map and kpis are CSV only)')
        .choices(['log', 'map', 'kpis'])
        .default('log'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--from <date>', 'map/kpis: first day of the period (default: 12 months before --to)')
    .option('--to <date>', 'map/kpis: last day of the period (default: today)')
    .option('--as-of <date>', 'map/kpis: the day "open" refers to (default: --to)')
    .action(
      async (opts: {
        format: ExportFormat;
        what: ExportWhat;
        output?: string;
        from?: string;
        to?: string;
        asOf?: string;
      }) => {
        const out = deps.output();
        const ctx = await openContext(deps.config());
        try {
          const total = (await ctx.store.cases.counts()).events;
          const write = async (bar: Progress) => {
            const chunks = await exportChunks(ctx.store, opts.format, opts.what, (n) => bar.update(n), opts);
            const sink = opts.output ? createWriteStream(opts.output) : stdoutSink();
            await pipeline(Readable.from(chunks), sink);
          };
          // No bar when the export itself goes to stdout.
          if (opts.output) await out.track('export', total, write);
          else await write(noProgress);
          if (opts.output) {
            out.result(
              `Wrote ${opts.what} as ${opts.format.toUpperCase()} to ${opts.output} (${total} events in the store).`,
              {
                format: opts.format,
                what: opts.what,
                output: opts.output,
                events: total,
              },
            );
          }
        } finally {
          await ctx.store.close();
        }
      },
    );
}

/** stdout as a pipeline sink that is not closed at the end (the process still writes to it). */
function stdoutSink(): Writable {
  return new Writable({
    write(chunk, _enc, done) {
      if (process.stdout.write(chunk)) done();
      else process.stdout.once('drain', () => done());
    },
  });
}
