import { useCallback, useEffect, useState } from 'react';

/** The console's screens, one per URL path. */
export type Route =
  | { screen: 'inbox' }
  | { screen: 'conversation'; id: string }
  | { screen: 'settings'; locationId: string | null }
  | { screen: 'dispatch'; dispatchId: string }
  | { screen: 'roi' }
  | { screen: 'single-sign-on' }
  | { screen: 'consent-reviews' }
  | { screen: 'sign-in'; tenantSlug: string | null };

/**
 * The screen of a path: `/reports/roi`, `/single-sign-on` (owners), `/consent-reviews` (the opt-out review queue), `/conversations/<id>`, `/settings` or `/locations/<id>/settings`, `/dispatches/<id>`
 * (a page text's link), `/sign-in` or `/sign-in/<slug>` (where a refused single sign-on lands), or the inbox.
 */
export function routeOf(path: string): Route {
  // `/roi` itself is reporting's token page behind the same ingress (hosts/single-process ingress-routes, k8s ingress).
  if (path === '/reports/roi') return { screen: 'roi' };
  if (path === '/single-sign-on') return { screen: 'single-sign-on' };
  if (path === '/consent-reviews') return { screen: 'consent-reviews' };
  if (path === '/sign-in' || signInSlugOf(path) !== null) return { screen: 'sign-in', tenantSlug: signInSlugOf(path) };
  const m = /^\/conversations\/([0-9a-f-]{36})$/i.exec(path);
  if (m?.[1]) return { screen: 'conversation', id: m[1] };
  const settings = /^\/(?:locations\/([0-9a-f-]{36})\/)?settings$/i.exec(path);
  if (settings) return { screen: 'settings', locationId: settings[1] ?? null };
  const d = /^\/dispatches\/([0-9a-f-]{36})$/i.exec(path);
  return d?.[1] ? { screen: 'dispatch', dispatchId: d[1] } : { screen: 'inbox' };
}

/** The tenant slug of a sign-in link `/sign-in/<slug>` (a franchise's own single sign-on), or null. */
export function signInSlugOf(path: string): string | null {
  return /^\/sign-in\/([a-z0-9][a-z0-9-]{0,62})$/.exec(path)?.[1] ?? null;
}

/**
 * The current route and a navigate function (History API: back and forward work, URLs can be shared); `replace`
 * swaps the current history entry (a link that only resolves to another screen).
 */
export function useRoute(): [Route, (path: string, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((path: string, options?: { replace?: boolean }) => {
    if (options?.replace) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
    setRoute(routeOf(path));
    window.scrollTo(0, 0);
  }, []);
  return [route, navigate];
}
