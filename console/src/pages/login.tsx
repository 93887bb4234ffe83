import { useState } from 'preact/hooks';

/** Asks for the operator's key once a tab; it goes to sessionStorage only after the API accepted it. */
export function Login({ onSignIn, notice }: { readonly onSignIn: (key: string) => Promise<void>; readonly notice?: string | undefined }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (trimmed === '') {
      setError('Paste an API key first.');
      return;
    }
    setBusy(true);
    try {
      await onSignIn(trimmed);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };
  return (
    <main id="main" class="login">
      <h1>solus-billing-bridge console</h1>
      <p>Runs, periods, customers and services of this bridge. Sign in with an API key: the admin key, or one with usage:read.</p>
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={key}
          onInput={(event) => setKey((event.currentTarget as HTMLInputElement).value)}
          aria-describedby={error ? 'login-error' : 'key-help'}
          aria-invalid={error ? true : undefined}
          required
        />
        <p id="key-help" class="help">
          Kept in this tab only (sessionStorage) until you sign out or close it; sent to this bridge's /v1 API and nowhere else.
        </p>
        {error ? (
          <p id="login-error" class="note error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
