import type { CodedAttribute } from '../canonicalEvent.ts';

/**
 * What became of one source element. Every data element read is given exactly one, so the
 * report's counts add up: imported (made or coloured an event), merged (already recorded: a later
 * census repeating an earlier one, a stay covered by a more acute one), not_stored (identifiers,
 * personal characteristics and header fields the product never keeps), outside_pathway (a recorded
 * move the pathway lacks, stored flagged instead of bridged) or rejected (invalid or inconsistent,
 * or outside the pathway when the import rejects such moves).
 */
export type ElementOutcome = 'imported' | 'merged' | 'not_stored' | 'outside_pathway' | 'rejected';

/** One data element of a census file, with what became of it (decided once, by the first verdict). */
export interface SourceElement {
  file: string;
  line: number;
  /** Element path below Message, e.g. `Child/CINdetails/Assessments/AssessmentActualStartDate`. */
  element: string;
  outcome?: ElementOutcome;
  reason?: string;
}

/** Sets an element's outcome unless one was already given (the first verdict wins); true when it did. */
export function settle(el: SourceElement | undefined, outcome: ElementOutcome, reason?: string): boolean {
  if (!el || el.outcome) return false;
  el.outcome = outcome;
  if (reason !== undefined) el.reason = reason;
  return true;
}

/** A coded attribute read from an element, kept with its source for the report. */
export interface SourcedCode {
  attribute: CodedAttribute;
  value: string;
  src: SourceElement;
}

/** One recorded stay of a census episode (assessment, CIN plan, s47 enquiry, CP plan). */
export interface CinStay {
  stage: 'assessment' | 'child_in_need' | 's47_enquiry' | 'child_protection';
  start: string;
  end?: string;
  startSrc: SourceElement;
  endSrc?: SourceElement;
  /** Attributes of the row entering the stay (e.g. the initial category of abuse). */
  entry: SourcedCode[];
  /** Attributes of the row leaving the stay (e.g. the latest category of abuse). */
  exit: SourcedCode[];
  /** Elements that belong to the stay and follow its start's fate (e.g. the conference target). */
  followers: SourceElement[];
  /** True when the source records no end (an assessment not authorised, an s47 with no conference). */
  soft?: boolean;
}

/** One CINdetails block: a referral, its stays and its closure, merged across census years. */
export interface CinEpisode {
  referral: string;
  referralSrc: SourceElement;
  nfa: boolean;
  /** The ReferralNFA element that made the referral close at once (it follows the referral's moves). */
  nfaSrc?: SourceElement;
  closure?: string;
  closureSrc?: SourceElement;
  /** Referral source and primary need (on the referral row), closure reason (on the closing row). */
  entry: SourcedCode[];
  exit: SourcedCode[];
  stays: CinStay[];
}

/** One child across every file read, keyed by the LA child id (pseudonymised before output). */
export interface CinChild {
  childId: string;
  /** The child's LAchildID element in each census (each follows the child's moves). */
  idSrcs: SourceElement[];
  sex?: SourcedCode;
  /** Age at the first referral, in years, from the birth date (the date itself is never kept). */
  ageAtFirstReferral?: number;
  episodes: CinEpisode[];
}
