import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leavesOf, MAX_XML_DEPTH, parseXmlTree, type XmlNode } from './xmlTree.ts';

/** `depth` elements, each inside the one before, around a little text. */
const nested = (depth: number, name = 'a') => `${`<${name}>`.repeat(depth)}x${`</${name}>`.repeat(depth)}`;

/** The leaves as the recursive walk found them (the reference the iterative walk must match). */
function leavesByRecursion(node: XmlNode, path: string, out: string[] = []): string[] {
  if (node.children.length === 0) out.push(`${path}=${node.text}`);
  else for (const c of node.children) leavesByRecursion(c, `${path}/${c.name}`, out);
  return out;
}

/** Random element trees of a few levels, as XML (names from a small set, so paths repeat). */
const { tree: xmlTrees } = fc.letrec<{ tree: string }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', ''),
    fc
      .tuple(fc.constantFrom('A', 'B', 'C'), fc.array(tie('tree'), { maxLength: 4 }))
      .map(([name, kids]) => `<${name}>${kids.join('')}</${name}>`),
  ),
}));

describe('parseXmlTree and leavesOf over any nesting', () => {
  it('property: nesting 1..50,000 deep parses up to MAX_XML_DEPTH and is refused past it, never overflowing the stack', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 2 * MAX_XML_DEPTH }), fc.integer({ min: 1, max: 50_000 })),
        (depth) => {
          const xml = `<?xml version="1.0"?>\n${nested(depth)}`;
          if (depth > MAX_XML_DEPTH) {
            expect(() => parseXmlTree(xml)).toThrow(
              `line 2: elements are nested more than ${MAX_XML_DEPTH} levels deep`,
            );
            return;
          }
          const leaves = leavesOf(parseXmlTree(xml), 'a');
          expect(leaves).toHaveLength(1);
          expect(leaves[0]!.path).toBe(Array(depth).fill('a').join('/'));
          expect(leaves[0]!.node.text).toBe('x');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a document one level past the limit and reads one at the limit', () => {
    expect(parseXmlTree(nested(MAX_XML_DEPTH)).name).toBe('a');
    expect(() => parseXmlTree(nested(MAX_XML_DEPTH + 1))).toThrow(/nested more than/);
  });

  it('walks a tree 50,000 levels deep built by hand (not by the parser) without the call stack', () => {
    const root: XmlNode = { name: 'a', line: 1, text: '', children: [] };
    let at = root;
    for (let i = 1; i < 50_000; i++) {
      const next: XmlNode = { name: 'a', line: 1, text: i === 49_999 ? 'bottom' : '', children: [] };
      at.children.push(next);
      at = next;
    }
    const leaves = leavesOf(root, 'a');
    expect(leaves.map((l) => l.node.text)).toEqual(['bottom']);
    expect(leaves[0]!.path.split('/')).toHaveLength(50_000);
  });

  it('property: the leaves come in document order with their paths, as a recursive walk finds them', () => {
    fc.assert(
      fc.property(xmlTrees, (tree) => {
        const root = parseXmlTree(`<R>${tree}</R>`);
        const walked = leavesOf(root, 'R').map((l) => `${l.path}=${l.node.text}`);
        expect(walked).toEqual(leavesByRecursion(root, 'R'));
      }),
      { numRuns: 200 },
    );
  });

  it('gives no leaves for no node', () => {
    expect(leavesOf(undefined, 'x')).toEqual([]);
  });

  it('property: a malformed document is refused by where and how it broke, never naming its tags, attributes or entities', () => {
    const name = fc.stringMatching(/^[A-Z][a-z]{2}[0-9]{2}_[A-Za-z0-9]{0,8}$/);
    const broken = (n: string) => [
      `<Message><${n}>`,
      `<Message></${n}></Message>`,
      `<Message><a ${n}="1" ${n}="2"/></Message>`,
      `<Message><a>&${n};</a></Message>`,
    ];
    fc.assert(
      fc.property(name, (n) => {
        for (const xml of broken(n)) {
          let message = '';
          try {
            parseXmlTree(xml);
          } catch (error) {
            message = (error as Error).message;
          }
          expect(message, xml).not.toBe('');
          expect(message, xml).not.toContain(n);
        }
      }),
      { numRuns: 50 },
    );
  });
});
