import { SaxesParser } from 'saxes';

/** One XML element: its name, the line it opens on, its own text (trimmed) and its child elements. */
export interface XmlNode {
  name: string;
  line: number;
  text: string;
  children: XmlNode[];
}

/**
 * Parses an XML document into a plain element tree (namespace prefixes dropped, attributes
 * ignored: the DfE returns carry their data in elements). Text of the elements named in `discard`
 * is never kept, so identifiers such as a UPN or a birth date do not outlive the parse.
 * Throws with the line on malformed XML.
 */
export function parseXmlTree(xml: string, discard: ReadonlySet<string> = new Set()): XmlNode {
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name.replace(/^.*:/, ''), line: parser.line, text: '', children: [] };
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
  parser.write(xml).close();
  if (!root) throw new Error('the file holds no XML element');
  return root;
}

/** The first child element of a node with a name. */
export function childNamed(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}
