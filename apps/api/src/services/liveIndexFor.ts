import { LiveIndex, type LiveIndexOptions } from '@continuum/analytics';
import { AnalyticsReadRepository, type Store } from '@continuum/store';

const shared = new WeakMap<Store, LiveIndex>();

/**
 * A new analytics index over a store, loaded through the store's lean reads (no case join, only
 * record-only events). The wiring lives here so analytics stays free of the store's drivers; an
 * app owns the one it makes (createApp), tools without an app share one per store (liveIndexFor).
 */
export function newLiveIndex(store: Store, options: Omit<LiveIndexOptions, 'lean'> = {}): LiveIndex {
  return new LiveIndex(store, { lean: new AnalyticsReadRepository(store), ...options });
}

/**
 * The analytics index over a store shared by everything in a process that has no app of its own
 * (the CLI's exports and demo, benchmarks), so they share its memory.
 */
export function liveIndexFor(store: Store, options: Omit<LiveIndexOptions, 'lean'> = {}): LiveIndex {
  let live = shared.get(store);
  if (!live) {
    live = newLiveIndex(store, options);
    shared.set(store, live);
  }
  return live;
}
