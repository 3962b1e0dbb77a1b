import type { PathwayVersion, Store } from '@continuum/store';

/**
 * What a run or a calibration over one version's cases leaves out: the open cases of the pathway
 * still on its other versions (cases stay on their version until moved), said so a reader does not
 * take the caseload of a few cases on a new version for the service's. `subject` begins the
 * sentence: "This run started from the open cases", "This calibration reads the cases".
 */
export async function otherVersionsNote(
  store: Store,
  version: PathwayVersion,
  subject: string,
): Promise<string[]> {
  const open = await store.cases.openByVersion(version.pathwayId);
  const others = [...open].filter(([v]) => v !== version.version).sort(([a], [b]) => a - b);
  if (others.length === 0) return [];
  const n = (x: number) => x.toLocaleString('en-GB');
  const total = others.reduce((a, [, k]) => a + k, 0);
  return [
    `${subject} of version ${version.version} (${n(open.get(version.version) ?? 0)} open); ${n(total)} open case${total === 1 ? '' : 's'} on other versions (${others.map(([v, k]) => `v${v}: ${n(k)}`).join(', ')}) ${total === 1 ? 'is' : 'are'} not in it. Move them to version ${version.version} to include them.`,
  ];
}
