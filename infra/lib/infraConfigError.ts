/** A CDK context the app refuses: what is wrong, on one line, for the operator (no stack trace). */
export class InfraConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfraConfigError';
  }
}

/**
 * For the apps' entries (`cdk` and `npm run synth`): a configuration error prints its one line and
 * exits 1 before anything is synthesized; anything else is a bug, rethrown with its stack.
 */
export function exitOnInfraConfigError(error: unknown): never {
  if (!(error instanceof InfraConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
