import type { BacktestRunResponse } from '@continuum/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followBacktest } from './simulation.ts';
import { backtestJob as job } from '../testing/backtestJob.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** GET /api/backtests/b1 answers each of `reads` in turn (the last one again after that). */
function serve(reads: BacktestRunResponse[]) {
  let read = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () =>
        new Response(JSON.stringify(reads[Math.min(read++, reads.length - 1)]), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    ),
  );
}

describe('followBacktest', () => {
  it('leaves no abort listener behind on the signal for the reads it waited between', async () => {
    serve([
      ...Array.from({ length: 5 }, (_, i) => job({ done: i * 4 })),
      job({ status: 'failed', error: { title: 'Stopped.', detail: 'The worker stopped.' } }),
    ]);
    const stop = new AbortController();
    const listening = new Set<unknown>();
    const add = stop.signal.addEventListener.bind(stop.signal);
    const remove = stop.signal.removeEventListener.bind(stop.signal);
    vi.spyOn(stop.signal, 'addEventListener').mockImplementation((type, listener, options) => {
      if (type === 'abort') listening.add(listener);
      add(type, listener, options);
    });
    vi.spyOn(stop.signal, 'removeEventListener').mockImplementation((type, listener, options) => {
      if (type === 'abort') listening.delete(listener);
      remove(type, listener, options);
    });
    const fractions: number[] = [];
    await expect(followBacktest('b1', (f) => fractions.push(f), stop.signal, 1)).rejects.toThrow(
      'Stopped. The worker stopped.',
    );
    expect(fractions).toEqual([0, 0.2, 0.4, 0.6, 0.8, 0]);
    expect(listening.size).toBe(0);
  });

  it('stops waiting when the signal aborts between reads', async () => {
    serve([job({ status: 'queued', attempt: null })]);
    const stop = new AbortController();
    const followed = followBacktest(
      'b1',
      // Left the tab once the wait for the next read has begun.
      () => queueMicrotask(() => stop.abort(new DOMException('Left the tab.', 'AbortError'))),
      stop.signal,
      60_000,
    );
    await expect(followed).rejects.toThrow('Left the tab.');
  });
});
