import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
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

/**
 * The outcome of an action, in a live region that is always on the page (a region inserted with
 * its text already in it is often not read out). Empty until there is something to say.
 */
export function Outcome({ message, error }: { readonly message?: string | undefined; readonly error?: Error | undefined }) {
  return (
    <>
      <p role="status" class={message ? 'note ok' : 'empty'}>
        {message ?? ''}
      </p>
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}

/**
 * A choice that changes the page only when asked ("Show"): moving through a list with the
 * keyboard must not navigate at every step (WCAG 3.2.2).
 */
export function Picker({ id, label, value, options, onShow }: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly { readonly value: string; readonly text: string }[];
  readonly onShow: (value: string) => void;
}) {
  const select = useRef<HTMLSelectElement>(null);
  return (
    <form
      class="picker"
      onSubmit={(event) => {
        event.preventDefault();
        onShow(select.current?.value ?? value);
      }}
    >
      <label for={id}>{label}</label>
      <select id={id} ref={select} key={value} defaultValue={value}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
      <button type="submit" class="quiet">
        Show
      </button>
    </form>
  );
}

export type Column = string | { readonly text: string; readonly numeric: true };

/** A table's column headings; a numeric column is right-aligned like its figures. */
export function TableHead({ columns }: { readonly columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.text} scope="col" class="num">
              {column.text}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
