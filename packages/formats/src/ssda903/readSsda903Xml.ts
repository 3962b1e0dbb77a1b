import type { SourceElement } from '../cinCensus/cinTypes.ts';
import { leavesOf, parseXmlTree, type XmlNode } from '../cinCensus/xmlTree.ts';
import type { Ssda903Record, Ssda903Records } from './importSsda903.ts';

/** One SSDA903 XML return to read: a name for the report and its text. */
export interface Ssda903XmlFile {
  name: string;
  xml: string;
}

/** A data element of the XML and the row it feeds (its outcome is the row's once the rows are imported). */
export interface Ssda903XmlElement extends SourceElement {
  record?: Ssda903Record;
}

/** The XML read into the CSV importer's tables, with every data element it holds. */
export interface Ssda903XmlRead {
  episodes: Ssda903Records[];
  header: Ssda903Records[];
  careLeavers: Ssda903Records[];
  elements: Ssda903XmlElement[];
  fileProblems: { file: string; problem: string }[];
}

/** Identifier elements whose text is dropped at parse time, never held. */
const NEVER_HELD = new Set(['UPN', 'FORMER_UPN', 'MC_DOB', 'HOME_POST', 'PL_POST', 'URN']);

/** HEADER elements never stored, and why. */
const HEADER_NOT_STORED: Readonly<Record<string, string>> = {
  UPN: 'pupil number: never stored',
  FORMER_UPN: 'pupil number: never stored',
  DOB: 'birth date: only the age band at the first episode is kept',
  ETHNIC: 'ethnicity: not a coded attribute of the product',
  MOTHER: "the child's own motherhood: not a coded attribute of the product",
  MC_DOB: "birth date of the child's child: never stored",
  UASC: 'unaccompanied asylum-seeker status: not a coded attribute of the product',
  DUC: 'date UASC status ceased: not a pathway event',
};

/** EPISODE elements read into the episodes table (PL is the XML spelling of PLACE). */
const EPISODE_FIELDS: Readonly<Record<string, string>> = {
  DECOM: 'DECOM',
  RNE: 'RNE',
  LS: 'LS',
  CIN: 'CIN',
  PL: 'PLACE',
  PLACE: 'PLACE',
  DEC: 'DEC',
  REC: 'REC',
};

/** EPISODE elements never stored, and why. */
const EPISODE_NOT_STORED: Readonly<Record<string, string>> = {
  PLACE_PROVIDER: 'placement provider: not a coded attribute of the product',
  REASON_PLACE_CHANGE: 'reason for placement change: not a coded attribute of the product',
  HOME_POST: 'postcode: never stored',
  PL_POST: 'postcode: never stored',
  URN: 'provider reference number: never stored',
};

/** The care leaver (OC3) elements: the section lists the child as a care leaver; its values are not stored. */
const OC3_FIELDS = new Set(['IN_TOUCH', 'ACTIV', 'ACCOM']);

/** Other sections of the return: read and counted, not pathway events. */
const OTHER_SECTIONS: Readonly<Record<string, string>> = {
  AD1: 'adoption details: not a pathway event',
  PLACED_ADOPTION: 'placed for adoption: not a pathway event',
  PREV_PERM: 'previous permanence: not a pathway event',
  MISSING: 'missing episodes: not a pathway event',
  MISSING_EPISODES: 'missing episodes: not a pathway event',
  REVIEWS: 'reviews: not a pathway event',
  REVIEW: 'reviews: not a pathway event',
  OC2: 'outcomes of children looked after a year: not a pathway event',
  UASC: 'unaccompanied asylum-seeker details: not a pathway event',
  SW_EPISODES: 'social worker episodes: not a pathway event',
};

const UNKNOWN = 'not an element of the SSDA903 XML return';

/**
 * Reads SSDA903 XML returns (root `EXPSSDA903`, one `CHILD` per child with a `HEADER`, `EPISODE`
 * elements, bare or in `EPISODES`, and optional sections such as `OC3`) into the same tables the
 * CSV importer reads: one header row per HEADER, one episode row per EPISODE, one care leaver row
 * per OC3. Every data element is kept for the report, linked to the row it feeds; identifiers,
 * postcodes and URNs are dropped at parse time (the birth date is read only for the age band).
 */
export function readSsda903Xml(files: readonly Ssda903XmlFile[]): Ssda903XmlRead {
  const read: Ssda903XmlRead = { episodes: [], header: [], careLeavers: [], elements: [], fileProblems: [] };
  for (const file of files) {
    let root: XmlNode;
    try {
      root = parseXmlTree(file.xml, NEVER_HELD);
    } catch (error) {
      read.fileProblems.push({ file: file.name, problem: `not readable XML: ${(error as Error).message}` });
      continue;
    }
    if (!/SSDA903$/i.test(root.name) || !root.children.some((c) => c.name === 'CHILD')) {
      read.fileProblems.push({
        file: file.name,
        problem: 'not an SSDA903 XML return (expected an EXPSSDA903 root with CHILD elements)',
      });
      continue;
    }
    const table = (): Ssda903Records => ({ name: file.name, records: [], notStored: [] });
    const tables = { episodes: table(), header: table(), careLeavers: table() };
    const notStored = { episodes: new Set<string>(), header: new Set<string>() };
    const add = (node: XmlNode, path: string, record?: Ssda903Record): Ssda903XmlElement => {
      const el: Ssda903XmlElement = { file: file.name, line: node.line, element: path };
      if (record) el.record = record;
      read.elements.push(el);
      return el;
    };
    const settleAll = (node: XmlNode, path: string, outcome: 'rejected' | 'not_stored', reason: string) => {
      for (const leaf of leavesOf(node, path)) {
        const el = add(leaf.node, leaf.path);
        el.outcome = outcome;
        el.reason = reason;
      }
    };
    for (const child of root.children) {
      if (child.name !== 'CHILD') {
        settleAll(child, child.name, 'rejected', UNKNOWN);
        continue;
      }
      const id = child.children.find((c) => c.name === 'HEADER')?.children.find((c) => c.name === 'CHILDID');
      const childId = id?.text ?? '';
      const episode = (node: XmlNode, path: string) => {
        const record: Ssda903Record = { values: { CHILD: childId }, row: node.line };
        for (const leaf of leavesOf(node, path)) {
          const field = leaf.node.children.length === 0 && leaf.path === `${path}/${leaf.node.name}`;
          const column = field ? EPISODE_FIELDS[leaf.node.name] : undefined;
          if (column !== undefined) {
            record.values[column] = leaf.node.text;
            add(leaf.node, leaf.path, record);
          } else {
            const el = add(leaf.node, leaf.path);
            const why = field ? EPISODE_NOT_STORED[leaf.node.name] : undefined;
            el.outcome = why ? 'not_stored' : 'rejected';
            el.reason = why ?? UNKNOWN;
            if (why) notStored.episodes.add(leaf.node.name);
          }
        }
        tables.episodes.records.push(record);
      };
      for (const section of child.children) {
        const path = `CHILD/${section.name}`;
        if (section.name === 'HEADER') {
          const record: Ssda903Record = { values: { CHILD: childId }, row: section.line };
          for (const leaf of leavesOf(section, path)) {
            const name = leaf.node.name;
            const direct = leaf.path === `${path}/${name}`;
            if (direct && (name === 'CHILDID' || name === 'SEX')) {
              if (name === 'SEX') record.values.SEX = leaf.node.text;
              add(leaf.node, leaf.path, record);
            } else {
              const el = add(leaf.node, leaf.path);
              const why = direct ? HEADER_NOT_STORED[name] : undefined;
              el.outcome = why ? 'not_stored' : 'rejected';
              el.reason = why ?? UNKNOWN;
              if (why) notStored.header.add(name);
              if (direct && name === 'DOB') record.values.DOB = leaf.node.text;
            }
          }
          tables.header.records.push(record);
        } else if (section.name === 'EPISODE') episode(section, path);
        else if (section.name === 'EPISODES') {
          for (const e of section.children) {
            if (e.name === 'EPISODE') episode(e, `${path}/EPISODE`);
            else settleAll(e, `${path}/${e.name}`, 'rejected', UNKNOWN);
          }
        } else if (section.name === 'OC3') {
          const record: Ssda903Record = { values: { CHILD: childId }, row: section.line };
          for (const leaf of leavesOf(section, path)) {
            if (OC3_FIELDS.has(leaf.node.name) && leaf.path === `${path}/${leaf.node.name}`)
              add(leaf.node, leaf.path, record);
            else Object.assign(add(leaf.node, leaf.path), { outcome: 'rejected', reason: UNKNOWN });
          }
          tables.careLeavers.records.push(record);
        } else if (OTHER_SECTIONS[section.name])
          settleAll(section, path, 'not_stored', OTHER_SECTIONS[section.name]!);
        else settleAll(section, path, 'rejected', UNKNOWN);
      }
    }
    tables.episodes.notStored = [...notStored.episodes];
    tables.header.notStored = [...notStored.header];
    for (const key of ['episodes', 'header', 'careLeavers'] as const)
      if (tables[key].records.length > 0) read[key].push(tables[key]);
  }
  return read;
}
