/**
 * Says that the draft was started from an older version than the latest published one, so
 * publishing it as it is would undo the newer version's changes, and offers the two ways out:
 * re-apply the draft's own changes onto the latest version, or throw them away and start over.
 */
export function StaleDraftNote({
  baseVersion,
  latestVersion,
  busy,
  onRebase,
  onStartOver,
}: {
  baseVersion: number;
  latestVersion: number;
  busy: boolean;
  onRebase: () => void;
  onStartOver: () => void;
}) {
  return (
    <div className="error-note" role="alert" data-testid="stale-draft">
      <p>
        This draft was started from version {baseVersion}, but version {latestVersion} has been published
        since. Publishing it as it is would undo version {latestVersion}'s changes, so it must be brought up
        to date first.
      </p>
      <button type="button" className="primary" onClick={onRebase} disabled={busy}>
        Rebase onto version {latestVersion}
      </button>{' '}
      <button type="button" onClick={onStartOver} disabled={busy}>
        Discard draft, open version {latestVersion}
      </button>
      <p className="hint">
        Rebase keeps your changes and adds version {latestVersion}'s; where both changed the same stage or
        move, yours is kept and listed for review.
      </p>
    </div>
  );
}
