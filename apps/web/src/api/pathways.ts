import type {
  PathwayListResponse,
  PublishedVersionResponse as PublishedVersion,
  SavedDraftResponse as SavedDraft,
  ValidateResponse,
} from '@continuum/contracts';
import type { PathwayProblem } from '@continuum/machines';
import { api } from './client.ts';
import { ApiError } from './ApiError.ts';
import type { Draft } from '../designer/draftModel.ts';

// The answers' shapes are the API's own: packages/contracts, parsed against real answers by the API's tests.
export type { PathwaySummary } from '@continuum/contracts';

/** Lists every pathway with its published versions. */
export async function listPathways(): Promise<PathwayListResponse['pathways']> {
  return (await api<PathwayListResponse>('/api/pathways')).pathways;
}

// Published versions never change: each is fetched once per page load (a failed fetch is retried).
const versions = new Map<string, Promise<PublishedVersion>>();

/** One published version (cached: the designer's comparison re-reads both sides on every edit). */
export function getVersion(pathwayId: string, version: number): Promise<PublishedVersion> {
  const key = `${pathwayId}@${version}`;
  let found = versions.get(key);
  if (!found) {
    found = api<PublishedVersion>(`/api/pathways/${encodeURIComponent(pathwayId)}/versions/${version}`);
    versions.set(key, found);
    found.catch(() => versions.delete(key));
  }
  // A copy each time: the designer edits what it is given.
  return found.then((v) => structuredClone(v));
}

const draftPath = (pathwayId: string) => `/api/pathways/${encodeURIComponent(pathwayId)}/draft`;

/** Fetches a pathway's saved draft, or null when none was saved. */
export async function getDraft(pathwayId: string): Promise<SavedDraft | null> {
  try {
    return await api<SavedDraft>(draftPath(pathwayId));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Saves a draft with the version it is based on; drafts may be invalid, only publishing is refused for problems. */
export async function saveDraft(pathwayId: string, draft: Draft, baseVersion: number): Promise<void> {
  await api(`${draftPath(pathwayId)}?baseVersion=${baseVersion}`, { method: 'PUT', body: draft });
}

/** What a rebase did: the new draft, now based on the latest version, and what both sides changed. */
export interface RebaseResult {
  definition: Draft;
  baseVersion: number;
  fromVersion: number;
  conflicts: { path: string; message: string }[];
}

/**
 * Brings the saved draft up to the latest version: `merge` re-applies the draft's own changes onto
 * it (where both changed an element the draft's side is kept and listed); `latest` starts over.
 */
export async function rebaseDraft(pathwayId: string, strategy: 'merge' | 'latest'): Promise<RebaseResult> {
  return api<RebaseResult>(`${draftPath(pathwayId)}/rebase`, { method: 'POST', body: { strategy } });
}

/** Discards the saved draft (the designer then opens the latest version). */
export async function discardDraft(pathwayId: string): Promise<void> {
  await api(draftPath(pathwayId), { method: 'DELETE' });
}

/** Asks the server, the authority, for every problem in a draft. */
export async function validateDraft(draft: Draft): Promise<ValidateResponse> {
  return api<ValidateResponse>('/api/pathways/validate', { method: 'POST', body: draft });
}

/**
 * Publishes a draft as the next version; a 422 carries the problems that block it, a 409
 * (`stale_draft`) says a version newer than `baseVersion` was published meanwhile.
 */
export async function publishDraft(
  pathwayId: string,
  draft: Draft,
  baseVersion: number,
): Promise<{ version: number }> {
  const { version } = await api<{ version: number }>(
    `/api/pathways/${encodeURIComponent(pathwayId)}/versions?baseVersion=${baseVersion}`,
    {
      method: 'POST',
      body: draft,
    },
  );
  return { version };
}

/** The pathway problems carried by a 422 from publish or validate, if any. */
export function problemsOf(error: unknown): PathwayProblem[] | null {
  if (!(error instanceof ApiError) || !error.body || typeof error.body !== 'object') return null;
  const problems = (error.body as { problems?: unknown }).problems;
  return Array.isArray(problems) ? (problems as PathwayProblem[]) : null;
}

/** What moving cases between versions did (or, dry, would do), as POST .../migrations answers. */
export interface VersionMoveReport {
  fromVersion: number;
  toVersion: number;
  dryRun: boolean;
  /** Whether closed cases move too (by default only open cases move). */
  includeClosed: boolean;
  /** Cases that move. */
  cases: number;
  /** Open and closed cases on fromVersion, whether or not they move. */
  openCases: number;
  closedCases: number;
  moves: { fromStage: string; toStage: string; cases: number }[];
  /** Echoed with `expectedCases` to confirm exactly this preview. */
  confirmation: string;
}

/** What to move: the cases of one version onto another, with a mapping for stages that went. */
export interface VersionMoveRequest {
  fromVersion: number;
  toVersion: number;
  stageMap: Record<string, string>;
  dryRun: boolean;
  includeClosed: boolean;
  /** The preview's figures: the server refuses a move (409) whose preview no longer holds. */
  expectedCases?: number;
  confirmation?: string;
}

/** Moves (or, with dryRun, previews moving) a version's cases onto another version. */
export async function moveCasesToVersion(
  pathwayId: string,
  request: VersionMoveRequest,
): Promise<VersionMoveReport> {
  return api<VersionMoveReport>(`/api/pathways/${encodeURIComponent(pathwayId)}/migrations`, {
    method: 'POST',
    body: request,
  });
}
