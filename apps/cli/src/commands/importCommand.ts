import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dateInTimeDomain, TIME_DOMAIN } from '@continuum/machines';
import {
  AnnexAError,
  type AnnexAImportOptions,
  type AnnexAImportResult,
  importAnnexA,
  type OutsidePathway,
  eventRows,
  sniffFormat,
} from '@continuum/formats';
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
import { type ReturnRead, readReturn, returnLines, returnRejects } from './importReturns.ts';
import { checkReportPath, importQualityLines, writeQualityReport } from './importQuality.ts';
import { importSummary, listLine, summaryLine } from './importSummary.ts';
import { withExamples } from './withExamples.ts';

/** Input formats `continuum import` reads. */
export type ImportFormat = 'csv' | 'ndjson' | 'annex-a' | 'cin' | 'ssda903';

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
        for (const f of [file, ...more]) {
          if (!existsSync(f) || !statSync(f).isFile()) {
            throw new CliError(`No such file: ${f}`, ExitCode.invalidInput, 'file_not_found');
          }
        }
        if (opts.extractDate !== undefined && !isDomainDate(opts.extractDate)) {
          throw new CliError(
            `--extract-date must be a date as YYYY-MM-DD from ${TIME_DOMAIN.from} to ${TIME_DOMAIN.to}.`,
            ExitCode.usage,
            'bad_option',
          );
        }
        if (opts.report !== undefined) checkReportPath(opts.report);
        const format = opts.format ?? formatOf(file);
        if (more.length > 0 && format !== 'cin' && format !== 'ssda903') {
          throw new CliError(`${format} imports one file at a time.`, ExitCode.usage, 'bad_option');
        }
        // The statutory returns record history as it happened; an event log names moves the pathway should have.
        const outside = opts.outsidePathway ?? (format === 'csv' || format === 'ndjson' ? 'reject' : 'flag');
        const ctx = await openContext(deps.config());
        try {
          const positions = storedPositions(ctx.store, ctx.hmacKey);
          const annexA =
            format === 'annex-a' ? await readAnnexA(file, opts.extractDate, positions, outside) : undefined;
          const returned =
            format === 'cin' || format === 'ssda903'
              ? await readReturn(format, [file, ...more], positions, outside)
              : undefined;
          const total = annexA
            ? annexA.events.length
            : returned
              ? returned.events.length
              : statSync(file).size;
          const report = await out.track('import', total, async (bar) => {
            let rows: AsyncIterable<RawRow | RawRow[]>;
            if (annexA) rows = counted(eventRows(annexA.events, 'annexa'), (n) => bar.update(n));
            else if (returned)
              rows = counted(eventRows(returned.events, returned.kind), (n) => bar.update(n));
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
          printReport(out, file, format, report, annexA, returned);
          if (opts.report !== undefined)
            writeQualityReport(opts.report, importQualityLines([file, ...more], report, annexA, returned));
          const listRejects =
            (annexA?.lists.reduce((n, l) => n + l.rejected, 0) ?? 0) +
            (returned ? returnRejects(returned) : 0);
          if (!report.committed && report.rejectedRows > 0) process.exitCode = ExitCode.invalidInput;
          else if (report.rejectedRows > 0 || listRejects > 0) process.exitCode = ExitCode.partial;
        } finally {
          await ctx.store.close();
        }
      },
    );
}

function formatOf(file: string): ImportFormat {
  const kind = sniffFormat(file, headOf(file));
  if (kind === 'annex-a' || kind === 'ndjson' || kind === 'csv' || kind === 'cin') return kind;
  if (kind !== undefined) return 'ssda903';
  throw new CliError(
    `Cannot tell the format of ${file} from its name or content; pass --format csv|ndjson|annex-a|cin|ssda903.`,
    ExitCode.usage,
    'unknown_format',
  );
}

/**
 * Reads the workbook with raw child IDs in memory only: they go straight into ingest, which
 * pseudonymises them with the store's HMAC key, so the same child links with CSV imports.
 */
async function readAnnexA(
  file: string,
  extractDate: string | undefined,
  storedPositions: AnnexAImportOptions['storedPositions'],
  outsidePathway: OutsidePathway,
): Promise<AnnexAImportResult> {
  try {
    return await importAnnexA(readFileSync(file), {
      pseudonymise: (id) => id,
      extractDate,
      storedPositions,
      outsidePathway,
    });
  } catch (error) {
    if (error instanceof AnnexAError)
      throw new CliError(`${file}: ${error.message}`, ExitCode.invalidInput, error.code);
    throw error;
  }
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
  file: string,
  format: ImportFormat,
  report: IngestReport,
  annexA: AnnexAImportResult | undefined,
  returned?: ReturnRead,
): void {
  const lines = [
    `Imported ${file} (${format}, ${report.mode}): ${report.committed ? 'committed' : 'NOTHING WRITTEN'}.`,
    `  ${summaryLine(report, annexA || returned ? 'events' : 'rows')}`,
    `  cases created ${report.casesCreated}, updated ${report.casesUpdated}, rejected ${report.casesRejected}`,
  ];
  for (const r of report.rejected.slice(0, 20))
    lines.push(`  row ${r.row}: ${r.code}${r.field ? ` (${r.field})` : ''}: ${r.message}`);
  if (report.rejected.length > 20 || report.rejectedNotListed > 0) {
    lines.push(`  ... ${report.rejectedRows - 20} more rejections (use --json for the list)`);
  }
  if (annexA) {
    const continued = annexA.continued
      ? `; ${annexA.continued} already in the store, continued after their last recorded event`
      : '';
    lines.push(`Annex A lists (extract date ${annexA.extractDate}, ${annexA.cases} children${continued}):`);
    for (const l of annexA.lists) {
      lines.push(listLine(l));
      for (const r of l.rejections.slice(0, 10)) lines.push(`    row ${r.row}: ${r.reason}`);
      for (const n of l.notes.slice(0, 10)) lines.push(`    row ${n.row}: note: ${n.note}`);
    }
  }
  if (returned) lines.push(...returnLines(returned));
  const json = returned
    ? {
        format,
        summary: importSummary(report),
        ingest: report,
        [returned.kind]: {
          ...returned.result.report,
          children: returned.result.cases,
          continuationGaps: returned.gaps,
        },
      }
    : annexA
      ? {
          format,
          summary: importSummary(report),
          ingest: report,
          annexA: {
            extractDate: annexA.extractDate,
            children: annexA.cases,
            continued: annexA.continued,
            lists: annexA.lists,
          },
        }
      : { format, summary: importSummary(report), ingest: report };
  out.result(lines.join('\n'), json);
}

/** A YYYY-MM-DD date that exists and lies inside the time domain. */
function isDomainDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && dateInTimeDomain(Number(m[1]), Number(m[2]), Number(m[3]));
}
