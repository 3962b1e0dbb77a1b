import type { MeResponse } from '@continuum/contracts';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { SignIn } from './auth/SignIn.tsx';
import { type Session, SessionContext } from './auth/SessionContext.tsx';
import { readToken, writeToken } from './auth/tokenStore.ts';
import { api } from './api/client.ts';
import { usePromise } from './ui/usePromise.ts';
import { Loading } from './ui/Loading.tsx';
import { ErrorNote } from './ui/ErrorNote.tsx';
import { type Area, useHashRoute } from './useHashRoute.ts';

const Designer = lazy(() => import('./designer/Designer.tsx').then((m) => ({ default: m.Designer })));
const ProcessMap = lazy(() => import('./map/ProcessMap.tsx').then((m) => ({ default: m.ProcessMap })));
const SimulationWorkspace = lazy(() =>
  import('./simulation/SimulationWorkspace.tsx').then((m) => ({ default: m.SimulationWorkspace })),
);

const areaLabels: Record<Area, string> = {
  designer: 'Designer',
  map: 'Process map',
  simulation: 'Simulation',
};

/** The app shell: sign-in gate, navigation between the three areas, and the signed-in role. */
export function App() {
  const [token, setToken] = useState<string | null>(readToken);
  const me = usePromise(
    (signal) => (token ? api<MeResponse>('/api/me', { signal }) : Promise.resolve(undefined)),
    [token],
  );
  const signOut = useCallback(() => {
    writeToken(null);
    setToken(null);
  }, []);
  const session = useMemo<Session | null>(
    () => (token && me.data ? { token, role: me.data.role, signOut } : null),
    [token, me.data, signOut],
  );
  if (!token)
    return (
      <SignIn
        onSignedIn={(t) => {
          writeToken(t);
          setToken(t);
        }}
      />
    );
  if (me.loading && !me.data) return <Loading what="your session" />;
  if (me.error || !session)
    return (
      <main className="signin">
        <ErrorNote error={me.error} onRetry={me.reload} />
        <button type="button" onClick={signOut}>
          Sign in again
        </button>
      </main>
    );
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const [area, setArea] = useHashRoute();
  return (
    <SessionContext.Consumer>
      {(session) => (
        <div className="shell">
          <a className="skip" href="#main">
            Skip to content
          </a>
          <header className="topbar">
            <span className="brand">Continuum</span>
            <nav aria-label="Areas">
              {(Object.keys(areaLabels) as Area[]).map((a) => (
                <a
                  key={a}
                  href={`#/${a}`}
                  aria-current={a === area ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    setArea(a);
                  }}
                >
                  {areaLabels[a]}
                </a>
              ))}
            </nav>
            <span className="who">
              Signed in as <strong data-testid="role">{session?.role}</strong>
              <button type="button" onClick={session?.signOut}>
                Sign out
              </button>
            </span>
          </header>
          <main id="main" className="area" tabIndex={-1}>
            <Suspense fallback={<Loading what={areaLabels[area]} />}>
              {area === 'designer' && <Designer />}
              {area === 'map' && <ProcessMap />}
              {area === 'simulation' && <SimulationWorkspace />}
            </Suspense>
          </main>
        </div>
      )}
    </SessionContext.Consumer>
  );
}
