import { detectPii } from '@continuum/machines';
import { SaxesParser } from 'saxes';

/** One XML element: its name, the line it opens on, its own text (trimmed) and its child elements. */
export interface XmlNode {
  name: string;
  line: number;
  text: string;
  children: XmlNode[];
}

/**
 * How deep elements may nest. The DfE returns nest fewer than 10 levels (CIN census:
 * Message/Children/Child/CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate); a file nested far
 * deeper is no return, and refusing it keeps every walk of the tree and every element path short.
 */
export const MAX_XML_DEPTH = 100;

// The saxes problems that end with a name or URI from the file, kept without it.
const NAMED_PROBLEM =
  /(unclosed tag|malformed name|unbound namespace prefix|duplicate attribute|unmatched closing tag|expected the name|expected one of|the default namespace may not be set to|xml prefix must be bound to|xmlns prefix must be bound to)\b.*$/s;

/**
 * The name an element goes by when its own looks like personal data (`<Jane_Smith>`): element
 * names reach reports as paths and fields, and a return's own elements never look like that.
 */
export const WITHHELD_NAME = '(name withheld)';

/**
 * Parses an XML document into a plain element tree (namespace prefixes dropped, attributes
 * ignored: the DfE returns carry their data in elements; a name like personal data withheld). Text of the elements named in `discard`
 * is never kept, so identifiers such as a UPN or a birth date do not outlive the parse.
 * Throws with the line on malformed XML (never naming what the file holds), and on elements nested
 * deeper than MAX_XML_DEPTH.
 */
export function parseXmlTree(xml: string, discard: ReadonlySet<string> = new Set()): XmlNode {
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  // Each distinct name checked once (a return repeats a few dozen names a million times).
  const names = new Map<string, string>();
  let root: XmlNode | undefined;
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_XML_DEPTH)
      throw new Error(
        `line ${parser.line}: elements are nested more than ${MAX_XML_DEPTH} levels deep (a return nests fewer than 10)`,
      );
    const local = tag.name.replace(/^.*:/, '');
    let name = names.get(local);
    if (name === undefined) {
      name = detectPii(local) ? WITHHELD_NAME : local;
      names.set(local, name);
    }
    const node: XmlNode = { name, line: parser.line, text: '', children: [] };
    stack.at(-1)?.children.push(node);
    if (stack.length === 0) root = node;
    stack.push(node);
  });
  parser.on('text', (text) => {
    const node = stack.at(-1);
    if (node && !discard.has(node.name)) node.text += text;
  });
  parser.on('cdata', (text) => {
    const node = stack.at(-1);
    if (node && !discard.has(node.name)) node.text += text;
  });
  parser.on('closetag', () => {
    const node = stack.pop();
    if (node) node.text = node.text.trim();
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    // saxes names the tag, attribute or prefix it stopped at; a tag can be named after a child.
    throw new Error((error as Error).message.replace(NAMED_PROBLEM, '$1'));
  }
  if (!root) throw new Error('the file holds no XML element');
  return root;
}

/** The first child element of a node with a name. */
export function childNamed(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/**
 * The data (leaf) elements below a node in document order, with their paths; the XML returns (CIN
 * census, SSDA903) account for each of them. Walked with a stack of its own, not the call stack,
 * so no nesting can overflow it.
 */
export function leavesOf(node: XmlNode | undefined, path: string): { node: XmlNode; path: string }[] {
  const out: { node: XmlNode; path: string }[] = [];
  if (!node) return out;
  const todo = [{ node, path }];
  for (let at = todo.pop(); at !== undefined; at = todo.pop()) {
    const parent = at.path;
    if (at.node.children.length === 0) out.push(at);
    else {
      // Paths made in document order (the intern table fills as it always did), stacked last first.
      const below = at.node.children.map((c) => ({ node: c, path: internPath(parent, c.name) }));
      for (let i = below.length - 1; i >= 0; i--) todo.push(below[i]!);
    }
  }
  return out;
}

/** The data (leaf) elements below a node in document order, for readers that need no paths (same walk, no paths built). */
export function leafNodesOf(node: XmlNode | undefined): XmlNode[] {
  const out: XmlNode[] = [];
  if (!node) return out;
  const todo = [node];
  for (let at = todo.pop(); at !== undefined; at = todo.pop()) {
    if (at.children.length === 0) out.push(at);
    else for (let i = at.children.length - 1; i >= 0; i--) todo.push(at.children[i]!);
  }
  return out;
}

/**
 * Element paths repeat millions of times in a large return: one string per distinct path. The table
 * lives as long as the process (the API reads upload after upload), so it is capped: past the cap,
 * or past 1,000 names under one parent, a path is built anew each time.
 */
const PATHS = new Map<string, Map<string, string>>();
const MAX_PARENTS = 10_000;
function internPath(parent: string, name: string): string {
  let names = PATHS.get(parent);
  if (!names) {
    if (PATHS.size >= MAX_PARENTS) return `${parent}/${name}`;
    names = new Map();
    PATHS.set(parent, names);
  }
  let path = names.get(name);
  if (path === undefined) {
    if (names.size > 1_000) return `${parent}/${name}`;
    path = `${parent}/${name}`;
    names.set(name, path);
  }
  return path;
}
