import './mapScreen.css';
import { effectiveMoves, type PathwayDefinition, type TransitionKind } from '@continuum/machines';
import { MarkerType, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import type { ProcessMapResponse, StageFigures } from '@continuum/contracts';
import { api } from '../api/client.ts';
import { getKpis, getProcessMap, type MapQuery, queryString } from '../api/analytics.ts';
import { useSession } from '../auth/SessionContext.tsx';
import { MapExports } from '../exports/MapExports.tsx';
import { canReadCases } from '../ui/permissions.ts';
import { filterParams, filtersOf } from '../ui/routeFilters.ts';
import type { RouteParams } from '../useHashRoute.ts';
import { getVersion, listPathways } from '../api/pathways.ts';
import { clearOfEdge } from '../canvas/clearOfEdge.ts';
import { kindStyles } from '../canvas/kindStyles.ts';
import { FlowCanvas } from '../canvas/FlowCanvas.tsx';
import { SidePanelToggle } from '../canvas/SidePanelToggle.tsx';
import { useSidePanel } from '../canvas/useSidePanel.ts';
import { layoutPathway, nodeSize, type Positions } from '../canvas/layout.ts';
import { useNodePlacement } from '../canvas/useNodePlacement.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePromise } from '../ui/usePromise.ts';
import { CaseTimeline } from './CaseTimeline.tsx';
import { ConformancePanel } from './ConformancePanel.tsx';
import { FilterBar, periodBack } from './FilterBar.tsx';
import { type FlowFlowEdge, FlowEdge } from './FlowEdge.tsx';
import { KpiTiles } from './KpiTiles.tsx';
import { type MapStageFlowNode, MapStageNode } from './MapStageNode.tsx';
import { previousPeriod } from './periodComparison.ts';
import { StageCases } from './StageCases.tsx';
import { StageDetail } from './StageDetail.tsx';
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

/** The map with weekly throughput buckets (the stage cards' charts). */
const getWeeklyMap = (q: MapQuery, signal?: AbortSignal) =>
  api<ProcessMapResponse>(`/api/analytics/map?${queryString(q)}&bucket=week`, { signal });

/** What the map's URL holds (`#/map?from=&to=&stage=&case=&attr.<name>=`), and how to change it. */
export interface MapRouteProps {
  params: Record<string, string>;
  /** A new view; `replace` keeps it out of the back button's history. */
  onChange: (params: RouteParams, replace?: boolean) => void;
  onOpenCase?: (caseId: string | number) => void;
}

/** The live process map: the published pathway with this period's figures, KPIs and drill-down to cases. */
export function ProcessMap(props: MapRouteProps) {
  const published = usePromise(() => loadPublished(), []);
  if (published.error !== undefined) return <ErrorNote error={published.error} onRetry={published.reload} />;
  if (published.loading) return <Loading what="the published pathway" />;
  if (!published.data)
    return <p className="empty">No pathway has been published yet. Publish one in the Designer first.</p>;
  return (
    <ReactFlowProvider>
      <MapView definition={published.data} {...props} />
    </ReactFlowProvider>
  );
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The period and filters a map URL names (the last 12 months when it names none). */
function queryOf(params: Record<string, string>): MapQuery {
  const fallback = periodBack(new Date().toISOString().slice(0, 10), 365);
  const to = ISO.test(params.to ?? '') ? (params.to as string) : fallback.to;
  const from = ISO.test(params.from ?? '') ? (params.from as string) : periodBack(to, 365).from;
  return { from, to, filters: filtersOf(params) };
}

function MapView({ definition, params, onChange }: { definition: PathwayDefinition } & MapRouteProps) {
  const { role } = useSession();
  const caseLevel = canReadCases(role);
  const query = useMemo(() => queryOf(params), [params]);
  const key = JSON.stringify(query);
  const map = usePromise((signal) => getWeeklyMap(query, signal), [key]);
  const kpis = usePromise((signal) => getKpis(query, signal), [key]);
  // The previous period of the same length, for "entries 132 (+12 vs previous 4 weeks)".
  const previous = usePromise(
    (signal) =>
      caseLevel ? getProcessMap({ ...query, ...previousPeriod(query) }, signal) : Promise.resolve(undefined),
    [key, caseLevel],
  );
  const { positions, setPositions, onNodesChange, withMeasured } = useNodePlacement();
  const stage = params.stage ?? null;
  const caseId = params.case ?? null;
  const go = (changes: RouteParams) => onChange({ ...params, ...changes });
  const setQuery = (q: MapQuery) =>
    onChange(filterParams({ ...params, from: q.from, to: q.to, case: undefined }, q.filters));
  const setStage = (id: string | null) => go({ stage: id ?? undefined, case: undefined });
  const setCaseId = (id: string | number | null) => go({ case: id === null ? undefined : String(id) });
  const { fitView, setViewport } = useReactFlow();
  // At 1024 px the panel would take a third of the map: it starts closed there; a stage opens it.
  const panel = useSidePanel();
  useEffect(() => {
    if (stage !== null || caseId !== null) panel.show();
  }, [stage, caseId, panel.show]);

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
        setPositions(p);
        setTimeout(() => readableView(p, definition.entry), 60);
      })
      .catch(() => undefined);
    // The whole map when it fits at 100% or more (text 12 px and up); else 100% from the entry
    // stage, the rest a pan or the minimap away ("fit view" still shows it all on request), with
    // no stage cut by the canvas' right edge, where the side panel begins.
    const readableView = (p: Positions, entry: string) => {
      const box = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
      const xs = Object.values(p).map((v) => v.x);
      const ys = Object.values(p).map((v) => v.y);
      if (!box || xs.length === 0) return void fitView({ padding: 0.05 });
      const width = Math.max(...xs) - Math.min(...xs) + nodeSize.stage.width + 40;
      const height = Math.max(...ys) - Math.min(...ys) + nodeSize.stage.height + 40;
      if (box.width >= width && box.height >= height) return void fitView({ padding: 0.05, maxZoom: 1.25 });
      const start = p[entry] ?? { x: Math.min(...xs), y: Math.min(...ys) };
      const y = Math.min(-Math.min(...ys) + 20, box.height / 2 - start.y - nodeSize.stage.height / 2);
      const x = 20 - Math.min(...xs);
      const spans = xs.map((at) => ({ left: x + at, right: x + at + nodeSize.stage.width }));
      void setViewport({ x: x + clearOfEdge(spans, box.width), y, zoom: 1 });
    };
  }, [definition, fitView, setViewport, setPositions]);

  const figures = useMemo(() => new Map((map.data?.stages ?? []).map((s) => [s.stage, s])), [map.data]);
  const previousFigures = useMemo(
    () => new Map((previous.data?.stages ?? []).map((s) => [s.stage, s])),
    [previous.data],
  );
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
      data: { figures: t, kind, maxMoves },
      markerEnd: { type: MarkerType.ArrowClosed, color: kindStyles[kind].stroke },
      focusable: true,
      ariaLabel: `${figureText(t, 'moves', t.moves)} moves from ${t.from} to ${t.to}`,
    };
  });
  const selected = definition.stages.find((s) => s.id === stage);
  return (
    <>
      <FilterBar key={key} value={query} onApply={setQuery} />
      <MapExports role={role} query={query} pathway={map.data?.pathway} />
      {kpis.error !== undefined ? (
        <ErrorNote error={kpis.error} onRetry={kpis.reload} />
      ) : kpis.data ? (
        <KpiTiles
          kpis={kpis.data}
          period={map.data?.period ?? { ...query, asOf: query.to }}
          benchmarks={definition.kpiBenchmarks ?? {}}
        />
      ) : (
        <Loading what="KPIs" />
      )}
      {map.error !== undefined && <ErrorNote error={map.error} onRetry={map.reload} />}
      <div className={panel.open ? 'workspace' : 'workspace side-closed'}>
        <section className="canvas" aria-label="Process map" aria-busy={map.loading}>
          <SidePanelToggle open={panel.open} onToggle={panel.toggle} panelId="map-details" />
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
            onNodeClick={(_, n) => setStage(n.id)}
            nodesConnectable={false}
            fitView={false}
            keepInView={stage}
          />
        </section>
        <aside className="side" aria-label="Stage details" id="map-details" hidden={!panel.open}>
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
          {!selected && (
            <ConformancePanel
              conformance={map.data?.conformance}
              label={(id) => definition.stages.find((s) => s.id === id)?.label ?? id}
            />
          )}
          {selected && !caseId && (
            <>
              <button type="button" onClick={() => setStage(null)}>
                ← All stages
              </button>
              <StageDetail
                label={selected.label}
                figures={figures.get(selected.id)}
                previous={previousFigures.get(selected.id)}
                period={query}
                compare={caseLevel}
              />
              {caseLevel ? (
                <StageCases
                  stage={selected.id}
                  label={selected.label}
                  filters={query.filters}
                  onOpenCase={setCaseId}
                  pathway={map.data?.pathway}
                />
              ) : (
                <p className="hint">Case lists are shown to roles with case-level access.</p>
              )}
            </>
          )}
          {selected && caseId && <CaseTimeline caseId={caseId} onClose={() => setCaseId(null)} />}
        </aside>
      </div>
    </>
  );
}
