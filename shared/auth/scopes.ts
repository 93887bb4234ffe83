/** What an API key may do. `admin` implies every other scope. */
export const SCOPES = ['provisioning', 'usage:read', 'periods:write', 'admin'] as const;

export type Scope = (typeof SCOPES)[number];

export function grants(held: readonly Scope[], required: Scope): boolean {
  return held.includes('admin') || held.includes(required);
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * Splits stored scopes into the ones this code knows and the rest. An unknown one (written by a
 * newer version, or by hand) grants nothing, and must not turn every request of its key into a 500.
 */
export function parseStoredScopes(stored: readonly string[]): { scopes: Scope[]; unknown: string[] } {
  const scopes: Scope[] = [];
  const unknown: string[] = [];
  for (const value of stored) {
    if (isScope(value)) {
      if (!scopes.includes(value)) scopes.push(value);
    } else unknown.push(value);
  }
  return { scopes, unknown };
}
