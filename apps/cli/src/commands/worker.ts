import { startJobWorkers } from '@continuum/api';
import type { Command } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { checkedHmacKey, openConfiguredStore, redact } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { wholeNumber } from './wholeNumber.ts';
import { withExamples } from './withExamples.ts';

/**
 * `continuum worker`: runs simulation and backtest jobs (and, with --imports, large imports) from the PostgreSQL
 * job queue until Ctrl-C/SIGTERM, in any number of processes on any machines sharing the database.
 * Stopping hands its running simulations back to the queue; a worker killed outright has its jobs
 * started again by another one.
 */
export function registerWorker(program: Command, deps: CommandDeps): void {
  withExamples(
    program
      .command('worker')
      .description(
        'run simulation and backtest jobs (and imports) from the job queue (PostgreSQL: set DATABASE_URL)',
      ),
    [
      'DATABASE_URL=postgres://continuum@db.internal/continuum continuum worker --concurrency 2',
      'DATABASE_URL=postgres://continuum@db.internal/continuum continuum worker --imports',
    ],
  )
    .option('--concurrency <n>', 'simulation runs at once', wholeNumber('--concurrency', 1, 64), 1)
    .option(
      '--threads <n>',
      'simulator threads per run (default: cores, at most 8)',
      wholeNumber('--threads', 1, 64),
    )
    .option('--imports', "also ingest large imports (needs the deployment's HMAC key: CONTINUUM_HMAC_KEY)")
    .action(async (opts: { concurrency: number; threads?: number; imports?: boolean }) => {
      const config = deps.config();
      const out = deps.output();
      if (!config.databaseUrl)
        throw new CliError(
          'continuum worker needs a shared PostgreSQL database (set DATABASE_URL); with the embedded SQLite store, continuum serve runs simulations itself.',
          ExitCode.usage,
          'worker_needs_postgres',
        );
      const store = await openConfiguredStore(config);
      try {
        // Imports pseudonymise case references: only with the key the database was written with.
        const hmacKey = opts.imports ? await checkedHmacKey(config, store) : undefined;
        const worker = await startJobWorkers(store, {
          concurrency: opts.concurrency,
          ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
          ...(hmacKey ? { hmacKey } : {}),
        });
        out.result(
          `Worker ${process.pid} is running simulation jobs (${opts.concurrency} at once, ${opts.threads ?? 'default'} threads each)${hmacKey ? ' and imports' : ''} from ${redact(config.databaseUrl)}. Press Ctrl-C to stop.`,
          {
            pid: process.pid,
            concurrency: opts.concurrency,
            threads: opts.threads ?? null,
            imports: hmacKey !== undefined,
            queue: store.jobs.implementation,
          },
        );
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            out.info(`Stopping: ${worker.running} running job(s) go back to the queue...`);
            worker.stop().then(resolve, resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      } finally {
        await store.close();
      }
      out.info('Stopped.');
    });
}
