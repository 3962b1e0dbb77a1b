/** What a file to import holds, as told by its name and first bytes. */
export type SniffedKind =
  | 'annex-a'
  | 'cin'
  | 'ssda903-episodes'
  | 'ssda903-header'
  | 'ssda903-care-leavers'
  | 'ssda903-xml'
  | 'csv'
  | 'ndjson';

/**
 * Tells the kind of an import file from its extension and the start of its text (`head`, a few
 * kB): an .xlsx workbook is Annex A; XML with `<Message>` and `<Children>` is a CIN census, XML with
 * an `EXPSSDA903` root (or `<CHILD><HEADER>`) the SSDA903 XML return; a CSV
 * whose header has DECOM and RNE is SSDA903 episodes, CHILD with SEX and DOB the 903 header, CHILD
 * with IN_TOUCH or ACTIV the care leavers (OC3) table; other CSV is the canonical log. Undefined
 * when it cannot tell.
 * @example sniffFormat('cin-2022.xml', '<?xml ...><Message><Header>...') // 'cin'
 */
export function sniffFormat(fileName: string, head: string): SniffedKind | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'xlsm') return 'annex-a';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  const text = head.replace(/^\uFEFF/, '');
  if (ext === 'xml' || /^\s*</.test(text)) {
    if (/<(?:\w+:)?Message[\s>]/.test(text) && /<(?:\w+:)?(?:Children|Header)[\s>]/.test(text)) return 'cin';
    return /<(?:\w+:)?\w*SSDA903[\s>]/i.test(text) || /<CHILD>\s*<HEADER>/.test(text)
      ? 'ssda903-xml'
      : undefined;
  }
  if (ext === 'csv' || ext === 'txt' || ext === undefined) {
    const header = (text.split(/\r?\n/, 1)[0] ?? '')
      .toUpperCase()
      .split(',')
      .map((c) => c.trim().replace(/^"|"$/g, ''));
    const has = (c: string) => header.includes(c);
    if (has('DECOM') && has('RNE')) return 'ssda903-episodes';
    if (has('CHILD') && (has('IN_TOUCH') || has('ACTIV'))) return 'ssda903-care-leavers';
    if (has('CHILD') && has('SEX') && has('DOB')) return 'ssda903-header';
    return ext === 'csv' ? 'csv' : undefined;
  }
  return undefined;
}
