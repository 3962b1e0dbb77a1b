import { assign, fromCallback, setup } from 'xstate';
import type { SimResult, SimulationRequest } from '../api/simulation.ts';

/** What the run lifecycle knows. */
export interface RunContext {
  driver: RunDriver;
  request: SimulationRequest | null;
  runId: string | null;
  progress: number;
  result: SimResult | null;
  error: unknown;
}

/** Events of the run lifecycle; the `run` actor sends STARTED, PROGRESS, DONE and FAILED. */
export type RunEvent =
  | { type: 'RUN'; request: SimulationRequest }
  | { type: 'CANCEL' }
  | { type: 'STARTED'; runId: string }
  | { type: 'PROGRESS'; fraction: number }
  | { type: 'DONE'; result: SimResult }
  | { type: 'FAILED'; error: unknown };

/** The side effects of a run, injected so the machine can be tested without a server. */
export interface RunDriver {
  start: (request: SimulationRequest) => Promise<string>;
  follow: (runId: string, onProgress: (f: number) => void, signal: AbortSignal) => Promise<void>;
  fetch: (runId: string) => Promise<SimResult>;
  cancel: (runId: string) => Promise<void>;
}

/** Every state but `running` starts a run on RUN. */
const startable = { on: { RUN: { target: 'running', actions: 'remember' } } } as const;

/**
 * A simulation run's lifecycle: idle -> running -> done | failed | cancelled. Leaving `running`
 * (cancel) stops the invoked actor, which aborts the progress stream and asks the server to stop.
 */
export const runMachine = setup({
  types: { context: {} as RunContext, events: {} as RunEvent, input: {} as { driver: RunDriver } },
  actions: {
    remember: assign({ request: ({ event }) => (event.type === 'RUN' ? event.request : null) }),
  },
  actors: {
    run: fromCallback<RunEvent, { request: SimulationRequest; driver: RunDriver }>(({ input, sendBack }) => {
      const controller = new AbortController();
      let runId: string | null = null;
      // A run that ended (done or failed) is kept on the server: its result is what a saved
      // scenario keeps and what the CSV buttons read. Only a run left while running is cancelled.
      let ended = false;
      (async () => {
        runId = await input.driver.start(input.request);
        sendBack({ type: 'STARTED', runId });
        await input.driver.follow(
          runId,
          (fraction) => sendBack({ type: 'PROGRESS', fraction }),
          controller.signal,
        );
        const result = await input.driver.fetch(runId);
        ended = true;
        sendBack({ type: 'DONE', result });
      })().catch((error) => {
        ended = true;
        if (!controller.signal.aborted) sendBack({ type: 'FAILED', error });
      });
      return () => {
        controller.abort();
        if (runId && !ended) void input.driver.cancel(runId);
      };
    }),
  },
}).createMachine({
  id: 'simulationRun',
  context: ({ input }) => ({
    driver: input.driver,
    request: null,
    runId: null,
    progress: 0,
    result: null,
    error: null,
  }),
  initial: 'idle',
  states: {
    idle: startable,
    running: {
      entry: assign({ progress: 0, runId: null, error: null, result: null }),
      invoke: {
        src: 'run',
        input: ({ context }) => ({ request: context.request!, driver: context.driver }),
      },
      on: {
        STARTED: { actions: assign({ runId: ({ event }) => event.runId }) },
        PROGRESS: { actions: assign({ progress: ({ event }) => Math.max(0, Math.min(1, event.fraction)) }) },
        DONE: { target: 'done', actions: assign({ result: ({ event }) => event.result, progress: 1 }) },
        FAILED: { target: 'failed', actions: assign({ error: ({ event }) => event.error }) },
        CANCEL: 'cancelled',
      },
    },
    done: startable,
    failed: startable,
    cancelled: startable,
  },
});
