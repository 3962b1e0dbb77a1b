/** A date of the return: DD/MM/YYYY (the DfE layout) or YYYY-MM-DD (as some extracts write it). */
export function returnDate(raw: string | undefined): string | undefined {
  const v = (raw ?? '').trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!match) return undefined;
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return undefined;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An upper-case code of the return (`C2`, `U4`, `E4A`), or undefined when it is not code-shaped. */
export function returnCode(raw: string | undefined): string | undefined {
  const v = (raw ?? '').trim().toUpperCase().replace(/\s+/g, '');
  return /^[A-Z][A-Z0-9]{0,3}$/.test(v) ? v : undefined;
}

/** The reasons an episode starts (RNE): `S` opens a period of care; the others change it. */
export const RNE_CODES = new Set(['S', 'L', 'P', 'T', 'U', 'B']);

/** The reason an episode ended (REC) that continues the same period of care. */
export const CONTINUES_PERIOD = 'X1';

/** The return's sex codes. */
export const SEX_CODES: Readonly<Record<string, string>> = { '1': 'male', '2': 'female' };
