import { useEffect, useState } from 'react';

/** The three areas of the app; the hash keeps the area across reloads and makes it linkable. */
export type Area = 'designer' | 'map' | 'simulation';
const areas: Area[] = ['designer', 'map', 'simulation'];

const read = (): Area => {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (areas as string[]).includes(name) ? (name as Area) : 'designer';
};

/** The area named by `#/area`, following the browser's back and forward buttons. */
export function useHashRoute(): [Area, (a: Area) => void] {
  const [area, setArea] = useState<Area>(read);
  useEffect(() => {
    const onHash = () => setArea(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [area, (a) => (window.location.hash = `/${a}`)];
}
