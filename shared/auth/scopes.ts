/** What an API key may do. `admin` implies every other scope. */
export const SCOPES = ['provisioning', 'usage:read', 'periods:write', 'admin'] as const;

export type Scope = (typeof SCOPES)[number];

export function grants(held: readonly Scope[], required: Scope): boolean {
  return held.includes('admin') || held.includes(required);
}
