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

/** A fragment part as written; one that is not valid percent-encoding counts as absent (a bad link must not crash the page). */
function segment(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** A period as the API names it; anything else in a link is dropped, so it never reaches an API path. */
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const periodOf = (value: string | undefined): string | undefined => (value !== undefined && PERIOD.test(value) ? value : undefined);

export function parseRoute(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('/');
  switch (page) {
    case 'periods': {
      const period = periodOf(segment(rest[0]));
      return period === undefined ? { page } : { page, period };
    }
    case 'customers': {
      const [rawPeriod, customer, installation, id] = rest.map(segment);
      const period = periodOf(rawPeriod);
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
