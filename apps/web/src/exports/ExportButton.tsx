import { useState } from 'react';
import { plainMessage } from '../api/ApiError.ts';

/**
 * One export: a button that builds or fetches a file and saves it, saying "Preparing…" while it
 * works and, in words, why it failed.
 */
export function ExportButton({
  label,
  run,
  testId,
}: {
  label: string;
  run: () => Promise<void> | void;
  testId?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="export">
      <button
        type="button"
        data-testid={testId}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await run();
          } catch (e) {
            setError(plainMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Preparing…' : label}
      </button>
      {error && (
        <span role="alert" className="export-error">
          {error}
        </span>
      )}
    </span>
  );
}
