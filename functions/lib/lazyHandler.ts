import type { Context } from 'aws-lambda';

type AnyHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The Lambda entry point: builds the real handler on the first invocation (config and clients come
 * from the environment then, not at import, so importing a handler module has no side effects).
 */
export function lazyHandler<E, R>(build: () => AnyHandler<E, R>): AnyHandler<E, R> {
  let built: AnyHandler<E, R> | undefined;
  return (event, context) => {
    built ??= build();
    return built(event, context);
  };
}
