/** A problem that stops the local stack at start; its message is the one line the operator sees. */
export class LocalStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalStartError';
  }
}
