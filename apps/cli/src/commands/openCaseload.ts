import type { LiveCase } from '@continuum/simulator';
import type { PathwayVersion, Store } from '@continuum/store';

const DAY = 86_400_000;

/** Today's caseload: the version's open cases with days in stage, as of the latest recorded time. */
export async function openCaseload(
  store: Store,
  version: PathwayVersion,
): Promise<{ asOf: number; stock: LiveCase[] }> {
  const open = await store.intervals.openStock({ pathwayVersionId: version.id });
  const asOf = (await store.intervals.span())?.to ?? Date.now();
  return {
    asOf,
    stock: open.map((i) => ({ stage: i.stage, daysInStage: Math.max(0, (asOf - i.enteredAt) / DAY) })),
  };
}
