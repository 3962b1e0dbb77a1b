/** Source rows or elements by outcome: read = imported + merged + notStored + outsidePathway + rejected. */
export interface SourceCounts {
  read: number;
  imported: number;
  merged: number;
  notStored: number;
  outsidePathway: number;
  rejected: number;
}

/** One part of a return (an Annex A list, an SSDA903 table, the XML files) and how its rows fared. */
export interface SourcePart extends SourceCounts {
  file: string;
  part: string;
  /** Why the part could not be read (a missing sheet); null when it was. */
  problem: string | null;
}

/**
 * Every source row (or XML element) of a return accounted for, per part and in total, as
 * `continuum import` and `POST /api/ingest` both report it.
 */
export interface SourceAccount extends SourceCounts {
  /** `rows` (Annex A lists, SSDA903 CSV tables) or `elements` (CIN census, SSDA903 XML). */
  unit: 'rows' | 'elements';
  /** Children found in the return. */
  children: number;
  /** Children the store already held, continued from their stored stage. */
  continued: number;
  /** Of the stored children, those whose later events could not follow on by a move of the pathway. */
  gaps: number;
  parts: SourcePart[];
  /** Moves the return records that the pathway lacks, per move (`closed -> looked_after`). */
  outsidePathwayMoves: Record<string, number>;
}

/** The totals of the parts (each row is in one part). */
export function sumParts(parts: readonly SourcePart[]): SourceCounts {
  const total: SourceCounts = {
    read: 0,
    imported: 0,
    merged: 0,
    notStored: 0,
    outsidePathway: 0,
    rejected: 0,
  };
  for (const p of parts) {
    total.read += p.read;
    total.imported += p.imported;
    total.merged += p.merged;
    total.notStored += p.notStored;
    total.outsidePathway += p.outsidePathway;
    total.rejected += p.rejected;
  }
  return total;
}

/** The counts of an XML return counted element by element (CIN census, SSDA903 XML). */
export function elementCounts(report: {
  elementsRead: number;
  counts: Record<'imported' | 'merged' | 'not_stored' | 'outside_pathway' | 'rejected', number>;
}): SourceCounts {
  const c = report.counts;
  return {
    read: report.elementsRead,
    imported: c.imported,
    merged: c.merged,
    notStored: c.not_stored,
    outsidePathway: c.outside_pathway,
    rejected: c.rejected,
  };
}
