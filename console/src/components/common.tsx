import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import type { Loaded } from '../load';

/** An error as the operator reads it: the API's code and message. */
export function ErrorNote({ error }: { readonly error: Error }) {
  const code = error instanceof ApiError ? `${error.code}: ` : '';
  return (
    <p class="note error" role="alert">
      {code}
      {error.message}
    </p>
  );
}

/** A loaded section: a status line while loading, the error when it failed, else the content. */
export function Loading<T>({ loaded, children }: { readonly loaded: Loaded<T>; readonly children: (data: T) => ComponentChildren }) {
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (loaded.data === undefined) return <p role="status">Loading…</p>;
  return <>{children(loaded.data)}</>;
}

export function Badge({ kind, children }: { readonly kind: string; readonly children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

/** A page section with its heading (the heading names it for screen readers). */
export function Section({ title, id, children }: { readonly title: string; readonly id: string; readonly children: ComponentChildren }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A wide table scrolls on its own on a phone instead of the whole page. */
export function TableScroll({ label, children }: { readonly label: string; readonly children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
