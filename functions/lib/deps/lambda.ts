import { lambdaConfig } from '../lambdaConfig';
import { lambdaObservability } from '../observability';
import { buildCoreDeps, type CoreDeps } from './core';

let core: CoreDeps | undefined;

/** On Lambda: config (parsed at init), Powertools and the table client, built at the first invocation, then reused. */
export function lambdaCoreDeps(): CoreDeps {
  core ??= buildCoreDeps(lambdaConfig(), { observability: lambdaObservability() });
  return core;
}
