import { plainMessage } from '../api/ApiError.ts';

/** An API or network error in plain words, announced to screen readers. */
export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" className="error-note">
      <span>{plainMessage(error)}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
