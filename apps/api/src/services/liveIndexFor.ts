import { LiveIndex, type LiveIndexOptions } from '@continuum/analytics';
import { AnalyticsReadRepository, type Store } from '@continuum/store';

const shared = new WeakMap<Store, LiveIndex>();

/**
 * The analytics index over a store, loaded through the store's lean reads (no case join, only
 * record-only events). One per store in a process, so the map and the exports share its memory;
 * the wiring lives here so analytics stays free of the store's drivers.
 */
export function liveIndexFor(store: Store, options: LiveIndexOptions = {}): LiveIndex {
  let live = shared.get(store);
  if (!live) {
    live = new LiveIndex(store, { lean: new AnalyticsReadRepository(store), ...options });
    shared.set(store, live);
  }
  return live;
}
