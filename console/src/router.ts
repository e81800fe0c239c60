import { useEffect, useState } from 'preact/hooks';

/**
 * Routes live in the URL fragment (#/c/sodertalje/2025), so the console is plain static files:
 * no server-side rewrite locally or in CloudFront.
 */
export type Route =
  | { page: 'clients' }
  | { page: 'client'; clientId: string }
  | { page: 'year'; clientId: string; year: number }
  | { page: 'commentary'; clientId: string; year: number }
  | { page: 'settings'; clientId: string }
  | { page: 'audit'; clientId: string }
  | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'clients' };
  if (parts[0] !== 'c' || !parts[1]) return { page: 'not-found' };
  const clientId = parts[1];
  if (parts.length === 2) return { page: 'client', clientId };
  if (parts.length === 3 && parts[2] === 'settings') return { page: 'settings', clientId };
  if (parts.length === 3 && parts[2] === 'audit') return { page: 'audit', clientId };
  if (/^\d{4}$/.test(parts[2] ?? '')) {
    const year = Number(parts[2]);
    if (parts.length === 3) return { page: 'year', clientId, year };
    if (parts.length === 4 && parts[3] === 'commentary') return { page: 'commentary', clientId, year };
  }
  return { page: 'not-found' };
}

export const href = {
  clients: () => '#/',
  client: (id: string) => `#/c/${encodeURIComponent(id)}`,
  year: (id: string, year: number) => `#/c/${encodeURIComponent(id)}/${year}`,
  commentary: (id: string, year: number) => `#/c/${encodeURIComponent(id)}/${year}/commentary`,
  settings: (id: string) => `#/c/${encodeURIComponent(id)}/settings`,
  audit: (id: string) => `#/c/${encodeURIComponent(id)}/audit`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
