import { useCallback, useEffect, useState } from 'react';

/** The console's screens, one per URL path. */
export type Route = { screen: 'inbox' } | { screen: 'conversation'; id: string } | { screen: 'roi' };

/** The screen of a path: `/conversations/<id>` or the inbox. */
export function routeOf(path: string): Route {
  if (path === '/roi') return { screen: 'roi' };
  const m = /^\/conversations\/([0-9a-f-]{36})$/i.exec(path);
  return m?.[1] ? { screen: 'conversation', id: m[1] } : { screen: 'inbox' };
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
