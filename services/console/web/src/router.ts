import { useCallback, useEffect, useState } from 'react';

/** The console's screens, one per URL path. */
export type Route = { screen: 'inbox' } | { screen: 'conversation'; id: string } | { screen: 'settings'; locationId: string | null };

/** The screen of a path: `/conversations/<id>`, `/settings` or `/locations/<id>/settings`, or the inbox. */
export function routeOf(path: string): Route {
  const m = /^\/conversations\/([0-9a-f-]{36})$/i.exec(path);
  if (m?.[1]) return { screen: 'conversation', id: m[1] };
  const settings = /^\/(?:locations\/([0-9a-f-]{36})\/)?settings$/i.exec(path);
  if (settings) return { screen: 'settings', locationId: settings[1] ?? null };
  return { screen: 'inbox' };
}

/** The current route and a navigate function (History API: back and forward work, URLs can be shared). */
export function useRoute(): [Route, (path: string) => void] {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((path: string) => {
    window.history.pushState(null, '', path);
    setRoute(routeOf(path));
    window.scrollTo(0, 0);
  }, []);
  return [route, navigate];
}
