/** Hash routes: #sources, #agents, #customers, #datasources, #settings; anything else is the first tab. */
export const ROUTES = ['sources', 'agents', 'customers', 'datasources', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'sources';
}
