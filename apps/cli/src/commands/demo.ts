import type { Command } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import type { Store } from '@continuum/store';
import { type DemoLoad, loadDemo } from '../demo/loadDemo.ts';
import { kpiLines, storeKpis } from '../demo/storeKpis.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import type { Output } from '../output.ts';
import { withExamples } from './withExamples.ts';

/**
 * Loads the demo with a progress bar (about 140,000 rows); a refused log (nothing written) is an
 * internal error naming the first refused row. Shared by `demo` and the first `serve`.
 */
export async function loadDemoTracked(out: Output, store: Store, hmacKey: Buffer): Promise<DemoLoad> {
  const demo = await out.track('demo', 140_000, (bar) =>
    loadDemo(store, hmacKey, (n) => bar.update(n, Math.max(n, 140_000))),
  );
  if (!demo.ingest.committed) {
    const first = demo.ingest.rejected[0];
    throw new CliError(
      `The demo log was refused (${demo.ingest.rejectedRows} rows${first ? `, first: row ${first.row} ${first.message}` : ''}); nothing written.`,
      ExitCode.internal,
      'demo_refused',
    );
  }
  return demo;
}

/** `continuum demo`: loads the synthetic Jersey-sized service into an empty store and reports its KPIs. */
export function registerDemo(program: Command, deps: CommandDeps): void {
  withExamples(
    program
      .command('demo')
      .description(
        'load 5 years of a synthetic Jersey-sized service (simulated, no real data) into an empty store',
      ),
    ['continuum demo', 'continuum --json demo'],
  ).action(async () => {
    const out = deps.output();
    const ctx = await openContext(deps.config());
    try {
      const before = await ctx.store.cases.counts();
      if (before.cases > 0) {
        out.result(
          `The store already holds ${before.cases} cases; the demo is only loaded into an empty store.`,
          {
            loaded: false,
            cases: before.cases,
          },
        );
        return;
      }
      const demo = await loadDemoTracked(out, ctx.store, ctx.hmacKey);
      const kpis = await storeKpis(ctx.store, demo.endDate);
      out.result(
        [
          `Demo loaded: ${demo.ingest.casesCreated} cases, ${demo.ingest.acceptedRows} events, ${demo.startDate} to ${demo.endDate}.`,
          `KPIs for the 12 months to ${demo.endDate}:`,
          ...kpiLines(kpis),
        ].join('\n'),
        { loaded: true, ...demo, kpis },
      );
    } finally {
      await ctx.store.close();
    }
  });
}
