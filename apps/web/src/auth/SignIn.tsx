import type { MeResponse } from '@continuum/contracts';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { plainMessage } from '../api/ApiError.ts';
import type { Role } from './SessionContext.tsx';

/** Asks for an API token and checks it with GET /api/me before keeping it. */
export function SignIn({ onSignedIn }: { onSignedIn: (token: string, role: Role) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api<MeResponse>('/api/me', { token: token.trim() });
      onSignedIn(token.trim(), me.role);
    } catch (err) {
      setError(plainMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Continuum</h1>
        <p>Children's case pathways: design, monitor and simulate.</p>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        <p className="hint">Ask an administrator for a token (`continuum token create --role designer`).</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
