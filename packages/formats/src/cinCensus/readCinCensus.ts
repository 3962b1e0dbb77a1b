import { censusBoolean, censusDate, CIN_CODE_LISTS } from './cinCodes.ts';
import {
  type CinChild,
  type CinEpisode,
  type CinStay,
  type SourceElement,
  type SourcedCode,
  settle,
} from './cinTypes.ts';
import { childNamed, leafNodesOf, leavesOf, parseXmlTree, type XmlNode } from './xmlTree.ts';

/** One census file to read: a name for the report and its XML text. */
export interface CinFile {
  name: string;
  xml: string;
}

/** The children of every file, merged, with every data element read (each settled or pending). */
export interface CinRead {
  children: Map<string, CinChild>;
  elements: SourceElement[];
  /** Files that could not be read at all, with the reason (their elements are not counted). */
  fileProblems: { file: string; problem: string }[];
}

/** Identifier and personal elements whose text is dropped at parse time, never held. */
const NEVER_HELD = new Set(['UPN', 'FormerUPN', 'PersonDeathDate', 'ExpectedPersonBirthDate', 'UPNunknown']);

/** Child-level elements never stored, and why. */
const NOT_STORED: Readonly<Record<string, string>> = {
  UPN: 'pupil number: never stored',
  FormerUPN: 'pupil number: never stored',
  UPNunknown: 'pupil number status: never stored',
  PersonBirthDate: 'birth date: only the age band at the first referral is kept',
  ExpectedPersonBirthDate: 'expected birth date: never stored',
  PersonDeathDate: 'death date: never stored',
  Ethnicity: 'ethnicity: not a coded attribute of the product',
  Disability: 'disability: not a coded attribute of the product',
  AssessmentFactors: 'assessment factors: not a coded attribute of the product',
  AssessmentInternalReviewDate: 'internal review date: not a pathway event',
  CPPreviewDate: 'plan review date: not a pathway event',
  InitialCPCtarget: 'conference target date: a timescale, not an event',
  NumberOfPreviousCPP: 'a count the census derives; repeat plans are counted from the plans themselves',
};

interface FileRead {
  name: string;
  referenceDate: string;
}

/**
 * Reads yearly CIN census files (any year from 2017: Message/Header/Children/Child) and merges
 * their children by LA child id; episodes by referral date and stays by stage and start date, so a
 * referral repeated by the next year's census is merged, and an end date it adds is taken. Files are
 * taken oldest census first; on conflict the later census wins and the earlier value is merged.
 */
export function readCinCensus(files: readonly CinFile[]): CinRead {
  const elements: SourceElement[] = [];
  const fileProblems: { file: string; problem: string }[] = [];
  const children = new Map<string, CinChild>();
  const births = new Map<string, string>();
  // Oldest census first, by the reference date its header gives; each tree is dropped once read.
  const ordered = files
    .map((file) => ({ file, ref: /<(?:\w+:)?ReferenceDate>\s*([^<\s]*)/.exec(file.xml)?.[1] ?? '' }))
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (const { file } of ordered) {
    let root: XmlNode;
    try {
      root = parseXmlTree(file.xml, NEVER_HELD);
    } catch (error) {
      fileProblems.push({ file: file.name, problem: `not readable XML: ${(error as Error).message}` });
      continue;
    }
    const childrenNode = childNamed(root, 'Children');
    if (root.name !== 'Message' || !childrenNode) {
      fileProblems.push({ file: file.name, problem: 'not a CIN census file (no Message/Children)' });
      continue;
    }
    const header = childNamed(root, 'Header');
    let referenceDate = '';
    for (const leaf of leavesOf(header, 'Header')) {
      const src = addLeaf(elements, file.name, leaf.node, leaf.path);
      if (leaf.node.name === 'ReferenceDate' && censusDate(leaf.node.text)) {
        referenceDate = leaf.node.text;
        settle(src, 'merged', 'census reference date: sets the order of the files and the latest date');
      } else settle(src, 'not_stored', 'file header');
    }
    for (const other of root.children.filter((c) => c.name !== 'Header' && c.name !== 'Children')) {
      for (const leaf of leavesOf(other, other.name))
        settle(
          addLeaf(elements, file.name, leaf.node, leaf.path),
          'rejected',
          'not an element of the CIN schema',
        );
    }
    const read: FileRead = { name: file.name, referenceDate };
    for (const childNode of childrenNode.children) readChild(read, childNode, elements, children, births);
  }
  for (const [id, child] of children) {
    const dob = births.get(id);
    const first = child.episodes.map((e) => e.referral).sort()[0];
    if (dob && first && dob <= first) {
      child.ageAtFirstReferral = (Date.parse(first) - Date.parse(dob)) / (365.25 * 86_400_000);
    }
  }
  return { children, elements, fileProblems };
}

function addLeaf(elements: SourceElement[], file: string, node: XmlNode, path: string): SourceElement {
  const src: SourceElement = { file, line: node.line, element: path };
  elements.push(src);
  return src;
}

function readChild(
  read: FileRead,
  node: XmlNode,
  elements: SourceElement[],
  children: Map<string, CinChild>,
  births: Map<string, string>,
): void {
  const leaves = leavesOf(node, 'Child') as { node: XmlNode; path: string; src: SourceElement }[];
  for (const l of leaves) l.src = addLeaf(elements, read.name, l.node, l.path);
  if (node.name !== 'Child') {
    for (const l of leaves) settle(l.src, 'rejected', 'not an element of the CIN schema');
    return;
  }
  const ids = childNamed(node, 'ChildIdentifiers');
  const idNode = ids && childNamed(ids, 'LAchildID');
  const childId = idNode?.text ?? '';
  if (childId === '') {
    for (const l of leaves) settle(l.src, 'rejected', 'the child has no LAchildID');
    return;
  }
  const child = children.get(childId) ?? { childId, episodes: [], idSrcs: [] };
  children.set(childId, child);
  const byNode = new Map(leaves.map((l) => [l.node, l.src]));
  const srcOf = (n: XmlNode) => byNode.get(n)!;

  for (const l of leaves) {
    const name = l.node.name;
    // Settled by the import: the case reference when the child has a recorded move.
    if (l.node === idNode) child.idSrcs.push(l.src);
    else if (name === 'GenderCurrent') {
      const code = readCode(l.node, l.src);
      if (!code) continue;
      if (child.sex) settle(l.src, 'merged', 'sex already read');
      else child.sex = code;
    } else if (name === 'PersonBirthDate') {
      const dob = censusDate(l.node.text);
      if (dob && !births.has(childId)) births.set(childId, dob);
      settle(l.src, 'not_stored', NOT_STORED[name]);
    } else if (NOT_STORED[name] && !l.path.includes('/CINdetails/'))
      settle(l.src, 'not_stored', NOT_STORED[name]);
  }
  for (const detail of node.children.filter((c) => c.name === 'CINdetails')) {
    readEpisode(read, detail, child, srcOf);
  }
  for (const l of leaves) {
    if (!CIN_LEAVES.has(l.path)) settle(l.src, 'rejected', 'not an element of the CIN schema');
  }
}

/** The data elements of a Child in the census schemas from 2017 on (their paths from Child). */
const CIN_LEAVES = new Set(
  [
    'ChildIdentifiers/LAchildID UPN FormerUPN UPNunknown PersonBirthDate ExpectedPersonBirthDate GenderCurrent PersonDeathDate',
    'ChildCharacteristics/Ethnicity',
    'ChildCharacteristics/Disabilities/Disability',
    'CINdetails/CINreferralDate ReferralSource PrimaryNeedCode CINclosureDate ReasonForClosure DateOfInitialCPC ReferralNFA',
    'CINdetails/Assessments/AssessmentActualStartDate AssessmentInternalReviewDate AssessmentAuthorisationDate',
    'CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors',
    'CINdetails/CINPlanDates/CINPlanStartDate CINPlanEndDate',
    'CINdetails/Section47/S47ActualStartDate InitialCPCtarget DateOfInitialCPC ICPCnotRequired',
    'CINdetails/ChildProtectionPlans/CPPstartDate CPPendDate InitialCategoryOfAbuse LatestCategoryOfAbuse NumberOfPreviousCPP',
    'CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate',
  ].flatMap((line) => {
    const slash = line.lastIndexOf('/');
    return line
      .slice(slash + 1)
      .split(' ')
      .map((name) => `Child/${line.slice(0, slash + 1)}${name}`);
  }),
);

function readCode(node: XmlNode, src: SourceElement): SourcedCode | undefined {
  const list = CIN_CODE_LISTS[node.name]!;
  const value = list.normalise(node.text);
  if (value === undefined) {
    settle(src, 'rejected', `${node.name} is not a code of the census (allowed: ${list.allowed})`);
    return undefined;
  }
  return { attribute: list.attribute, value, src };
}

function readEpisode(
  read: FileRead,
  detail: XmlNode,
  child: CinChild,
  srcOf: (n: XmlNode) => SourceElement,
): void {
  const all = leafNodesOf(detail).map(srcOf);
  const refNode = childNamed(detail, 'CINreferralDate');
  const referral = refNode ? censusDate(refNode.text) : undefined;
  if (!refNode || !referral) {
    for (const src of all) settle(src, 'rejected', 'the episode has no valid CINreferralDate');
    return;
  }
  const late = (date: string) => read.referenceDate !== '' && date > read.referenceDate;
  if (late(referral)) {
    for (const src of all) settle(src, 'rejected', 'the referral is after the census reference date');
    return;
  }
  const referralSrc = srcOf(refNode);
  let episode = child.episodes.find((e) => e.referral === referral);
  const repeat = episode !== undefined;
  if (episode) settle(referralSrc, 'merged', 'the referral is in an earlier census');
  else {
    episode = { referral, referralSrc, nfa: false, entry: [], exit: [], stays: [] };
    child.episodes.push(episode);
  }
  const ep = episode;
  /** A date element of the episode: valid, not after the reference date, not before the referral. */
  const dateOf = (n: XmlNode | undefined): string | undefined => {
    if (!n) return undefined;
    const src = srcOf(n);
    const date = censusDate(n.text);
    if (!date) settle(src, 'rejected', `${n.name} is not a date YYYY-MM-DD`);
    else if (late(date)) settle(src, 'rejected', `${n.name} is after the census reference date`);
    else if (date < referral) settle(src, 'rejected', `${n.name} is before the referral date`);
    else return date;
    return undefined;
  };
  const code = (n: XmlNode | undefined, list: SourcedCode[]) => {
    if (!n) return;
    const sourced = readCode(n, srcOf(n));
    if (!sourced) return;
    const known = list.find((c) => c.attribute === sourced.attribute);
    if (!known) list.push(sourced);
    else if (known.value === sourced.value)
      settle(sourced.src, 'merged', 'the same code is in an earlier census');
    else {
      settle(known.src, 'merged', 'superseded by a later census');
      list.splice(list.indexOf(known), 1, sourced);
    }
  };

  for (const n of detail.children) {
    switch (n.name) {
      case 'CINreferralDate':
        break;
      case 'ReferralSource':
      case 'PrimaryNeedCode':
        code(n, ep.entry);
        break;
      case 'ReasonForClosure':
        code(n, ep.exit);
        break;
      case 'ReferralNFA': {
        const nfa = censusBoolean(n.text);
        if (nfa === undefined) settle(srcOf(n), 'rejected', 'ReferralNFA is not true/false');
        else {
          if (repeat) settle(srcOf(n), 'merged', 'the referral is in an earlier census');
          // Settled by the walk: imported with the referral's moves, merged if they made none.
          else if (nfa) ep.nfaSrc = srcOf(n);
          else settle(srcOf(n), 'merged', 'not NFA');
          ep.nfa ||= nfa;
        }
        break;
      }
      case 'CINclosureDate': {
        const date = dateOf(n);
        if (!date) break;
        if (ep.closure === date) settle(srcOf(n), 'merged', 'the closure is in an earlier census');
        else {
          if (ep.closureSrc) settle(ep.closureSrc, 'merged', 'superseded by a later census');
          ep.closure = date;
          ep.closureSrc = srcOf(n);
        }
        break;
      }
      case 'DateOfInitialCPC':
        break; // checked against the section 47 conferences once they are read
      case 'Assessments':
        addStay(ep, readStay('assessment', n, 'AssessmentActualStartDate', 'AssessmentAuthorisationDate'));
        break;
      case 'CINPlanDates':
        addStay(ep, readStay('child_in_need', n, 'CINPlanStartDate', 'CINPlanEndDate'));
        break;
      case 'Section47':
        addStay(ep, readStay('s47_enquiry', n, 'S47ActualStartDate', 'DateOfInitialCPC'));
        break;
      case 'ChildProtectionPlans':
        addStay(ep, readStay('child_protection', n, 'CPPstartDate', 'CPPendDate'));
        break;
      default:
        break; // left unsettled: rejected as not in the schema
    }
  }
  const episodeIcpc = childNamed(detail, 'DateOfInitialCPC');
  if (episodeIcpc) {
    const date = dateOf(episodeIcpc);
    if (date && ep.stays.some((s) => s.stage === 's47_enquiry' && s.end === date))
      settle(srcOf(episodeIcpc), 'merged', 'the same conference is recorded on its section 47 enquiry');
    else if (date)
      settle(
        srcOf(episodeIcpc),
        'rejected',
        'no section 47 enquiry of the episode records a conference on this date',
      );
  }

  function readStay(
    stage: CinStay['stage'],
    n: XmlNode,
    startName: string,
    endName: string,
  ): CinStay | undefined {
    const inner = leafNodesOf(n).map((node) => ({ node, src: srcOf(node) }));
    const startNode = childNamed(n, startName);
    const start = dateOf(startNode);
    if (!start) {
      for (const l of inner) settle(l.src, 'rejected', `the ${stage} has no valid ${startName}`);
      return undefined;
    }
    const stay: CinStay = { stage, start, startSrc: srcOf(startNode!), entry: [], exit: [], followers: [] };
    const endNode = childNamed(n, endName);
    const end = dateOf(endNode);
    if (end !== undefined && end < start)
      settle(srcOf(endNode!), 'rejected', `${endName} is before ${startName}`);
    else if (end !== undefined) {
      stay.end = end;
      stay.endSrc = srcOf(endNode!);
    }
    if (stage === 'assessment' || stage === 's47_enquiry') stay.soft = stay.end === undefined;
    for (const l of inner) {
      const name = l.node.name;
      if (name === 'InitialCategoryOfAbuse') code(l.node, stay.entry);
      else if (name === 'LatestCategoryOfAbuse') code(l.node, stay.exit);
      else if (name === 'ICPCnotRequired') {
        const v = censusBoolean(l.node.text);
        if (v === undefined) settle(l.src, 'rejected', 'ICPCnotRequired is not true/false');
        else stay.followers.push(l.src);
      } else if (NOT_STORED[name]) settle(l.src, 'not_stored', NOT_STORED[name]);
    }
    return stay;
  }

  function addStay(episode: CinEpisode, stay: CinStay | undefined): void {
    if (!stay) return;
    const known = episode.stays.find((s) => s.stage === stay.stage && s.start === stay.start);
    if (!known) {
      episode.stays.push(stay);
      return;
    }
    settle(stay.startSrc, 'merged', 'the same stay is in an earlier census');
    for (const f of stay.followers) settle(f, 'merged', 'the same stay is in an earlier census');
    if (stay.end !== undefined) {
      if (known.end === stay.end) settle(stay.endSrc, 'merged', 'the same end is in an earlier census');
      else {
        settle(known.endSrc, 'merged', 'superseded by a later census');
        known.end = stay.end;
        known.endSrc = stay.endSrc!;
        known.soft = false;
      }
    }
    for (const c of stay.entry) mergeCode(known.entry, c);
    for (const c of stay.exit) mergeCode(known.exit, c);
  }
}

function mergeCode(list: SourcedCode[], c: SourcedCode): void {
  const known = list.find((k) => k.attribute === c.attribute);
  if (!known) list.push(c);
  else if (known.value === c.value) settle(c.src, 'merged', 'the same code is in an earlier census');
  else {
    settle(known.src, 'merged', 'superseded by a later census');
    list.splice(list.indexOf(known), 1, c);
  }
}
