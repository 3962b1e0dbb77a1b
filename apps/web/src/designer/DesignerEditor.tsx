import { ReactFlowProvider } from '@xyflow/react';
import { useMachine } from '@xstate/react';
import { validatePathway } from '@continuum/machines';
import { fromPromise } from 'xstate';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/ApiError.ts';
import { type PathwaySummary, publishDraft, saveDraft, validateDraft } from '../api/pathways.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { ComparePanel } from './ComparePanel.tsx';
import { MoveCasesPanel } from './MoveCasesPanel.tsx';
import { designerFlow } from './designerFlow.ts';
import {
  addStage,
  connect,
  type Draft,
  removeStage,
  removeTransition,
  updateStage,
  updateTransition,
} from './draftModel.ts';
import { GroupNode } from './GroupNode.tsx';
import { LaneNode } from './LaneNode.tsx';
import { laneOf, lanesFor, layoutPathway, type Positions } from '../canvas/layout.ts';
import { type CanvasComparison, compareOnCanvas } from './compareOnCanvas.ts';
import { indexProblems } from './problemTargets.ts';
import { ProblemList } from './ProblemList.tsx';
import { StageNode } from './StageNode.tsx';
import { StagePanel } from './StagePanel.tsx';
import { type Selection, toEdges, toNodes } from './toFlow.ts';
import { TransitionEdge } from './TransitionEdge.tsx';
import { TransitionPanel } from './TransitionPanel.tsx';
import { useHistory } from './useHistory.ts';
import { useNodePlacement } from '../canvas/useNodePlacement.ts';
import { useSidePanel } from '../canvas/useSidePanel.ts';
import { SidePanelToggle } from '../canvas/SidePanelToggle.tsx';
import { FlowCanvas } from '../canvas/FlowCanvas.tsx';
import { ElementList } from './ElementList.tsx';
import { exportJson, readJsonFile } from './jsonFiles.ts';
import { StaleDraftNote } from './StaleDraftNote.tsx';

const nodeTypes = { stage: StageNode, stageGroup: GroupNode, lane: LaneNode };
const edgeTypes = { transition: TransitionEdge };

/** Props: the pathway, its starting draft and where that draft came from. */
export interface DesignerEditorProps {
  summary: PathwaySummary;
  draft: Draft;
  source: string;
  readOnly: boolean;
  /** The published version the draft was started from (0: none); older than the latest = stale. */
  baseVersion?: number;
  /** A message from the last rebase or discard. */
  notice?: string | null;
  /** Rebases ('merge') or discards ('latest') a stale draft, then reopens the designer. */
  onBringUpToDate?: (draft: Draft, baseVersion: number, strategy: 'merge' | 'latest') => Promise<void>;
}

/** The latest version a 409 stale_draft answer names, if the error is one. */
const latestFromStale = (error: unknown): number =>
  error instanceof ApiError && error.code === 'stale_draft'
    ? Number((error.body as { latestVersion?: unknown }).latestVersion) || 0
    : 0;

/** The designer canvas with toolbar, side panel and the draft -> validate -> publish flow. */
export function DesignerEditor(props: DesignerEditorProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

function Editor({
  summary: initialSummary,
  draft: initialDraft,
  source,
  readOnly,
  baseVersion = initialSummary.latestVersion,
  notice,
  onBringUpToDate,
}: DesignerEditorProps) {
  const [summary, setSummary] = useState(initialSummary);
  // Read by the save and publish actors, which are created once.
  const base = useRef(baseVersion);
  const [rebasing, setRebasing] = useState<unknown>(null);
  const history = useHistory<Draft>(initialDraft);
  const draft = history.present;
  const [flow, send] = useMachine(
    designerFlow.provide({
      actors: {
        // Roles that cannot design may not call the validate endpoint; they get the same rules locally.
        validate: fromPromise(async ({ input }) =>
          readOnly ? { problems: validatePathway(input.draft).problems } : validateDraft(input.draft),
        ),
        save: fromPromise(({ input }) => saveDraft(summary.pathwayId, input.draft, base.current)),
        publish: fromPromise(({ input }) => publishDraft(summary.pathwayId, input.draft, base.current)),
      },
    }),
    { input: { draft: initialDraft } },
  );
  const { positions, setPositions, onNodesChange, withMeasured } = useNodePlacement();
  const [selection, setSelection] = useState<Selection>(null);
  const [comparing, setComparing] = useState(false);
  const [movingCases, setMovingCases] = useState(false);
  const [importError, setImportError] = useState<unknown>(null);
  const panel = useSidePanel();
  // Whatever the panel would show for the user's last action opens it.
  useEffect(() => {
    if (selection || comparing || movingCases) panel.show();
  }, [selection, comparing, movingCases, panel.show]);

  // Counts the layouts that frame a readable first view again (opening, tidy, import, comparing).
  const [framed, setFramed] = useState(0);
  const reframe = useCallback(() => setFramed((n) => n + 1), []);
  const relayout = useCallback(
    async (d: Draft, fit = true) => {
      setPositions(await layoutPathway(d));
      if (fit) reframe();
    },
    [reframe, setPositions],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: lay out once on open
  useEffect(() => {
    relayout(initialDraft).catch(() => undefined);
  }, []);
  // A stage whose level (or terminal flag) changed, or a stage added or removed, moves to its lane.
  const laneSignature = [
    ...history.present.stages.map((s) => `${s.id}:${laneOf(s)}`),
    ...(history.present.groups ?? []).map((g) => g.id),
  ].join(',');
  const laidOut = useRef(laneSignature);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a lane change lays out again
  useEffect(() => {
    if (laidOut.current === laneSignature) return;
    laidOut.current = laneSignature;
    relayout(history.present, false).catch(() => undefined);
  }, [laneSignature]);

  const edit = useCallback(
    (next: Draft) => {
      history.set(next);
      send({ type: 'EDIT', draft: next });
    },
    [history.set, send],
  );
  const jump = (value: Draft | undefined) => value && send({ type: 'EDIT', draft: value });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || (e.target as HTMLElement)?.tagName === 'INPUT') return;
      if (e.key === 'z' && !e.shiftKey) jump(history.undo());
      else if (e.key === 'y' || (e.key === 'Z' && e.shiftKey) || (e.key === 'z' && e.shiftKey))
        jump(history.redo());
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const { problems } = flow.context;
  const problemIndex = useMemo(() => indexProblems(draft, problems), [draft, problems]);
  const lanes = useMemo(() => lanesFor(draft, positions), [draft, positions]);
  const selectTransition = useCallback((index: number) => setSelection({ kind: 'transition', index }), []);
  // While comparing, the canvas draws the later version with the changes marked (and nothing is editable).
  const [comparison, setComparison] = useState<{ view: CanvasComparison; positions: Positions } | null>(null);
  const showComparison = useCallback(
    async (before: Draft, after: Draft) => {
      const view = compareOnCanvas(before, after);
      setComparison({ view, positions: await layoutPathway(view.draft) });
      reframe();
    },
    [reframe],
  );
  const closeComparison = () => {
    setComparing(false);
    setComparison(null);
    reframe();
  };
  const nodes = useMemo(() => {
    if (!comparison) return withMeasured(toNodes(draft, positions, lanes, problemIndex, selection));
    const { view, positions: at } = comparison;
    return withMeasured(
      toNodes(view.draft, at, lanesFor(view.draft, at), indexProblems(view.draft, []), null, view),
    );
  }, [comparison, draft, positions, lanes, problemIndex, selection, withMeasured]);
  const edges = useMemo(() => {
    if (!comparison) return toEdges(draft, problemIndex, selection, selectTransition);
    return toEdges(
      comparison.view.draft,
      indexProblems(comparison.view.draft, []),
      null,
      () => undefined,
      comparison.view,
    );
  }, [comparison, draft, problemIndex, selection, selectTransition]);

  const onAddStage = () => {
    // The new stage is laid out into the level 3 lane with the rest (see laneSignature).
    const { draft: next, id } = addStage(draft, 3);
    edit(next);
    setSelection({ kind: 'stage', id });
  };

  const bringUpToDate = async (strategy: 'merge' | 'latest') => {
    if (!onBringUpToDate) return;
    setRebasing(true);
    try {
      await onBringUpToDate(draft, base.current, strategy);
      setRebasing(null);
    } catch (error) {
      setRebasing(error);
    }
  };

  const selectedStage =
    selection?.kind === 'stage' ? draft.stages.find((s) => s.id === selection.id) : undefined;
  const selectedMove = selection?.kind === 'transition' ? draft.transitions[selection.index] : undefined;
  const state = flow.value as string;
  const latestVersion = Math.max(summary.latestVersion, latestFromStale(flow.context.error));
  const stale = !readOnly && state !== 'published' && base.current < latestVersion;
  const canPublish = !readOnly && !stale && flow.can({ type: 'PUBLISH' });
  const statusText = readOnly
    ? 'View only: your role cannot change pathways'
    : stale
      ? `Stale: based on version ${base.current}, but version ${latestVersion} is the latest; rebase before publishing`
      : state === 'waiting' || state === 'validating'
        ? 'Checking the draft…'
        : state === 'saving'
          ? 'Saving…'
          : state === 'publishing'
            ? 'Publishing…'
            : state === 'published'
              ? `Published version ${flow.context.publishedVersion}`
              : problems.length
                ? `${problems.length} problem${problems.length > 1 ? 's' : ''} block publishing`
                : flow.context.checked
                  ? 'No problems: ready to publish'
                  : 'Not checked';

  useEffect(() => {
    const v = flow.context.publishedVersion;
    // Later saves and publishes build on the version just published.
    if (state === 'published' && v) base.current = Math.max(base.current, v);
    if (state === 'published' && v && !summary.versions.includes(v))
      setSummary((s) => ({ ...s, latestVersion: v, versions: [...s.versions, v] }));
  }, [state, flow.context.publishedVersion, summary.versions]);

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Designer actions">
        <strong title={`${summary.pathwayId}, opened from ${source}`}>{draft.name}</strong>
        <span className="sep" />
        <button type="button" onClick={onAddStage} disabled={readOnly}>
          + Add stage
        </button>
        <button type="button" onClick={() => jump(history.undo())} disabled={!history.canUndo} title="Ctrl+Z">
          Undo
        </button>
        <button
          type="button"
          onClick={() => jump(history.redo())}
          disabled={!history.canRedo}
          title="Ctrl+Shift+Z"
        >
          Redo
        </button>
        <button type="button" onClick={() => relayout(draft)}>
          Tidy layout
        </button>
        <span className="sep" />
        <button
          type="button"
          onClick={() => send({ type: 'SAVE' })}
          disabled={readOnly || !flow.can({ type: 'SAVE' })}
        >
          Save draft
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => send({ type: 'PUBLISH' })}
          disabled={!canPublish}
        >
          Publish
        </button>
        <button
          type="button"
          onClick={() => (comparing ? closeComparison() : setComparing(true))}
          aria-pressed={comparing}
        >
          Compare versions
        </button>
        {!readOnly && summary.versions.length > 1 && (
          <button type="button" onClick={() => setMovingCases((m) => !m)} aria-pressed={movingCases}>
            Move cases
          </button>
        )}
        <button type="button" onClick={() => exportJson(draft)}>
          Export JSON
        </button>
        <label className="file-button">
          Import JSON
          <input
            type="file"
            accept="application/json,.json"
            disabled={readOnly}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              try {
                const next = (await readJsonFile(file)) as Draft;
                setImportError(null);
                edit(next);
                await relayout(next).catch(() => undefined);
              } catch (error) {
                setImportError(error);
              }
            }}
          />
        </label>
        <span className="status" role="status" data-testid="flow-status">
          {flow.context.dirty && '● unsaved · '}
          {statusText}
        </span>
      </div>
      {flow.context.error !== null && flow.context.error !== undefined && (
        <ErrorNote error={flow.context.error} />
      )}
      {importError !== null && <ErrorNote error={importError} />}
      {notice && (
        <p className="hint" role="note">
          {notice}
        </p>
      )}
      {stale && onBringUpToDate && (
        <StaleDraftNote
          baseVersion={base.current}
          latestVersion={latestVersion}
          busy={rebasing === true}
          onRebase={() => bringUpToDate('merge')}
          onStartOver={() => bringUpToDate('latest')}
        />
      )}
      {rebasing !== null && rebasing !== true && <ErrorNote error={rebasing} />}
      <div className={panel.open ? 'workspace' : 'workspace side-closed'}>
        <section className="canvas" aria-label="Pathway diagram">
          <SidePanelToggle open={panel.open} onToggle={panel.toggle} panelId="designer-details" />
          <FlowCanvas
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onNodeClick={(_, n) =>
              !comparison && n.type !== 'lane' && setSelection({ kind: 'stage', id: n.id })
            }
            onEdgeClick={(_, e) =>
              !comparison &&
              e.data &&
              setSelection({ kind: 'transition', index: (e.data as { index: number }).index })
            }
            onPaneClick={() => setSelection(null)}
            onConnect={(c) => {
              if (readOnly || comparison || !c.source || !c.target) return;
              const { draft: next, index } = connect(draft, c.source, c.target);
              edit(next);
              setSelection({ kind: 'transition', index });
            }}
            nodesConnectable={!readOnly && !comparison}
            nodesDraggable={!comparison}
            firstView={{ key: framed, entry: (comparison?.view.draft ?? draft).entry }}
            keepInView={selection?.kind === 'stage' ? selection.id : null}
          />
        </section>
        <aside className="side" aria-label="Details" id="designer-details" hidden={!panel.open}>
          <ProblemList
            problems={problems}
            checked={flow.context.checked}
            local={readOnly}
            draft={draft}
            onSelect={(t) => t.kind !== 'pathway' && setSelection(t)}
          />
          {comparing && (
            <ComparePanel
              summary={summary}
              draft={draft}
              onClose={closeComparison}
              onCompared={showComparison}
            />
          )}
          {movingCases && <MoveCasesPanel summary={summary} onClose={() => setMovingCases(false)} />}
          {selectedStage && (
            <StagePanel
              key={selectedStage.id}
              stage={selectedStage}
              isEntry={draft.entry === selectedStage.id}
              problems={problemIndex.byStage.get(selectedStage.id) ?? []}
              readOnly={readOnly}
              stageIds={draft.stages.map((s) => s.id)}
              onChange={(next) => {
                if (next.id !== selectedStage.id) {
                  setPositions((p) => ({ ...p, [next.id]: p[selectedStage.id] ?? { x: 0, y: 0 } }));
                  setSelection({ kind: 'stage', id: next.id });
                }
                edit(updateStage(draft, selectedStage.id, next));
              }}
              onRemove={() => {
                edit(removeStage(draft, selectedStage.id));
                setSelection(null);
              }}
              onMakeEntry={() => edit({ ...draft, entry: selectedStage.id })}
              onConnect={(to) => {
                const { draft: next, index } = connect(draft, selectedStage.id, to);
                edit(next);
                setSelection({ kind: 'transition', index });
              }}
            />
          )}
          {selectedMove && selection?.kind === 'transition' && (
            <TransitionPanel
              key={selection.index}
              transition={selectedMove}
              problems={problemIndex.byTransition.get(selection.index) ?? []}
              readOnly={readOnly}
              onChange={(next) => edit(updateTransition(draft, selection.index, next))}
              onRemove={() => {
                edit(removeTransition(draft, selection.index));
                setSelection(null);
              }}
            />
          )}
          {!selection && <ElementList draft={draft} onSelect={setSelection} />}
        </aside>
      </div>
    </>
  );
}
