import type { ErrorJson } from './types';

/** An error the simulator answers with its own status and a SolusIO-shaped body. */
export class SimHttpError extends Error {
  readonly statusCode: number;
  readonly errors: Record<string, string[]> | undefined;

  constructor(statusCode: number, message: string, errors?: Record<string, string[]>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SimHttpError';
    this.statusCode = statusCode;
    this.errors = errors;
  }

  toJSON(): ErrorJson {
    return this.errors ? { message: this.message, errors: this.errors } : { message: this.message };
  }
}

export class NotFoundError extends SimHttpError {
  constructor(message = 'Not found.') {
    super(404, message);
    this.name = 'NotFoundError';
  }
}

export class UnauthorizedError extends SimHttpError {
  constructor() {
    super(401, 'Unauthenticated.');
    this.name = 'UnauthorizedError';
  }
}

export class ConflictError extends SimHttpError {
  constructor(message: string) {
    super(409, message);
    this.name = 'ConflictError';
  }
}

/** Laravel's validation failure: 422 `{ message, errors: { field: [...] } }`. */
export class ValidationError extends SimHttpError {
  constructor(errors: Record<string, string[]>, options?: ErrorOptions) {
    super(422, 'The given data was invalid.', errors, options);
    this.name = 'ValidationError';
  }

  /** One field, one message. */
  static field(field: string, message: string): ValidationError {
    return new ValidationError({ [field]: [message] });
  }
}
