import { defaultPathway } from '@continuum/machines';
import { useEffect, useState } from 'react';
import { canDesign, useSession } from '../auth/SessionContext.tsx';
import {
  discardDraft,
  getDraft,
  getVersion,
  listPathways,
  type PathwaySummary,
  rebaseDraft,
  saveDraft,
} from '../api/pathways.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import type { Draft } from './draftModel.ts';
import { DesignerEditor } from './DesignerEditor.tsx';

interface Loaded {
  summary: PathwaySummary;
  draft: Draft;
  source: string;
  /** The published version the draft was started from (0: none). */
  baseVersion: number;
}

async function loadPathway(canEdit: boolean): Promise<Loaded | null> {
  const list = await listPathways();
  const summary = list.find((p) => p.pathwayId === 'continuum_of_need') ?? list[0];
  if (!summary) return null;
  // Drafts are the designers' own; other roles see the published version.
  const saved = canEdit ? await getDraft(summary.pathwayId) : null;
  if (saved)
    return {
      // The draft may know of a version published after the list was read.
      summary: { ...summary, latestVersion: Math.max(summary.latestVersion, saved.latestVersion) },
      draft: saved.definition,
      source: `saved draft based on version ${saved.baseVersion}`,
      baseVersion: saved.baseVersion,
    };
  const latest = await getVersion(summary.pathwayId, summary.latestVersion);
  const { version: _v, ...definition } = latest.definition;
  return {
    summary,
    draft: definition,
    source: `version ${summary.latestVersion}`,
    baseVersion: summary.latestVersion,
  };
}

/** The pathway designer: loads the draft (or the latest version) and hands it to the editor. */
export function Designer() {
  const session = useSession();
  const [state, setState] = useState<{ loaded?: Loaded | null; error?: unknown }>({});
  const [tick, setTick] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  // A stale draft is saved as it is (with its base), then rebased or discarded on the server, and reloaded.
  const bringUpToDate = async (
    pathwayId: string,
    draft: Draft,
    baseVersion: number,
    strategy: 'merge' | 'latest',
  ) => {
    if (strategy === 'latest') {
      await discardDraft(pathwayId);
      setNotice('The draft was discarded; this is the latest version.');
    } else {
      await saveDraft(pathwayId, draft, baseVersion);
      const r = await rebaseDraft(pathwayId, 'merge');
      setNotice(
        `Rebased from version ${r.fromVersion} onto version ${r.baseVersion}.` +
          (r.conflicts.length
            ? ` Changed in both, your version kept (check these): ${r.conflicts.map((c) => c.path).join(', ')}.`
            : ' No element was changed on both sides.'),
      );
    }
    setTick((t) => t + 1);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads
  useEffect(() => {
    let live = true;
    setState({});
    loadPathway(canDesign(session.role)).then(
      (loaded) => live && setState({ loaded }),
      (error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [tick]);
  if (state.error !== undefined)
    return <ErrorNote error={state.error} onRetry={() => setTick((t) => t + 1)} />;
  if (state.loaded === undefined) return <Loading what="the pathway" />;
  if (state.loaded === null) {
    const start: Loaded = {
      summary: {
        pathwayId: defaultPathway.id,
        name: defaultPathway.name,
        latestVersion: 0,
        versions: [],
        hasDraft: false,
      },
      draft: structuredClone(defaultPathway),
      source: 'the default pathway',
      baseVersion: 0,
    };
    return <DesignerEditor key="default" {...start} readOnly={!canDesign(session.role)} />;
  }
  return (
    <DesignerEditor
      key={`${state.loaded.summary.pathwayId}:${tick}`}
      {...state.loaded}
      readOnly={!canDesign(session.role)}
      notice={notice}
      onBringUpToDate={(draft, baseVersion, strategy) =>
        bringUpToDate(state.loaded!.summary.pathwayId, draft, baseVersion, strategy)
      }
    />
  );
}
