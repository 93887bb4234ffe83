import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, apiClient } from './api';
import { forgetKey, storedKey, storeKey } from './keyStore';
import { href, parseRoute, type Route } from './route';
import { can, SessionContext, type Session } from './session';
import type { KeySelf, Scope } from './types';
import { Login } from './pages/login';
import { Overview } from './pages/overview';
import { Periods } from './pages/periods';
import { Customers } from './pages/customers';
import { Services } from './pages/services';

const PAGES: readonly { readonly page: Route['page']; readonly title: string; readonly scope: Scope }[] = [
  { page: 'overview', title: 'Overview', scope: 'usage:read' },
  { page: 'periods', title: 'Periods', scope: 'usage:read' },
  { page: 'customers', title: 'Customers', scope: 'usage:read' },
  { page: 'services', title: 'Services', scope: 'provisioning' },
];

const REFUSED = 'The API refused this key: it is mistyped, revoked or of another installation of the bridge.';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function App() {
  const [key, setKey] = useState<string | undefined>(storedKey);
  const [self, setSelf] = useState<KeySelf>();
  const [notice, setNotice] = useState<string>();
  const route = useRoute();

  const signOut = (message?: string) => {
    forgetKey();
    setKey(undefined);
    setSelf(undefined);
    setNotice(message);
  };
  const api = useMemo(() => (key === undefined ? undefined : apiClient(key, () => signOut(REFUSED))), [key]);

  // A key kept from earlier in this tab is checked again before any page shows.
  useEffect(() => {
    if (api === undefined || self !== undefined) return;
    api.get<KeySelf>('/v1/keys/self').then(setSelf, (error: unknown) => {
      if (!(error instanceof ApiError && error.status === 401)) signOut(error instanceof Error ? error.message : String(error));
    });
  }, [api, self]);

  const signIn = async (candidate: string): Promise<void> => {
    const trial = apiClient(candidate, () => undefined);
    try {
      const found = await trial.get<KeySelf>('/v1/keys/self');
      storeKey(candidate);
      setNotice(undefined);
      setKey(candidate);
      setSelf(found);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw new Error(REFUSED);
      throw error;
    }
  };

  if (api === undefined || self === undefined) {
    return key === undefined ? <Login onSignIn={signIn} notice={notice} /> : <p role="status">Checking the key…</p>;
  }
  const session: Session = { api, self };
  const allowed = PAGES.filter((page) => can(self, page.scope));
  const current = allowed.find((page) => page.page === route.page) ?? allowed[0];
  return (
    <SessionContext.Provider value={session}>
      <header class="top">
        <a class="skip" href="#main">
          Skip to the page
        </a>
        <span class="brand">solus-billing-bridge</span>
        <nav aria-label="Pages">
          <ul>
            {allowed.map((page) => (
              <li key={page.page}>
                <a href={href({ page: page.page })} aria-current={page.page === current?.page ? 'page' : undefined}>
                  {page.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            Key <strong>{self.name}</strong> <span class="scopes">({self.scopes.join(', ')})</span>
          </span>
          <button type="button" class="quiet" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        {current === undefined ? (
          <p class="note">This key may read none of the console's pages: it needs usage:read or provisioning.</p>
        ) : (
          <Page route={current.page === route.page ? route : { page: current.page } as Route} />
        )}
      </main>
    </SessionContext.Provider>
  );
}

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'overview':
      return <Overview />;
    case 'periods':
      return <Periods period={route.period} />;
    case 'customers':
      return <Customers period={route.period} customer={route.customer} server={route.server} />;
    case 'services':
      return <Services state={route.state} />;
  }
}
