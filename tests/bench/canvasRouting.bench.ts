// The designer's and the map's edge routing on the default pathway: layout once, then every move
// routed and labelled (as useEdgeRoute does on each change of nodes or edges), with and without
// the swimlanes as bands. Labels take the widest wrapped size (124 px text, two lines).
import { defaultPathway } from '@continuum/machines';
import { lanesFor, layoutPathway, nodeSize } from '../../apps/web/src/canvas/layout.ts';
import { routeEdges } from '../../apps/web/src/canvas/routeEdges.ts';

const draft = structuredClone(defaultPathway);
const at = await layoutPathway(draft);
const lanes = lanesFor(draft, at);
const boxes = new Map(
  Object.entries(at).map(([id, p]) => [
    id,
    { ...p, ...(id === 'section_17' ? nodeSize.group : nodeSize.stage) },
  ]),
);
const edges = draft.transitions.map((t, i) => ({
  id: `t${i}`,
  source: t.from,
  target: t.to,
  label: { width: 140, height: 42 },
}));

for (const [name, bands] of [
  ['no lanes (the map)', []],
  ['with lanes (the designer)', lanes],
] as const) {
  for (let i = 0; i < 5; i++) routeEdges(boxes, edges, [...bands]);
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    routeEdges(boxes, edges, [...bands]);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `route ${edges.length} moves among ${boxes.size} nodes, ${name}: median ${times[20]!.toFixed(1)} ms, p90 ${times[36]!.toFixed(1)} ms`,
  );
}
