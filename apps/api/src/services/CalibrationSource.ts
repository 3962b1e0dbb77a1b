import type { CompiledPathway } from '@continuum/machines';
import { calibrate, type CalibrationResult, type IntervalRecord } from '@continuum/simulator';
import type { PathwayVersion, Store } from '@continuum/store';
import { caseloadOf, type LiveCaseload, type OpenStays, readOpenStays } from './liveCaseload.ts';

/** A value cached with the store's change mark it was read under. */
interface Cached<T> {
  mark: string;
  value: Promise<T>;
}

/**
 * The thin adapter between the case store and the pure simulator: reads a version's stays and
 * feeds them to `calibrate`, and turns the open stays into a live starting stock. Both are cached
 * per process under the store's change mark for the version (last event id and counts: one
 * aggregate query instead of every stay), so a repeated calibration or stock costs milliseconds
 * until a case moves: a cache, never the source of truth.
 */
export class CalibrationSource {
  private readonly calibrations = new Map<number, Cached<CalibrationResult | undefined>>();
  private readonly stocks = new Map<number, Cached<OpenStays>>();

  constructor(private readonly store: Store) {}

  /** Stable id of a version's calibration, as listed by GET /api/calibration. */
  static idOf(version: PathwayVersion): string {
    return `${version.pathwayId}@${version.version}`;
  }

  /**
   * The stays a version is calibrated from, as plain records: every recorded case of its pathway,
   * whichever version the case is on now, in the stages the version has (IntervalRepository).
   */
  intervals(version: PathwayVersion): Promise<IntervalRecord[]> {
    return this.store.intervals.calibrationRecords(version.id);
  }

  /** The calibration of a version, or undefined when it has no recorded stays. */
  calibration(version: PathwayVersion, compiled: CompiledPathway): Promise<CalibrationResult | undefined> {
    return this.cached(this.calibrations, version, async () => {
      const intervals = await this.intervals(version);
      return intervals.length === 0 ? undefined : calibrate({ pathway: compiled, intervals });
    });
  }

  /**
   * Today's caseload of a version (liveCaseload): the open stays are cached, the days in stage are
   * counted at each call.
   */
  async liveStock(version: PathwayVersion): Promise<LiveCaseload> {
    return caseloadOf(await this.cached(this.stocks, version, () => readOpenStays(this.store, version)));
  }

  /**
   * The version's value under the current change mark: the cached one when the mark is the one it
   * was read under, else read again (the mark is taken first, so a write during the read only
   * makes the next call read again). Concurrent callers share one read; a failed read is not kept.
   */
  private async cached<T>(
    cache: Map<number, Cached<T>>,
    version: PathwayVersion,
    read: () => Promise<T>,
  ): Promise<T> {
    const mark = await this.store.intervals.changeMark(version.id);
    const hit = cache.get(version.id);
    if (hit?.mark === mark) return hit.value;
    const value = read();
    const entry = { mark, value };
    cache.set(version.id, entry);
    value.catch(() => {
      if (cache.get(version.id) === entry) cache.delete(version.id);
    });
    return value;
  }
}
