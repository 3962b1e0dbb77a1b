import { defaultPathway } from '@continuum/machines';
import { useEffect, useState } from 'react';
import { canDesign, useSession } from '../auth/SessionContext.tsx';
import { getDraft, getVersion, listPathways, type PathwaySummary } from '../api/pathways.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import type { Draft } from './draftModel.ts';
import { DesignerEditor } from './DesignerEditor.tsx';

interface Loaded {
  summary: PathwaySummary;
  draft: Draft;
  source: string;
}

async function loadPathway(canEdit: boolean): Promise<Loaded | null> {
  const list = await listPathways();
  const summary = list.find((p) => p.pathwayId === 'continuum_of_need') ?? list[0];
  if (!summary) return null;
  // Drafts are the designers' own; other roles see the published version.
  const saved = canEdit ? await getDraft(summary.pathwayId) : null;
  if (saved) return { summary, draft: saved, source: 'saved draft' };
  const latest = await getVersion(summary.pathwayId, summary.latestVersion);
  const { version: _v, ...definition } = latest.definition;
  return { summary, draft: definition, source: `version ${summary.latestVersion}` };
}

/** The pathway designer: loads the draft (or the latest version) and hands it to the editor. */
export function Designer() {
  const session = useSession();
  const [state, setState] = useState<{ loaded?: Loaded | null; error?: unknown }>({});
  const [tick, setTick] = useState(0);
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
    };
    return <DesignerEditor key="default" {...start} readOnly={!canDesign(session.role)} />;
  }
  return (
    <DesignerEditor
      key={`${state.loaded.summary.pathwayId}:${tick}`}
      {...state.loaded}
      readOnly={!canDesign(session.role)}
    />
  );
}
