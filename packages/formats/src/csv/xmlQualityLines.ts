// Report lines shared by the XML returns (CIN census, SSDA903 XML); they take QualityLine's shape
// without importing it, as qualityReportCsv imports them.

/** A report line for each XML file that could not be read at all (its whole content rejected). */
export function unreadableFileLines(files: readonly { file: string; problem?: string }[]) {
  return files.flatMap((f) =>
    f.problem
      ? [
          {
            file: f.file,
            part: '',
            row: '' as const,
            field: '',
            outcome: 'rejected' as const,
            problem: f.problem,
          },
        ]
      : [],
  );
}

/** The report line of one XML element: its parent path as the part, its own name as the field. */
export function elementLine<O extends string>(l: {
  file: string;
  line: number;
  element: string;
  outcome: O;
  reason: string;
}) {
  const outcome = l.outcome === 'not_stored' ? ('note' as const) : (l.outcome as Exclude<O, 'not_stored'>);
  return {
    file: l.file,
    part: l.element.split('/').slice(0, -1).join('/'),
    row: l.line,
    field: l.element.split('/').at(-1)!,
    outcome,
    problem: l.reason,
  };
}
