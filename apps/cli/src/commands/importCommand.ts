import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dateInTimeDomain, TIME_DOMAIN } from '@continuum/machines';
import { eventRows, type ImportFormat, type OutsidePathway, type ReturnRead } from '@continuum/formats';
import {
  type IngestReport,
  type RawRow,
  csvBatches,
  ingestEvents,
  isStoreError,
  ndjsonBatches,
  storedPositions,
} from '@continuum/store';
import { type Command, Option } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import type { Output } from '../output.ts';
import { importFormat, readReturn, returnLines } from './importReturns.ts';
import { checkReportPath, importQualityLines, writeQualityReport } from './importQuality.ts';
import { eventSummary, refusedBeforeIngest, unsentSummary, uploadedName } from '@continuum/api';
import { summaryLine } from './importSummary.ts';
import { withExamples } from './withExamples.ts';

/** `continuum import <file>`: ingests a canonical event log (CSV/NDJSON) or an Ofsted Annex A workbook. */
export function registerImport(program: Command, deps: CommandDeps): void {
  withExamples(
    program
      .command('import')
      .description(
        'import cases from a canonical event log (CSV or NDJSON), an Ofsted Annex A workbook (.xlsx), CIN census XML files or SSDA903 CSV tables',
      ),
    [
      'continuum import case-log.csv',
      'continuum import case-log.csv --mode atomic --outside-pathway reject',
      'continuum import cin-census-2024.xml cin-census-2025.xml --report cin-quality.csv',
      'continuum import episodes.csv header.csv care-leavers.csv --format ssda903',
      'continuum import annex-a.xlsx --extract-date 2025-12-31',
    ],
  )
    .argument('<file>', 'the file to import')
    .argument('[more...]', 'CIN: further census years; SSDA903: the header and care leavers tables')
    .addOption(
      new Option('--format <format>', 'input format (default: from the file extension)').choices([
        'csv',
        'ndjson',
        'annex-a',
        'cin',
        'ssda903',
      ]),
    )
    .addOption(
      new Option('--mode <mode>', 'atomic: any bad row rolls back everything; partial: keep the valid cases')
        .choices(['atomic', 'partial'])
        .default('partial'),
    )
    .option('--extract-date <date>', 'Annex A: the extract date (YYYY-MM-DD); open rows are censored here')
    .addOption(
      new Option(
        '--outside-pathway <how>',
        'a recorded move the pathway lacks: flag (store it, flagged outside the pathway; default for annex-a, cin, ssda903) or reject (refuse its row; default for csv, ndjson)',
      ).choices(['flag', 'reject']),
    )
    .option(
      '--report <file>',
      'write the data-quality report to this CSV file (file, part, row, field, outcome, problem)',
    )
    .action(
      async (
        file: string,
        more: string[],
        opts: {
          format?: ImportFormat;
          mode: 'atomic' | 'partial';
          extractDate?: string;
          report?: string;
          outsidePathway?: OutsidePathway;
        },
      ) => {
        const out = deps.output();
        [file, ...more].forEach((f, i) => {
          if (!existsSync(f) || !statSync(f).isFile()) {
            // Named as the import's output names files: withheld when the path looks like personal data.
            const shown = uploadedName(f, 'file', i + 1).name;
            throw new CliError(`No such file: ${shown}`, ExitCode.invalidInput, 'file_not_found');
          }
        });
        if (opts.extractDate !== undefined && !isDomainDate(opts.extractDate)) {
          throw new CliError(
            `--extract-date must be a date as YYYY-MM-DD from ${TIME_DOMAIN.from} to ${TIME_DOMAIN.to}.`,
            ExitCode.usage,
            'bad_option',
          );
        }
        if (opts.report !== undefined) checkReportPath(opts.report);
        const paths = [file, ...more];
        const format = importFormat(
          paths.map((p) => ({ path: p, head: headOf(p) })),
          opts.format,
        );
        // The statutory returns record history as it happened; an event log names moves the pathway should have.
        const outside = opts.outsidePathway ?? (format === 'csv' || format === 'ndjson' ? 'reject' : 'flag');
        const ctx = await openContext(deps.config());
        try {
          // The returns are read into events first (children already stored continue from their stage).
          const returned =
            format === 'csv' || format === 'ndjson'
              ? undefined
              : await readReturn(format, paths, {
                  outsidePathway: outside,
                  storedPositions: storedPositions(ctx.store, ctx.hmacKey),
                  extractDate: opts.extractDate,
                });
          if (returned && refusedBeforeIngest(opts.mode, returned)) {
            // As POST /api/ingest: a rejected source row refuses an atomic import before ingest.
            printReport(out, file, format, null, returned, outside);
            if (opts.report !== undefined) writeQualityReport(opts.report, returned.quality);
            process.exitCode = ExitCode.invalidInput;
            return;
          }
          const total = returned ? returned.events.length : statSync(file).size;
          const report = await out.track('import', total, async (bar) => {
            let rows: AsyncIterable<RawRow | RawRow[]>;
            if (returned)
              rows = counted(
                eventRows(returned.events, returned.format === 'annex-a' ? 'annexa' : returned.format),
                (n) => bar.update(n),
              );
            else {
              const stream = countedBytes(createReadStream(file), (n) => bar.update(n));
              // Batches, so the store can look up a batch's cases in one round trip (PostgreSQL).
              rows = format === 'csv' ? csvBatches(stream) : ndjsonBatches(stream);
            }
            try {
              return await ingestEvents(ctx.store, rows, {
                mode: opts.mode,
                hmacKey: ctx.hmacKey,
                outsidePathway: outside,
              });
            } catch (error) {
              if (isStoreError(error)) throw new CliError(error.message, ExitCode.invalidInput, error.code);
              throw error;
            }
          });
          printReport(out, file, format, report, returned, outside);
          if (opts.report !== undefined)
            writeQualityReport(opts.report, importQualityLines(paths, report, returned));
          const sourceRejects = returned?.account.rejected ?? 0;
          if (!report.committed && report.rejectedRows > 0) process.exitCode = ExitCode.invalidInput;
          else if (report.rejectedRows > 0 || sourceRejects > 0) process.exitCode = ExitCode.partial;
        } finally {
          await ctx.store.close();
        }
      },
    );
}

/** The first 4 kB of a file as text, to tell its kind. */
function headOf(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, readSync(fd, buffer, 0, 4096, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

async function* counted<T>(items: AsyncIterable<T>, onCount: (n: number) => void): AsyncGenerator<T> {
  let n = 0;
  for await (const item of items) {
    yield item;
    if (++n % 500 === 0) onCount(n);
  }
  onCount(n);
}

async function* countedBytes(
  stream: AsyncIterable<Buffer>,
  onBytes: (n: number) => void,
): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of stream) {
    n += chunk.length;
    onBytes(n);
    yield chunk;
  }
}

function printReport(
  out: Output,
  path: string,
  format: ImportFormat,
  /** Null when an atomic return was refused before ingest (a rejected source row). */
  report: IngestReport | null,
  returned: ReturnRead | undefined,
  outsidePathway: OutsidePathway,
): void {
  // The path as given, unless it looks like personal data (as the API names uploads).
  const shown = uploadedName(path, 'file', 1).name;
  const lines: string[] = [];
  if (report) {
    lines.push(
      `Imported ${shown} (${format}, ${report.mode}): ${report.committed ? 'committed' : 'NOTHING WRITTEN'}.`,
      `  ${summaryLine(report, returned ? 'events' : 'rows')}`,
      `  cases created ${report.casesCreated}, updated ${report.casesUpdated}, rejected ${report.casesRejected}`,
    );
    for (const r of report.rejected.slice(0, 20))
      lines.push(`  row ${r.row}: ${r.code}${r.field ? ` (${r.field})` : ''}: ${r.message}`);
    if (report.rejected.length > 20 || report.rejectedNotListed > 0) {
      lines.push(`  ... ${report.rejectedRows - 20} more rejections (use --json for the list)`);
    }
  } else if (returned) {
    const { rejected, unit } = returned.account;
    lines.push(
      `Imported ${shown} (${format}, atomic): NOTHING WRITTEN: ${rejected} source ${unit} rejected (see below); use --mode partial to keep the valid cases.`,
      `  events ${returned.events.length}: none sent to the store`,
    );
  }
  if (returned) lines.push(...returnLines(returned, outsidePathway, report?.committed ?? false));
  const json = {
    format,
    summary: report ? eventSummary(report) : unsentSummary(returned?.events.length ?? 0),
    ingest: report,
  };
  if (returned?.format === 'annex-a') {
    const a = returned.result;
    out.result(lines.join('\n'), {
      ...json,
      source: returned.account,
      annexA: { extractDate: a.extractDate, children: a.cases, continued: a.continued, lists: a.lists },
    });
  } else if (returned) {
    out.result(lines.join('\n'), {
      ...json,
      source: returned.account,
      [returned.format]: {
        ...returned.result.report,
        children: returned.result.cases,
        continuationGaps: returned.gaps.length,
      },
    });
  } else out.result(lines.join('\n'), json);
}

/** A YYYY-MM-DD date that exists and lies inside the time domain. */
function isDomainDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && dateInTimeDomain(Number(m[1]), Number(m[2]), Number(m[3]));
}
