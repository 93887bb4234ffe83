import { BadRequestError } from '../../shared/errors';

export interface RouteTemplate<T> {
  readonly method: string;
  /** `/v1/services/{serviceRef}` style, as API Gateway writes routes. */
  readonly path: string;
  readonly target: T;
}

export interface RouteMatch<T> {
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  readonly target: T;
}

interface CompiledRoute<T> {
  readonly template: RouteTemplate<T>;
  readonly pattern: RegExp;
  readonly names: string[];
}

/** Matches a method and path against API Gateway-style route templates. */
export class RouteMatcher<T> {
  private readonly routes: CompiledRoute<T>[];

  constructor(templates: readonly RouteTemplate<T>[]) {
    this.routes = templates.map((template) => {
      const names: string[] = [];
      const source = template.path
        .split('/')
        .map((part) => {
          const parameter = /^\{(\w+)\}$/.exec(part);
          if (!parameter?.[1]) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(parameter[1]);
          return '([^/]+)';
        })
        .join('/');
      return { template, pattern: new RegExp(`^${source}$`), names };
    });
  }

  match(method: string, path: string): RouteMatch<T> | undefined {
    for (const route of this.routes) {
      if (route.template.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathParameters: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParameters[name] = decodePathSegment(found[index + 1] ?? '');
      });
      return { routeKey: `${route.template.method} ${route.template.path}`, pathParameters, target: route.template.target };
    }
    return undefined;
  }
}

/** Decodes one path segment; malformed percent-encoding (`%ZZ`) is a 400, not a crash. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError(`Malformed percent-encoding in the path: "${segment}"`, 'invalid_path');
  }
}
