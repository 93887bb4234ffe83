/** The /v1 API as the console calls it: same origin, the operator's key in the Authorization header only. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * The key itself was refused: the bridge's 401, or on AWS API Gateway's own 403 for a key its
   * authorizer denied (a body without the bridge's error code). A 403 of the bridge is a scope the
   * key lacks, not a bad key.
   */
  get refusesKey(): boolean {
    return this.status === 401 || (this.status === 403 && this.code === GATEWAY_FORBIDDEN);
  }
}

/** The code given to an error answer that is not the bridge's JSON error (a gateway's own). */
const gatewayCode = (status: number): string => `http_${status}`;
const GATEWAY_FORBIDDEN = gatewayCode(403);

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string };
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (body.error?.code !== undefined) return new ApiError(response.status, body.error.code, body.error.message ?? '');
  } catch {
    // Not the bridge's JSON error (a gateway's own page): the status says enough.
  }
  return new ApiError(response.status, gatewayCode(response.status), `The API answered ${response.status}`);
}

/**
 * A client for one key. `onRefused` runs when the API refuses the key (revoked or mistyped): the
 * console forgets the key and asks again.
 */
export function apiClient(key: string, onRefused: () => void): Api {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'omit',
    });
    if (!response.ok) {
      const error = await errorOf(response);
      if (error.refusesKey) onRefused();
      throw error;
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body ?? {}) };
}

/** A query string from the given parameters, the undefined ones left out. */
export function query(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
