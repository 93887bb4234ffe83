import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { KeySelf, Scope } from './types';

export interface Session {
  readonly api: Api;
  readonly self: KeySelf;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('The console pages need a signed-in key');
  return session;
}

/** What the key may do: `admin` may do everything (as the API decides). */
export function can(self: KeySelf, scope: Scope): boolean {
  return self.scopes.includes('admin') || self.scopes.includes(scope);
}
