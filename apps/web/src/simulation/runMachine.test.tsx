import { describe, expect, it, vi } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { SimResult, SimulationRequest } from '../api/simulation.ts';
import { type RunDriver, runMachine } from './runMachine.ts';

const request: SimulationRequest = {
  pathwayId: 'continuum_of_need',
  version: 1,
  scenario: { arrivalMultiplier: 1.2 },
  horizonDays: 365,
  replications: 4,
  seed: 1,
};
const result: SimResult = {
  id: 'run-1',
  baseline: null,
  scenario: { days: [0, 30], stock: {}, summary: [] },
};

const driver = (follow: RunDriver['follow']): RunDriver & { cancel: ReturnType<typeof vi.fn> } => ({
  start: vi.fn(async () => 'run-1'),
  follow,
  fetch: vi.fn(async () => result),
  cancel: vi.fn(async () => undefined),
});

describe('runMachine', () => {
  it('goes idle -> running -> done, reporting progress on the way', async () => {
    const seen: number[] = [];
    const d = driver(async (_id, onProgress) => {
      onProgress(0.5);
      onProgress(1);
    });
    const actor = createActor(runMachine, { input: { driver: d } }).start();
    actor.subscribe((s) => seen.push(s.context.progress));
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send({ type: 'RUN', request });
    expect(actor.getSnapshot().value).toBe('running');
    await waitFor(actor, (s) => s.matches('done'));
    expect(seen).toContain(0.5);
    expect(actor.getSnapshot().context.result).toBe(result);
    expect(d.start).toHaveBeenCalledWith(request);
    // a finished run stays on the server (saved scenarios keep its result; CSV reads it)
    expect(d.cancel).not.toHaveBeenCalled();
  });

  it('fails with the error in plain words', async () => {
    const d = driver(async () => {
      throw new Error('The simulation failed: capacity must be positive');
    });
    const actor = createActor(runMachine, { input: { driver: d } }).start();
    actor.send({ type: 'RUN', request });
    await waitFor(actor, (s) => s.matches('failed'));
    expect(String(actor.getSnapshot().context.error)).toContain('capacity must be positive');
  });

  it('cancels: aborts the stream and tells the server', async () => {
    let aborted = false;
    const d = driver(
      (_id, _p, signal) =>
        new Promise<void>((_, reject) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          }),
        ),
    );
    const actor = createActor(runMachine, { input: { driver: d } }).start();
    actor.send({ type: 'RUN', request });
    await waitFor(actor, (s) => s.context.runId === 'run-1');
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().value).toBe('cancelled');
    expect(aborted).toBe(true);
    expect(d.cancel).toHaveBeenCalledWith('run-1');
    actor.send({ type: 'RUN', request });
    expect(actor.getSnapshot().value).toBe('running');
  });
});
