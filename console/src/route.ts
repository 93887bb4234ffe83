/**
 * The console's pages live in the URL's fragment (`#/customers/2026-11/1002`): a link can be
 * shared and the back button works, while the server only ever serves /console. The key is never
 * part of it.
 */
export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'periods'; readonly period?: string }
  | { readonly page: 'customers'; readonly period?: string; readonly customer?: string; readonly server?: { readonly installation: string; readonly id: number } }
  | { readonly page: 'services'; readonly state?: string };

const segment = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : decodeURIComponent(value));

export function parseRoute(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('/');
  switch (page) {
    case 'periods': {
      const period = segment(rest[0]);
      return period === undefined ? { page } : { page, period };
    }
    case 'customers': {
      const [period, customer, installation, id] = rest.map(segment);
      const serverId = Number(id);
      return {
        page,
        ...(period === undefined ? {} : { period }),
        ...(customer === undefined ? {} : { customer }),
        ...(installation !== undefined && Number.isInteger(serverId) && serverId > 0 ? { server: { installation, id: serverId } } : {}),
      };
    }
    case 'services': {
      const state = segment(rest[0]);
      return state === undefined ? { page } : { page, state };
    }
    default:
      return { page: 'overview' };
  }
}

export function href(route: Route): string {
  const parts: string[] = [route.page];
  if (route.page === 'periods' && route.period) parts.push(route.period);
  if (route.page === 'customers') {
    if (route.period) parts.push(route.period);
    if (route.period && route.customer) parts.push(route.customer);
    if (route.period && route.customer && route.server) parts.push(route.server.installation, String(route.server.id));
  }
  if (route.page === 'services' && route.state) parts.push(route.state);
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}
