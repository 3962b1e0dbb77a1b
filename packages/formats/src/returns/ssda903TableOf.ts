import type { SniffedKind } from '../sniffFormat.ts';
import type { Ssda903TableReport } from '../ssda903/importSsda903.ts';

/** The names a sender may give an SSDA903 table (letters and digits only, any case). */
const TABLE_NAMES: Readonly<Record<string, Ssda903TableReport['table']>> = {
  episodes: 'episodes',
  header: 'header',
  careleavers: 'careLeavers',
  oc3: 'careLeavers',
};

/** The SSDA903 table a label or a file name (its extension aside) names, if any. */
export const ssda903TableNamed = (name: string | undefined): Ssda903TableReport['table'] | undefined =>
  name === undefined
    ? undefined
    : TABLE_NAMES[
        name
          .replace(/\.[a-z0-9]+$/i, '')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
      ];

/**
 * Which SSDA903 table a CSV file is: the table its label names (the API's form field), else the one
 * its columns show (`kind`, from sniffFormat), else the one its file name names (`oc3.csv`,
 * `care-leavers.csv`), else the episodes. The CLI and the API sort files by this one rule.
 * @example ssda903TableOf('file', 'oc3.csv', undefined) // 'careLeavers'
 */
export function ssda903TableOf(
  label: string | undefined,
  fileName: string,
  kind: SniffedKind | undefined,
): Ssda903TableReport['table'] {
  const byColumns =
    kind === 'ssda903-header'
      ? 'header'
      : kind === 'ssda903-care-leavers'
        ? 'careLeavers'
        : kind === 'ssda903-episodes'
          ? 'episodes'
          : undefined;
  return ssda903TableNamed(label) ?? byColumns ?? ssda903TableNamed(fileName) ?? 'episodes';
}
