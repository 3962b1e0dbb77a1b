import { GIVEN_NAMES, NOT_JOINED_NAMES, SURNAMES, WORD_SURNAMES } from './personNames.ts';

// The longest given name and surname together, and a little more: longer words are never split.
const LONGEST_JOINED = 24;

/**
 * True for one lower-case, letters-only word that is a full name written without a separator, as
 * code-shaped names are: a given name and a surname (`janesmith`, `oliverbrown`), a surname and a
 * given name (`smithjane`), or an initial and a surname of four letters or more (`jsmith`). Words of
 * English that split so (`fallen`, `trees`, `hamiltonian`) are not names.
 */
export function isJoinedName(word: string): boolean {
  if (word.length < 5 || word.length > LONGEST_JOINED || NOT_JOINED_NAMES.has(word)) return false;
  if (SURNAMES.has(word.slice(1))) return true;
  for (let i = 3; i <= word.length - 3; i++) {
    const first = word.slice(0, i);
    const second = word.slice(i);
    if (GIVEN_NAMES.has(first) && (SURNAMES.has(second) || WORD_SURNAMES.has(second))) return true;
    // `-ian` is an English suffix (Hamiltonian, Jacksonian), so a trailing `ian` is not the name Ian.
    if (SURNAMES.has(first) && GIVEN_NAMES.has(second) && second !== 'ian') return true;
  }
  return false;
}
