import { useCallback, useEffect, useState } from 'react';

/** The areas of the app; the hash keeps the area and its view across reloads and makes both linkable. */
export type Area = 'designer' | 'map' | 'worklist' | 'simulation' | 'import' | 'case';
const areas: Area[] = ['designer', 'map', 'worklist', 'simulation', 'import', 'case'];

/** What the URL holds: the area, an optional id (`#/case/<id>`) and the view's parameters. */
export interface Route {
  area: Area;
  id?: string;
  params: Record<string, string>;
}

/** A view's parameters as they go into the URL: an undefined or empty value is left out. */
export type RouteParams = Record<string, string | undefined>;

/** Reads `#/area/id?key=value&...`; an unknown area falls back to the designer. */
export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [name = '', ...rest] = path.split('/');
  const area = (areas as string[]).includes(name) ? (name as Area) : 'designer';
  const id = rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : undefined;
  const params = Object.fromEntries(new URLSearchParams(search));
  return id === undefined ? { area, params } : { area, id, params };
}

/** The hash for a route, parameters in a stable (sorted) order so equal views have equal URLs. */
export function hashOf(area: Area, params: RouteParams = {}, id?: string): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value !== undefined && value !== '') search.set(key, value);
  }
  const qs = search.toString();
  return `#/${area}${id === undefined ? '' : `/${encodeURIComponent(id)}`}${qs ? `?${qs}` : ''}`;
}

/** How to move to a view: a new history entry (back returns here) unless `replace` is set. */
export type Navigate = (
  area: Area,
  params?: RouteParams,
  options?: { id?: string; replace?: boolean },
) => void;

/** The route named by the hash, following the browser's back and forward buttons. */
export function useHashRoute(): [Route, Navigate] {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback<Navigate>((area, params = {}, options = {}) => {
    const hash = hashOf(area, params, options.id);
    if (hash === window.location.hash) return;
    if (options.replace) {
      window.history.replaceState(window.history.state, '', hash);
      setRoute(parseHash(hash));
    } else window.location.hash = hash.slice(1);
  }, []);
  return [route, navigate];
}
