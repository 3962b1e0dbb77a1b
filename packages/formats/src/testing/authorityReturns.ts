import { type GenChild, generateCinChildren, writeCinCensusFiles } from '../cinCensus/cinCensus.fixture.ts';
import type { CinFile } from '../cinCensus/readCinCensus.ts';
import type { Ssda903File } from '../ssda903/importSsda903.ts';
import { type GenChild903, generate903Children } from '../ssda903/ssda903.fixture.ts';
import { seededRandom } from './seededRandom.ts';

/** How large and how long an authority's generated returns are. */
export interface AuthorityOptions {
  seed: number;
  /** Children with a CIN census history. */
  cinChildren: number;
  /** Looked-after children in the SSDA903 returns (their own ids). */
  lookedAfterChildren: number;
  /** The first census year (the year ending 31 March), e.g. 2016 for 2015-16. */
  firstYear: number;
  /** How many yearly returns of each kind. */
  years: number;
  /**
   * Histories with moves the pathway lacks, as real returns have (CIN: e.g. a plan with no
   * assessment; SSDA903: a return to care after a closure). Default true.
   */
  outside?: boolean;
}

/** One year's SSDA903 return: its three tables. */
export interface Ssda903Year {
  year: number;
  header: Ssda903File;
  episodes: Ssda903File;
  careLeavers: Ssda903File;
}

/** An authority's statutory returns over the years: CIN census files and SSDA903 returns, one a year. */
export interface AuthorityReturns {
  cin: CinFile[];
  ssda903: Ssda903Year[];
  cinChildren: GenChild[];
  lookedAfterChildren: GenChild903[];
}

const DAY = 86_400_000;
const shift = (date: string, days: number) =>
  new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);

/**
 * Generates an authority's returns over `years` census years from a seed: children's histories
 * (the CIN and 903 fixture writers) spread evenly over the whole span by moving each child's dates
 * by a seeded offset, written as one CIN census file and one SSDA903 return (header, episodes, care
 * leavers) per year ending 31 March. Each return holds what was open during its year with every date
 * up to its reference date, so a history spanning years is repeated, and completed, by the next
 * return (as real returns are); histories running past the last year stay open.
 * @example authorityReturns({ seed: 1, cinChildren: 20_000, lookedAfterChildren: 4_000, firstYear: 2016, years: 10 })
 */
export function authorityReturns(options: AuthorityOptions): AuthorityReturns {
  const from = `${options.firstYear - 1}-04-01`;
  const lastYear = options.firstYear + options.years - 1;
  const to = `${lastYear}-03-31`;
  const rnd = seededRandom(options.seed * 7919 + 1);
  const spanDays = (Date.parse(to) - Date.parse(from)) / DAY;
  // The CIN writer starts histories from 2018-04-01 over ~700 days; the 903 writer from 2017-04-01 over ~1,500.
  const outside = options.outside ?? true;
  const cinChildren = generateCinChildren(options.seed, options.cinChildren, { outside }).map((c) =>
    shiftCin(c, Math.floor(rnd() * (spanDays - 700)) - (Date.parse('2018-04-01') - Date.parse(from)) / DAY),
  );
  const lookedAfterChildren = generate903Children(options.seed + 1, options.lookedAfterChildren, {
    returns: outside,
  }).map((c) =>
    shift903(c, Math.floor(rnd() * (spanDays - 1500)) - (Date.parse('2017-04-01') - Date.parse(from)) / DAY),
  );
  const cin = writeCinCensusFiles(cinChildren).filter((f) => {
    const year = Number(/(\d{4})/.exec(f.name)?.[1]);
    return year >= options.firstYear && year <= lastYear;
  });
  const ssda903: Ssda903Year[] = [];
  for (let year = options.firstYear; year <= lastYear; year++)
    ssda903.push(write903Year(lookedAfterChildren, year));
  return { cin, ssda903, cinChildren, lookedAfterChildren };
}

function shiftCin(child: GenChild, days: number): GenChild {
  return {
    ...child,
    dob: shift(child.dob, days),
    ...(child.death ? { death: shift(child.death, days) } : {}),
    episodes: child.episodes.map((e) => ({
      ...e,
      referral: shift(e.referral, days),
      stays: e.stays.map((s) => ({ ...s, start: shift(s.start, days) })),
      ...(e.closure ? { closure: { ...e.closure, date: shift(e.closure.date, days) } } : {}),
    })),
  };
}

function shift903(child: GenChild903, days: number): GenChild903 {
  const moved = (episodes: GenChild903['episodes']) =>
    episodes.map((e) => ({
      ...e,
      start: shift(e.start, days),
      ...(e.end ? { end: shift(e.end, days) } : {}),
    }));
  return {
    ...child,
    dob: shift(child.dob, days),
    episodes: moved(child.episodes),
    ...(child.secondPeriod ? { secondPeriod: moved(child.secondPeriod) } : {}),
  };
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * One year's SSDA903 return: the episodes open during the year (an episode ending after the
 * reference date has DEC and REC blank), the header of those children, and the care leavers whose
 * period ended in the year.
 */
function write903Year(children: readonly GenChild903[], year: number): Ssda903Year {
  const ref = `${year}-03-31`;
  const start = `${year - 1}-04-01`;
  const header = ['CHILD,SEX,DOB,ETHNIC,UPN'];
  const episodes = [
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
  ];
  const leavers = ['CHILD,DOB,IN_TOUCH,ACTIV,ACCOM'];
  for (const c of children) {
    const all = [...c.episodes, ...(c.secondPeriod ?? [])];
    const open = all.filter((e) => e.start <= ref && (e.end === undefined || e.end >= start));
    if (open.length === 0) continue;
    header.push(`${c.id},${c.sex},${dmy(c.dob)},WBRI,${c.upn}`);
    for (const e of open) {
      const ended = e.end !== undefined && e.end <= ref;
      episodes.push(
        `${c.id},${dmy(e.start)},${e.rne},${e.ls},${e.need},${e.place},PR1,${ended ? dmy(e.end!) : ''},${ended ? e.rec : ''},,${c.homePost},ZZ9 9ZZ,SC123456`,
      );
    }
    const last = c.episodes.at(-1)!;
    if (c.careLeaver && last.end !== undefined && last.end >= start && last.end <= ref)
      leavers.push(`${c.id},${dmy(c.dob)},YES,F2,S`);
  }
  const file = (name: string, lines: string[]) => ({
    name: `${name}-${year}.csv`,
    csv: `${lines.join('\n')}\n`,
  });
  return {
    year,
    header: file('header', header),
    episodes: file('episodes', episodes),
    careLeavers: file('oc3', leavers),
  };
}
