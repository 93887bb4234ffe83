import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
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
  const [checkFailed, setCheckFailed] = useState<Error>();
  const currentKey = useRef(key);
  currentKey.current = key;
  const route = useRoute();

  const signOut = (message?: string) => {
    forgetKey();
    setKey(undefined);
    setSelf(undefined);
    setNotice(message);
  };
  // A refusal of an earlier key (an answer still on its way) must not sign out the key typed since.
  const api = useMemo(() => (key === undefined ? undefined : apiClient(key, () => currentKey.current === key && signOut(REFUSED))), [key]);

  // A key kept from earlier in this tab is checked again before any page shows; an outage keeps it.
  const [checks, setChecks] = useState(0);
  useEffect(() => {
    if (api === undefined || self !== undefined) return;
    setCheckFailed(undefined);
    api.get<KeySelf>('/v1/keys/self').then(setSelf, (error: unknown) => {
      if (!(error instanceof ApiError && error.refusesKey)) setCheckFailed(error instanceof Error ? error : new Error(String(error)));
    });
  }, [api, self, checks]);

  const signIn = async (candidate: string): Promise<void> => {
    const trial = apiClient(candidate, () => undefined);
    try {
      const found = await trial.get<KeySelf>('/v1/keys/self');
      storeKey(candidate);
      setNotice(undefined);
      setKey(candidate);
      setSelf(found);
    } catch (error) {
      if (error instanceof ApiError && error.refusesKey) throw new Error(REFUSED);
      throw error;
    }
  };

  const main = useRef<HTMLElement>(null);
  const allowed = self === undefined ? [] : PAGES.filter((page) => can(self, page.scope));
  const current = allowed.find((page) => page.page === route.page) ?? allowed[0];
  // A new page says so: in the tab's title, and by taking the focus (a screen reader reads it out).
  const firstRoute = useRef(true);
  useEffect(() => {
    document.title = `${current?.title ?? 'Sign in'} · solus-billing-bridge console`;
    if (firstRoute.current) firstRoute.current = false;
    else main.current?.focus();
  }, [route, current?.title]);

  if (api === undefined || self === undefined) {
    if (key === undefined) return <Login onSignIn={signIn} notice={notice} />;
    if (checkFailed === undefined) return <p role="status">Checking the key…</p>;
    return (
      <main id="main" class="login">
        <h1>solus-billing-bridge console</h1>
        <p class="note error" role="alert">
          The key could not be checked: {checkFailed.message}
        </p>
        <div class="actions">
          <button type="button" onClick={() => setChecks(checks + 1)}>
            Try again
          </button>
          <button type="button" class="quiet" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </main>
    );
  }
  const session: Session = { api, self };
  return (
    <SessionContext.Provider value={session}>
      <header class="top">
        <a
          class="skip"
          href="#main"
          onClick={(event) => {
            // The fragment is the page's place: move the focus, not the route.
            event.preventDefault();
            main.current?.focus();
          }}
        >
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
      <main id="main" ref={main} tabIndex={-1}>
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
      return <Services key={route.state ?? ''} state={route.state} />;
  }
}
