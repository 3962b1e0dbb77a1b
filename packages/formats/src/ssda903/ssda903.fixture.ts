import type { CanonicalEvent } from '../canonicalEvent.ts';
import type { Ssda903Input } from './importSsda903.ts';
import { seededRandom } from '../testing/seededRandom.ts';

/** One generated episode of care. */
export interface GenEpisode903 {
  start: string;
  end?: string;
  rne: string;
  rec?: string;
  ls: string;
  place: string;
  need: string;
}

/** One generated looked-after child: identifiers included so tests can check none leaks. */
export interface GenChild903 {
  id: string;
  upn: string;
  dob: string;
  sex: '1' | '2';
  homePost: string;
  /** One period of care: episodes chained by X1, the last ended with a reason or left open. */
  episodes: GenEpisode903[];
  careLeaver: boolean;
  /** A return to care after the first period ended (generated with `returns`): the pathway has no move from closed. */
  secondPeriod?: GenEpisode903[];
}

const LS = ['C1', 'C2', 'E1', 'J1', 'J2', 'L1', 'V2', 'V3'];
const PLACE = ['U1', 'U3', 'U4', 'U5', 'U6', 'K2', 'P1', 'R1', 'H5'];
const ENDS = ['E11', 'E12', 'E13', 'E2', 'E4A', 'E41', 'E45', 'E17', 'E5', 'E8'];
const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);

/**
 * Generates `count` looked-after children from a seed, each with one period of care of one to four
 * episodes (placement or legal status changes chained by `X1`), ended or still open, some listed as
 * care leavers when their period ended. With `returns`, some children who left care (not as care
 * leavers) come back for a second period, a move the pathway lacks (closed -> looked after).
 */
export function generate903Children(
  seed: number,
  count: number,
  options: { returns?: boolean } = {},
): GenChild903[] {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: GenChild903[] = [];
  for (let i = 0; i < count; i++) {
    let at = addDays('2017-04-01', int(0, 1500));
    const dob = addDays(at, -int(1, 6500));
    const episodes: GenEpisode903[] = [];
    const n = int(1, 4);
    const ended = rnd() < 0.7;
    for (let k = 0; k < n; k++) {
      const episode: GenEpisode903 = {
        start: at,
        rne: k === 0 ? 'S' : pick(['L', 'P', 'T']),
        ls: pick(LS),
        place: pick(PLACE),
        need: `N${int(1, 9)}`,
      };
      if (k < n - 1 || ended) {
        at = addDays(at, int(1, 400));
        episode.end = at;
        episode.rec = k < n - 1 ? 'X1' : pick(ENDS);
      }
      episodes.push(episode);
    }
    const child: GenChild903 = {
      id: `${seed % 997}${String(i).padStart(6, '0')}`,
      upn: `B${int(100_000_000, 999_999_999)}34Z`,
      dob,
      sex: rnd() < 0.5 ? '1' : '2',
      homePost: `ZZ${int(1, 99)} ${int(1, 9)}QQ`,
      episodes,
      careLeaver: ended && rnd() < 0.3,
    };
    if (options.returns && ended && !child.careLeaver && rnd() < 0.5) {
      at = addDays(at, int(1, 300));
      const again: GenEpisode903 = {
        start: at,
        rne: 'S',
        ls: pick(LS),
        place: pick(PLACE),
        need: `N${int(1, 9)}`,
      };
      if (rnd() < 0.5) {
        again.end = addDays(at, int(1, 300));
        again.rec = pick(ENDS);
      }
      child.secondPeriod = [again];
    }
    out.push(child);
  }
  return out;
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * Writes the children as an SSDA903 return: `header` (CHILD, SEX, DOB, UPN), `episodes` (the DfE
 * columns, postcodes included, rows shuffled) and the care leavers table; `iso` writes ISO dates.
 */
export function write903Return(
  children: readonly GenChild903[],
  options: { iso?: boolean; seed?: number } = {},
): Ssda903Input {
  const date = (d: string | undefined) => (d === undefined ? '' : options.iso ? d : dmy(d));
  const header = [
    'CHILD,SEX,DOB,ETHNIC,UPN',
    ...children.map((c) => `${c.id},${c.sex},${date(c.dob)},WBRI,${c.upn}`),
  ];
  const rows = children.flatMap((c) =>
    [...c.episodes, ...(c.secondPeriod ?? [])].map(
      (e) =>
        `${c.id},${date(e.start)},${e.rne},${e.ls},${e.need},${e.place},PR1,${date(e.end)},${e.rec ?? ''},,${c.homePost},ZZ9 9ZZ,SC123456`,
    ),
  );
  const rnd = seededRandom(options.seed ?? 1);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const episodes = [
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
    ...rows,
  ];
  const leavers = [
    'CHILD,DOB,IN_TOUCH,ACTIV,ACCOM',
    ...children.filter((c) => c.careLeaver).map((c) => `${c.id},${date(c.dob)},YES,F2,S`),
  ];
  return {
    header: { name: 'header.csv', csv: `${header.join('\n')}\n` },
    episodes: { name: 'episodes.csv', csv: `${episodes.join('\n')}\n` },
    careLeavers: { name: 'oc3.csv', csv: `${leavers.join('\n')}\n` },
  };
}

/**
 * The events a generated child must import to: one looked-after stay, then its ending; a second
 * period enters care again with no event (the pathway has no move from closed: imported flagged).
 */
export function expected903Events(child: GenChild903, caseRef: string, ageBand: string): CanonicalEvent[] {
  const first = child.episodes[0]!;
  const last = child.episodes.at(-1)!;
  const out: CanonicalEvent[] = [
    {
      case_ref: caseRef,
      stage: 'looked_after',
      entered_at: first.start,
      event: '',
      attributes: {
        sex: child.sex === '1' ? 'male' : 'female',
        age_band: ageBand,
        legal_status: first.ls,
        placement_type: first.place,
        primary_need: first.need,
      },
    },
  ];
  if (last.end && last.rec) {
    out.push({
      case_ref: caseRef,
      stage: child.careLeaver ? 'care_leaver' : 'closed',
      entered_at: last.end,
      event: child.careLeaver ? 'leave_care' : 'cease_care',
      attributes: { closure_reason: last.rec },
    });
  }
  for (const e of child.secondPeriod ?? []) {
    out.push({
      case_ref: caseRef,
      stage: 'looked_after',
      entered_at: e.start,
      event: '',
      attributes: { legal_status: e.ls, placement_type: e.place, primary_need: e.need },
    });
    if (e.end && e.rec)
      out.push({
        case_ref: caseRef,
        stage: 'closed',
        entered_at: e.end,
        event: 'cease_care',
        attributes: { closure_reason: e.rec },
      });
  }
  return out;
}
