import type { CanonicalEvent } from '../canonicalEvent.ts';
import type { CinFile } from './readCinCensus.ts';
import { seededRandom } from '../testing/seededRandom.ts';

/** One recorded stay of a generated episode, and the pathway event that entered it. */
export interface GenStay {
  stage: 'assessment' | 'child_in_need' | 's47_enquiry' | 'child_protection';
  /** Empty for a move the pathway lacks (generated with `outside`): imported flagged, not bridged. */
  event: string;
  start: string;
  /** The CP plan's initial and latest categories of abuse. */
  abuse?: [string, string];
  /** Whether the writer leaves the stay's own end out (an assessment not authorised, no conference). */
  noEnd?: boolean;
}

/** One generated referral episode: its stays in order and how it closed (or stays open). */
export interface GenEpisode {
  referral: string;
  source: string;
  need: string;
  nfa: boolean;
  stays: GenStay[];
  closure?: { date: string; event: string; reason: string };
}

/** One generated child, identifiers included (so tests can check none of them leaks). */
export interface GenChild {
  id: string;
  upn: string;
  dob: string;
  death?: string;
  gender: '1' | '2';
  episodes: GenEpisode[];
}

const SOURCES = [
  '1A',
  '1B',
  '1C',
  '2A',
  '2B',
  '3A',
  '3B',
  '3C',
  '3D',
  '3E',
  '3F',
  '4',
  '5A',
  '5B',
  '5C',
  '5D',
  '6',
  '7',
  '8',
  '9',
  '10',
];
const ABUSE = ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'];
const DAY = 86_400_000;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);

/**
 * Generates `count` children with legal CIN histories on the default pathway (referrals, NFAs,
 * assessments, CIN plans, s47 enquiries with or without a plan, CP plans, closures, re-referrals),
 * each stay at least a day long, some left open at the end, from a seed. With `outside`, histories
 * also take moves the pathway lacks (a CIN plan with no assessment, a CP plan with no enquiry).
 */
export function generateCinChildren(
  seed: number,
  count: number,
  options: { outside?: boolean } = {},
): GenChild[] {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const children: GenChild[] = [];
  for (let i = 0; i < count; i++) {
    const dob = addDays('2004-01-01', int(0, 5000));
    const child: GenChild = {
      id: `LA${seed % 1000}X${String(i).padStart(5, '0')}`,
      upn: `A${String(int(100_000_000, 999_999_999))}12${String.fromCharCode(65 + int(0, 25))}`,
      dob,
      gender: rnd() < 0.5 ? '1' : '2',
      episodes: [],
    };
    if (rnd() < 0.05) child.death = addDays(dob, int(6000, 7000));
    let at = addDays('2018-04-01', int(0, 700));
    const episodes = int(1, 3);
    for (let e = 0; e < episodes; e++) {
      const episode: GenEpisode = {
        referral: at,
        source: pick(SOURCES),
        need: `N${int(0, 9)}`,
        nfa: false,
        stays: [],
      };
      child.episodes.push(episode);
      let stage = 'front_door';
      let t = at;
      for (;;) {
        const step = pick(options.outside ? [...NEXT[stage]!, ...(OUTSIDE[stage] ?? [])] : NEXT[stage]!);
        t = addDays(t, stage === 'front_door' ? int(0, 5) : int(1, 200));
        if (step.to === 'open' && e === episodes - 1) break;
        if (step.to === 'open' || step.to === 'closed') {
          const event = step.event === 'open' ? (CLOSE_EVENT[stage] ?? 'close_case') : step.event;
          if (event === 'no_further_action') {
            episode.nfa = true;
            t = at;
          }
          episode.closure = {
            date: t,
            event,
            reason: event === 'no_further_action' ? 'RC8' : `RC${int(1, 9)}`,
          };
          break;
        }
        const stay: GenStay = { stage: step.to as GenStay['stage'], event: step.event, start: t };
        if (stay.stage === 'child_protection') {
          const initial = pick(ABUSE);
          stay.abuse = [initial, rnd() < 0.7 ? initial : pick(ABUSE)];
        }
        if ((stay.stage === 'assessment' || stay.stage === 's47_enquiry') && rnd() < 0.2) stay.noEnd = true;
        episode.stays.push(stay);
        stage = stay.stage;
      }
      episode.stays.forEach((s, k) => {
        if (s.stage === 's47_enquiry' && episode.stays[k + 1]?.stage === 'child_protection') delete s.noEnd;
      });
      if (!episode.closure) break;
      at = addDays(episode.closure.date, int(1, 500));
    }
    children.push(child);
  }
  return children;
}

/** The moves a generated history takes from each stage (`open` leaves the last episode open). */
const NEXT: Readonly<Record<string, readonly { to: string; event: string }[]>> = {
  front_door: [
    { to: 'closed', event: 'no_further_action' },
    { to: 'assessment', event: 'accept_referral' },
    { to: 'assessment', event: 'accept_referral' },
    { to: 's47_enquiry', event: 'strategy_discussion' },
  ],
  assessment: [
    { to: 'closed', event: 'close_case' },
    { to: 'child_in_need', event: 'cin_plan' },
    { to: 's47_enquiry', event: 'start_s47' },
    { to: 'open', event: 'open' },
  ],
  child_in_need: [
    { to: 'closed', event: 'close_case' },
    { to: 's47_enquiry', event: 'start_s47' },
    { to: 'open', event: 'open' },
  ],
  s47_enquiry: [
    { to: 'child_protection', event: 'cp_plan' },
    { to: 'child_in_need', event: 'no_plan_cin' },
    { to: 'closed', event: 'no_plan_close' },
  ],
  child_protection: [
    { to: 'child_in_need', event: 'end_plan_cin' },
    { to: 'closed', event: 'end_plan_close' },
    { to: 'open', event: 'open' },
  ],
};
/** Moves the pathway lacks that real returns record (event empty: imported flagged). */
const OUTSIDE: Readonly<Record<string, readonly { to: string; event: string }[]>> = {
  front_door: [{ to: 'child_in_need', event: '' }],
  assessment: [{ to: 'child_protection', event: '' }],
  child_in_need: [{ to: 'child_protection', event: '' }],
};
const CLOSE_EVENT: Readonly<Record<string, string>> = {
  assessment: 'close_case',
  child_in_need: 'close_case',
  s47_enquiry: 'no_plan_close',
  child_protection: 'end_plan_close',
};

/** The census year (ending 31 March) a date falls in. */
const censusYear = (date: string) => Number(date.slice(0, 4)) + (date.slice(5) >= '04-01' ? 1 : 0);

/** Every date of a child's history (to know which census years it spans). */
function datesOf(child: GenChild): string[] {
  return child.episodes.flatMap((e) => [
    e.referral,
    ...e.stays.map((s) => s.start),
    ...(e.closure ? [e.closure.date] : []),
  ]);
}

/**
 * Writes the children as yearly CIN census files, one per census year their histories span: each
 * file holds the episodes open during its year with every date up to its reference date (31 March),
 * so an episode spanning years is repeated, and completed, by the next census.
 */
export function writeCinCensusFiles(children: readonly GenChild[]): CinFile[] {
  const years = children.flatMap(datesOf).map(censusYear);
  const first = years.reduce((a, b) => Math.min(a, b));
  const last = years.reduce((a, b) => Math.max(a, b));
  const files: CinFile[] = [];
  for (let year = first; year <= last; year++) {
    const ref = `${year}-03-31`;
    const from = `${year - 1}-04-01`;
    const body = children
      .map((c) => childXml(c, ref, from))
      .filter((x) => x !== '')
      .join('');
    files.push({
      name: `cin-${year}.xml`,
      xml: `<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n<Header><CollectionDetails><Collection>CIN</Collection><Year>${year}</Year><ReferenceDate>${ref}</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>fixture</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>${ref}T12:00:00</DateTime></Source></Header>\n<Children>\n${body}</Children>\n</Message>\n`,
    });
  }
  return files;
}

function childXml(child: GenChild, ref: string, from: string): string {
  const episodes = child.episodes.filter((e) => e.referral <= ref && (!e.closure || e.closure.date >= from));
  if (episodes.length === 0) return '';
  const el = (name: string, value: string) => `<${name}>${value}</${name}>`;
  const upTo = (date: string | undefined) => (date !== undefined && date <= ref ? date : undefined);
  const details = episodes.map((e) => {
    const closure = upTo(e.closure?.date);
    const parts = [
      el('CINreferralDate', e.referral),
      el('ReferralSource', e.source),
      el('PrimaryNeedCode', e.need),
    ];
    if (closure) parts.push(el('CINclosureDate', closure), el('ReasonForClosure', e.closure!.reason));
    e.stays.forEach((s, i) => {
      if (s.start > ref) return;
      const next = e.stays[i + 1]?.start ?? e.closure?.date;
      const end = s.noEnd ? undefined : upTo(next);
      if (s.stage === 'assessment') {
        parts.push(
          `<Assessments>${el('AssessmentActualStartDate', s.start)}${end ? el('AssessmentAuthorisationDate', end) : ''}<FactorsIdentifiedAtAssessment>${el('AssessmentFactors', '2A')}</FactorsIdentifiedAtAssessment></Assessments>`,
        );
      } else if (s.stage === 'child_in_need') {
        parts.push(
          `<CINPlanDates>${el('CINPlanStartDate', s.start)}${end ? el('CINPlanEndDate', end) : ''}</CINPlanDates>`,
        );
      } else if (s.stage === 's47_enquiry') {
        const conference = s.noEnd || !end ? '' : el('DateOfInitialCPC', end);
        parts.push(
          `<Section47>${el('S47ActualStartDate', s.start)}${el('InitialCPCtarget', addDays(s.start, 15))}${conference}${el('ICPCnotRequired', s.noEnd ? 'true' : 'false')}</Section47>`,
        );
      }
    });
    parts.push(el('ReferralNFA', e.nfa ? 'true' : 'false'));
    e.stays.forEach((s, i) => {
      if (s.stage !== 'child_protection' || s.start > ref) return;
      const end = upTo(e.stays[i + 1]?.start ?? e.closure?.date);
      const previous = child.episodes
        .flatMap((x) => x.stays)
        .filter((x) => x.stage === 'child_protection' && x.start < s.start).length;
      parts.push(
        `<ChildProtectionPlans>${el('CPPstartDate', s.start)}${end ? el('CPPendDate', end) : ''}${el('InitialCategoryOfAbuse', s.abuse![0])}${el('LatestCategoryOfAbuse', s.abuse![1])}${el('NumberOfPreviousCPP', String(previous))}<Reviews>${el('CPPreviewDate', addDays(s.start, 90) <= ref ? addDays(s.start, 90) : s.start)}</Reviews></ChildProtectionPlans>`,
      );
    });
    return `<CINdetails>${parts.join('')}</CINdetails>`;
  });
  const ids = [
    el('LAchildID', child.id),
    el('UPN', child.upn),
    el('PersonBirthDate', child.dob),
    el('GenderCurrent', child.gender),
    ...(child.death && child.death <= ref ? [el('PersonDeathDate', child.death)] : []),
  ];
  return `<Child><ChildIdentifiers>${ids.join('')}</ChildIdentifiers><ChildCharacteristics>${el('Ethnicity', 'WBRI')}</ChildCharacteristics>${details.join('')}</Child>\n`;
}

/**
 * The canonical events a generated child must import to: one row per recorded move, with the
 * referral's source and need, the plan's categories of abuse and the closure reason.
 */
export function expectedCinEvents(child: GenChild, caseRef: string, ageBand: string): CanonicalEvent[] {
  const out: CanonicalEvent[] = [];
  let leaving: Record<string, string> = {};
  const row = (stage: string, at: string, event: string, attrs: Record<string, string>) => {
    const attributes = { ...leaving, ...attrs };
    leaving = {};
    const r: CanonicalEvent = { case_ref: caseRef, stage, entered_at: at, event };
    if (Object.keys(attributes).length > 0) r.attributes = attributes;
    out.push(r);
  };
  for (const e of child.episodes) {
    const first = out.length === 0;
    row('front_door', e.referral, first ? '' : 're_referral', {
      ...(first ? { sex: child.gender === '1' ? 'male' : 'female', age_band: ageBand } : {}),
      referral_source: e.source,
      primary_need: e.need,
    });
    for (const s of e.stays) {
      row(s.stage, s.start, s.event, s.abuse ? { abuse_category: s.abuse[0] } : {});
      if (s.abuse && s.abuse[1] !== s.abuse[0]) leaving = { abuse_category: s.abuse[1] };
    }
    if (e.closure) row('closed', e.closure.date, e.closure.event, { closure_reason: e.closure.reason });
  }
  return out;
}
