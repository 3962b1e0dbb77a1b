import { effectiveMoves, type PathwayDefinition, type TransitionKind } from '@continuum/machines';
import { MarkerType, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import type { StageFigures } from '@continuum/contracts';
import { getKpis, getProcessMap, type MapQuery } from '../api/analytics.ts';
import { getVersion, listPathways } from '../api/pathways.ts';
import { kindStyles } from '../canvas/kindStyles.ts';
import { FlowCanvas } from '../canvas/FlowCanvas.tsx';
import { layoutPathway } from '../canvas/layout.ts';
import { useNodePlacement } from '../canvas/useNodePlacement.ts';
import { handlesFor } from '../canvas/SideHandles.tsx';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePromise } from '../ui/usePromise.ts';
import { CaseTimeline } from './CaseTimeline.tsx';
import { FilterBar, periodBack } from './FilterBar.tsx';
import { type FlowFlowEdge, FlowEdge } from './FlowEdge.tsx';
import { KpiTiles } from './KpiTiles.tsx';
import { type MapStageFlowNode, MapStageNode } from './MapStageNode.tsx';
import { StageCases } from './StageCases.tsx';
import { figureText } from './suppressedFigure.ts';

const nodeTypes = { mapStage: MapStageNode };
const edgeTypes = { flow: FlowEdge };

async function loadPublished(): Promise<PathwayDefinition | null> {
  const list = await listPathways();
  const summary =
    list.find((p) => p.pathwayId === 'continuum_of_need' && p.latestVersion > 0) ??
    list.find((p) => p.latestVersion > 0);
  if (!summary) return null;
  return (await getVersion(summary.pathwayId, summary.latestVersion)).definition as PathwayDefinition;
}

/** A stage's open count as text: 0 when nothing is open, "<5" / "suppressed" when hidden. */
const openText = (f: StageFigures | undefined) => (f ? figureText(f, 'openAsOf', f.openAsOf) : '0');

/** The live process map: the published pathway with this period's figures, KPIs and drill-down to cases. */
export function ProcessMap() {
  const published = usePromise(() => loadPublished(), []);
  if (published.error !== undefined) return <ErrorNote error={published.error} onRetry={published.reload} />;
  if (published.loading) return <Loading what="the published pathway" />;
  if (!published.data)
    return <p className="empty">No pathway has been published yet. Publish one in the Designer first.</p>;
  return (
    <ReactFlowProvider>
      <MapView definition={published.data} />
    </ReactFlowProvider>
  );
}

function MapView({ definition }: { definition: PathwayDefinition }) {
  const [query, setQuery] = useState<MapQuery>(() => ({
    ...periodBack(new Date().toISOString().slice(0, 10), 365),
    filters: {},
  }));
  const map = usePromise((signal) => getProcessMap(query, signal), [query]);
  const kpis = usePromise((signal) => getKpis(query, signal), [query]);
  const { positions, setPositions, onNodesChange, withMeasured } = useNodePlacement();
  const [stage, setStage] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | number | null>(null);
  const { fitView } = useReactFlow();

  const kindOf = useMemo(() => {
    const kinds = new Map<string, TransitionKind>();
    for (const moves of effectiveMoves(definition).values())
      for (const m of moves) if (!kinds.has(`${m.from}>${m.to}`)) kinds.set(`${m.from}>${m.to}`, m.kind);
    return kinds;
  }, [definition]);

  useEffect(() => {
    const moves = [...effectiveMoves(definition).values()].flat();
    layoutPathway({ ...definition, groups: [], transitions: moves.map((m) => ({ ...m })) })
      .then((p) => {
        setPositions(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, { x: v.x, y: v.y * 1.55 }])));
        setTimeout(() => fitView({ padding: 0.05 }), 60);
      })
      .catch(() => undefined);
  }, [definition, fitView, setPositions]);

  const figures = useMemo(() => new Map((map.data?.stages ?? []).map((s) => [s.stage, s])), [map.data]);
  const nodes = withMeasured<MapStageFlowNode>(
    definition.stages.map((s, i) => ({
      id: s.id,
      type: 'mapStage',
      position: positions[s.id] ?? { x: (i % 4) * 260, y: Math.floor(i / 4) * 200 },
      data: { id: s.id, label: s.label, figures: figures.get(s.id), terminal: s.terminal ?? false },
      selected: stage === s.id,
      draggable: true,
      ariaLabel: `Stage ${s.label}: ${openText(figures.get(s.id))} open`,
    })),
  );
  // A suppressed move (moves null) is still drawn, labelled "<5" or "suppressed".
  const transitions = (map.data?.transitions ?? []).filter((t) => t.to !== null && t.moves !== 0);
  const maxMoves = Math.max(1, ...transitions.map((t) => t.moves ?? 0));
  const edges: FlowFlowEdge[] = transitions.map((t) => {
    const kind = kindOf.get(`${t.from}>${t.to}`) ?? 'progress';
    return {
      id: `${t.from}>${t.to}`,
      type: 'flow',
      source: t.from,
      target: t.to as string,
      ...handlesFor(positions[t.from], positions[t.to as string]),
      data: { figures: t, kind, maxMoves },
      markerEnd: { type: MarkerType.ArrowClosed, color: kindStyles[kind].stroke },
      focusable: true,
      ariaLabel: `${figureText(t, 'moves', t.moves)} moves from ${t.from} to ${t.to}`,
    };
  });
  const selected = definition.stages.find((s) => s.id === stage);
  return (
    <>
      <FilterBar value={query} onApply={setQuery} />
      {kpis.error !== undefined ? (
        <ErrorNote error={kpis.error} onRetry={kpis.reload} />
      ) : kpis.data ? (
        <KpiTiles kpis={kpis.data} />
      ) : (
        <Loading what="KPIs" />
      )}
      {map.error !== undefined && <ErrorNote error={map.error} onRetry={map.reload} />}
      <div className="workspace">
        <section className="canvas" aria-label="Process map" aria-busy={map.loading}>
          {map.loading && (
            <div style={{ position: 'absolute', zIndex: 5, left: 8, top: 8, background: '#fff' }}>
              <Loading what="the process map" />
            </div>
          )}
          <FlowCanvas
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onNodeClick={(_, n) => {
              setStage(n.id);
              setCaseId(null);
            }}
            nodesConnectable={false}
          />
        </section>
        <aside className="side" aria-label="Stage details">
          {map.data && (
            <p className="hint" data-testid="map-period">
              {map.data.period.from} to {map.data.period.to}
              {Object.keys(query.filters).length > 0 &&
                ` · ${Object.entries(query.filters)
                  .map(([k, v]) => `${k} in ${v.join(', ')}`)
                  .join('; ')}`}
            </p>
          )}
          {!selected && (
            <section>
              <h2>Stages</h2>
              <p className="hint">
                Select a stage to list its open cases. Border colour: green within timescale, amber some
                delay, red breached; grey when there is no timescale or no case to judge, dashed when the
                timescale figures are suppressed ("&lt;5" is a count from 1 to 4).
              </p>
              <ul className="problems">
                {definition.stages.map((s) => (
                  <li key={s.id}>
                    <button
                      type="button"
                      style={{ background: '#fff', borderColor: '#cfd6df' }}
                      onClick={() => setStage(s.id)}
                    >
                      {s.label}{' '}
                      <span className="code">
                        {openText(figures.get(s.id))} {s.terminal ? 'closed' : 'open'}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {selected && !caseId && (
            <>
              <button type="button" onClick={() => setStage(null)}>
                ← All stages
              </button>
              <StageCases
                stage={selected.id}
                label={selected.label}
                filters={query.filters}
                onOpenCase={setCaseId}
              />
            </>
          )}
          {selected && caseId && <CaseTimeline caseId={caseId} onClose={() => setCaseId(null)} />}
        </aside>
      </div>
    </>
  );
}
