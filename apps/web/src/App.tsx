import type { MeResponse, Role } from '@continuum/contracts';
import { lazy, Suspense, useCallback, useContext, useMemo, useState } from 'react';
import { SignIn } from './auth/SignIn.tsx';
import { type Session, SessionContext } from './auth/SessionContext.tsx';
import { readToken, writeToken } from './auth/tokenStore.ts';
import { api } from './api/client.ts';
import { usePromise } from './ui/usePromise.ts';
import { Loading } from './ui/Loading.tsx';
import { ErrorNote } from './ui/ErrorNote.tsx';
import { type Area, useHashRoute } from './useHashRoute.ts';
import { canImport, canReadAggregates, canReadCases, canReadSimulations } from './ui/permissions.ts';

const Designer = lazy(() => import('./designer/Designer.tsx').then((m) => ({ default: m.Designer })));
const ProcessMap = lazy(() => import('./map/ProcessMap.tsx').then((m) => ({ default: m.ProcessMap })));
const SimulationWorkspace = lazy(() =>
  import('./simulation/SimulationWorkspace.tsx').then((m) => ({ default: m.SimulationWorkspace })),
);

const Worklist = lazy(() => import('./worklist/Worklist.tsx').then((m) => ({ default: m.Worklist })));
const ImportPage = lazy(() => import('./import/ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const CaseView = lazy(() => import('./map/CaseView.tsx').then((m) => ({ default: m.CaseView })));

/** The areas in the navigation, in order (a case opens from the map or the worklist). */
const areaLabels: Partial<Record<Area, string>> = {
  designer: 'Designer',
  map: 'Process map',
  worklist: 'Worklist',
  simulation: 'Simulation',
  import: 'Import',
};

/** Which areas a role may open: each calls only routes the role is admitted to (apps/api roles.ts). */
const mayOpen = (area: Area, role: Role): boolean => {
  if (area === 'map' || area === 'worklist') return canReadAggregates(role);
  if (area === 'simulation') return canReadSimulations(role);
  if (area === 'case') return canReadCases(role);
  if (area === 'import') return canImport(role);
  return true;
};

/** Where a role starts: the screen its work is on (a manager's map, an analyst's simulations). */
const homeOf = (role: Role): Area =>
  role === 'manager' || role === 'viewer' ? 'map' : role === 'analyst' ? 'simulation' : 'designer';

/** The app shell: sign-in gate, navigation between the areas the role may open, and the signed-in role. */
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
  const [route, navigate] = useHashRoute();
  const session = useContext(SessionContext);
  const role = session?.role ?? 'viewer';
  const home = homeOf(role);
  // No area in the address (the app's own address): the role's home.
  const asked = window.location.hash.replace(/^#\/?/, '') === '' ? home : route.area;
  const area = mayOpen(asked, role) ? asked : home;
  const areas = (Object.keys(areaLabels) as Area[]).filter((a) => mayOpen(a, role));
  const params = route.params;
  const openCase = (id: string | number) => navigate('case', {}, { id: String(id) });
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Continuum</span>
        <nav aria-label="Areas">
          {areas.map((a) => (
            <a
              key={a}
              href={`#/${a}`}
              aria-current={a === area ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(a);
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
        {area !== asked && (
          // A link to an area this role may not open: said, rather than silently showing another.
          <p className="blocked-area" role="status" data-testid="blocked-area">
            {areaLabels[asked] ?? 'A case'} is not open to your role ({role}); this is the {areaLabels[area]}.
          </p>
        )}
        <Suspense fallback={<Loading what={areaLabels[area] ?? 'the case'} />}>
          {area === 'designer' && <Designer />}
          {area === 'map' && (
            <ProcessMap
              params={params}
              onChange={(p, replace) => navigate('map', p, { replace })}
              onOpenCase={openCase}
            />
          )}
          {area === 'worklist' && (
            <Worklist params={params} onChange={(p) => navigate('worklist', p)} onOpenCase={openCase} />
          )}
          {area === 'simulation' && <SimulationWorkspace />}
          {area === 'import' && <ImportPage />}
          {area === 'case' && route.id !== undefined && (
            <CaseView caseId={route.id} onClose={() => window.history.back()} />
          )}
        </Suspense>
      </main>
    </div>
  );
}
