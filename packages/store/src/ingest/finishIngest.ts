import type { CaseRun } from './CaseRun.ts';
import type { IngestPathways } from './IngestPathways.ts';
import type { IngestSink } from './IngestSink.ts';

/**
 * The ingest's last step: when every row may be kept, writes each kept case's open stay and final
 * position, removes what rejected cases wrote (partial mode) and commits; otherwise (an atomic
 * ingest with a rejection) rolls everything back. Returns whether it committed.
 */
export async function finishIngest(
  sink: IngestSink,
  runs: Iterable<CaseRun>,
  pathways: IngestPathways,
  writing: boolean,
): Promise<boolean> {
  if (!writing) {
    await sink.rollback();
    return false;
  }
  const kept: CaseRun[] = [];
  const rejected: CaseRun[] = [];
  for (const x of runs) {
    if (x.rejectedAt !== undefined) {
      rejected.push(x);
      continue;
    }
    if (x.acceptedRows > 0) kept.push(x);
    if (!x.stayInStore) {
      const stageCode = pathways.get(x.pathwayVersionId).stageCodes[x.stage]!;
      sink.addInterval(x, stageCode, x.stageEnteredAt, null, null, null, x.entryEventCode);
    }
  }
  await sink.flush();
  await sink.finishCases(kept);
  for (const x of rejected) await sink.undoCase(x);
  await sink.commit();
  return true;
}
