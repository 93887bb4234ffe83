import type { Context } from 'aws-lambda';
import { isLambdaRuntime, lambdaConfig } from './lambdaConfig';

type AnyHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * Builds the real handler on the first invocation (clients are made then, not at import, so
 * importing a handler module has no side effects).
 */
export function lazyHandler<E, R>(build: () => AnyHandler<E, R>): AnyHandler<E, R> {
  let built: AnyHandler<E, R> | undefined;
  return (event, context) => {
    built ??= build();
    return built(event, context);
  };
}

/**
 * A Lambda entry point: on Lambda the configuration is parsed at module init, so a bad setting
 * fails the cold start with one log line naming it (not every request with a 500); elsewhere
 * (tests, the local stack importing the factories) importing the module does nothing.
 */
export function lambdaEntry<E, R>(build: () => AnyHandler<E, R>, env: Readonly<Record<string, string | undefined>> = process.env): AnyHandler<E, R> {
  if (isLambdaRuntime(env)) lambdaConfig(env);
  return lazyHandler(build);
}
