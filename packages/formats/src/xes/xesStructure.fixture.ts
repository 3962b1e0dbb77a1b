import { createRequire } from 'node:module';

/** The part of jsdom used here (it ships no types; it is the web tests' environment). */
interface Jsdom {
  JSDOM: new (html: string) => { window: { DOMParser: typeof DOMParser } };
}
const { JSDOM } = createRequire(import.meta.url)('jsdom') as Jsdom;

const ATTRIBUTES = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);
/** Where each element may appear under <log>, in the order IEEE 1849-2016 gives them. */
const LOG_ORDER = ['extension', 'global', 'classifier', 'attribute', 'trace', 'event'];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The project's own check of an XES document, reading no file, so a fresh clone without the
 * external XSD still checks every export: well-formed XML, and the element structure, required attributes and
 * typed values of IEEE 1849-2016. Returns every problem found (none: the document passes).
 */
export function xesStructureProblems(xml: string): string[] {
  const { window } = new JSDOM('');
  const doc = new window.DOMParser().parseFromString(xml, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) return [`not well-formed XML: ${error.textContent ?? ''}`.trim()];
  const problems: string[] = [];
  const log = doc.documentElement;
  if (log.tagName !== 'log') return [`the root element is <${log.tagName}>, not <log>`];
  if (!log.getAttribute('xes.version')) problems.push('<log> has no xes.version');
  const kind = (e: Element) => (ATTRIBUTES.has(e.tagName) ? 'attribute' : e.tagName);

  const attribute = (e: Element, where: string) => {
    const key = e.getAttribute('key');
    const value = e.getAttribute('value');
    const at = `${where} <${e.tagName} key="${key}">`;
    if (!key) problems.push(`${where} <${e.tagName}> has no key`);
    if (e.tagName === 'list' || e.tagName === 'container') {
      for (const child of Array.from(e.children)) attribute(child, at);
      return;
    }
    if (value === null) {
      problems.push(`${at} has no value`);
      return;
    }
    if (e.tagName === 'date' && !DATE_TIME.test(value))
      problems.push(`${at}: "${value}" is not an xs:dateTime`);
    if (e.tagName === 'int' && !/^[+-]?\d+$/.test(value))
      problems.push(`${at}: "${value}" is not an integer`);
    if (e.tagName === 'float' && Number.isNaN(Number(value)))
      problems.push(`${at}: "${value}" is not a number`);
    if (e.tagName === 'boolean' && !/^(true|false|1|0)$/.test(value))
      problems.push(`${at}: "${value}" is not a boolean`);
    for (const child of Array.from(e.children)) {
      if (!ATTRIBUTES.has(child.tagName)) problems.push(`${at} contains <${child.tagName}>`);
      else attribute(child, at);
    }
  };
  const onlyAttributes = (e: Element, where: string, allowEvents: boolean) => {
    for (const child of Array.from(e.children)) {
      if (ATTRIBUTES.has(child.tagName)) attribute(child, where);
      else if (allowEvents && child.tagName === 'event') onlyAttributes(child, `${where} <event>`, false);
      else problems.push(`${where} contains <${child.tagName}>`);
    }
  };

  let last = 0;
  for (const child of Array.from(log.children)) {
    const rank = LOG_ORDER.indexOf(kind(child));
    if (rank < 0) {
      problems.push(`<log> contains <${child.tagName}>`);
      continue;
    }
    if (rank < last) problems.push(`<log>: <${child.tagName}> comes after <${LOG_ORDER[last]}>`);
    last = Math.max(last, rank);
    if (child.tagName === 'extension') {
      for (const a of ['name', 'prefix', 'uri'])
        if (!child.getAttribute(a)) problems.push(`<extension> has no ${a}`);
    } else if (child.tagName === 'global') {
      if (!['trace', 'event'].includes(child.getAttribute('scope') ?? 'event'))
        problems.push(`<global> scope "${child.getAttribute('scope')}"`);
      onlyAttributes(child, '<global>', false);
    } else if (child.tagName === 'classifier') {
      for (const a of ['name', 'keys']) if (!child.getAttribute(a)) problems.push(`<classifier> has no ${a}`);
    } else if (child.tagName === 'trace') onlyAttributes(child, '<trace>', true);
    else if (child.tagName === 'event') onlyAttributes(child, '<log> <event>', false);
    else attribute(child, '<log>');
  }
  return problems;
}
