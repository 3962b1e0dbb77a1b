import type { CompiledPathway } from '@continuum/machines';
import { calibrate, type CalibrationResult, type IntervalRecord, type LiveCase } from '@continuum/simulator';
import type { PathwayVersion, Store } from '@continuum/store';

const DAY = 86_400_000;

/**
 * The thin adapter between the case store and the pure simulator: reads a version's stays and
 * feeds them to `calibrate`, and turns the open stays into a live starting stock. Results are
 * cached per process by (version, data span, count): a cache, never the source of truth.
 */
export class CalibrationSource {
  private readonly cache = new Map<number, { key: string; result: CalibrationResult }>();

  constructor(private readonly store: Store) {}

  /** Stable id of a version's calibration, as listed by GET /api/calibration. */
  static idOf(version: PathwayVersion): string {
    return `${version.pathwayId}@${version.version}`;
  }

  /** Every stay recorded under a pathway version, as plain records. */
  async intervals(version: PathwayVersion): Promise<IntervalRecord[]> {
    const out: IntervalRecord[] = [];
    for await (const batch of this.store.intervals.stream({ pathwayVersionId: version.id }))
      for (const i of batch)
        out.push({
          caseId: i.caseId,
          stage: i.stage,
          enteredAt: i.enteredAt,
          exitedAt: i.exitedAt,
          nextStage: i.nextStage,
          exitEvent: i.exitEvent,
        });
    return out;
  }

  /** The calibration of a version, or undefined when it has no recorded stays. */
  async calibration(
    version: PathwayVersion,
    compiled: CompiledPathway,
  ): Promise<CalibrationResult | undefined> {
    const intervals = await this.intervals(version);
    if (intervals.length === 0) return undefined;
    let latest = 0;
    for (const i of intervals) latest = Math.max(latest, Number(i.enteredAt), Number(i.exitedAt ?? 0));
    // One entry per version, replaced when its data changes.
    const key = `${intervals.length}:${latest}`;
    const hit = this.cache.get(version.id);
    if (hit?.key === key) return hit.result;
    const result = calibrate({ pathway: compiled, intervals });
    this.cache.set(version.id, { key, result });
    return result;
  }

  /** Open cases of a version with days already spent, as of the latest recorded time (or now). */
  async liveStock(version: PathwayVersion): Promise<{ asOf: number; stock: LiveCase[] }> {
    const open = await this.store.intervals.openStock({ pathwayVersionId: version.id });
    const span = await this.store.intervals.span();
    const asOf = span?.to ?? Date.now();
    return {
      asOf,
      stock: open.map((i) => ({ stage: i.stage, daysInStage: Math.max(0, (asOf - i.enteredAt) / DAY) })),
    };
  }
}
