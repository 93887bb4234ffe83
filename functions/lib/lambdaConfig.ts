import { ConfigError, parseConfig, type BridgeConfig } from '../../shared/config';

/** Lambda sets this in every function's environment; nothing else here does. */
export function isLambdaRuntime(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['AWS_LAMBDA_FUNCTION_NAME'] !== undefined;
}

let parsed: BridgeConfig | undefined;

/**
 * The configuration of this Lambda, parsed once. A bad setting writes one JSON line naming it
 * (`{"level":"error","message":"Invalid configuration: <VAR>: ..."}`) and rethrows, failing the cold start.
 */
export function lambdaConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): BridgeConfig {
  if (parsed !== undefined) return parsed;
  try {
    parsed = parseConfig(env);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `Invalid configuration: ${error instanceof Error ? error.message : String(error)}`;
    write(JSON.stringify({ level: 'error', message }));
    throw error;
  }
  return parsed;
}
