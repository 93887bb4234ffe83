import { ConflictError, HttpError, RetryLaterError } from '../errors';

/** The service was terminated: final, whatever raced it. */
export class ServiceTerminatedError extends ConflictError {
  constructor(serviceRef: string, detail = '') {
    super(`Service ${serviceRef} is terminated${detail}`, 'service_terminated');
    this.name = 'ServiceTerminatedError';
  }
}

/** A create of this service is under way, or its outcome is not known yet: come back later. */
export class ServiceInProgressError extends RetryLaterError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, 'service_in_progress', retryAfterSeconds);
    this.name = 'ServiceInProgressError';
  }
}

/** The SolusIO user with this e-mail bills to another client: never moved silently. */
export class CustomerMismatchError extends ConflictError {
  constructor(email: string, existing: number, requested: number) {
    super(
      `The SolusIO user ${email} bills to billing client ${existing}, not ${requested}: moving it would move every server of that user to another client. ` +
        'Use the e-mail of this client, or change billing_user_id in SolusIO deliberately.',
      'customer_mismatch',
    );
    this.name = 'CustomerMismatchError';
  }
}

/** A server this service names is owned by another service (or cannot be proven its own). */
export class ServerNotOwnedError extends ConflictError {
  constructor(serviceRef: string, serverId: number, owner: string) {
    super(`Service ${serviceRef} does not own SolusIO server ${serverId} (service ${owner} does): nothing was done to it`, 'server_not_owned');
    this.name = 'ServerNotOwnedError';
  }
}

/** SolusIO no longer has the service's server (a termination racing this action, or a delete outside the bridge). */
export class ServerGoneError extends ConflictError {
  constructor(serviceRef: string, serverId: number) {
    super(`SolusIO no longer has server ${serverId} of service ${serviceRef}: read the service (GET) to see its state`, 'server_gone');
    this.name = 'ServerGoneError';
  }
}

/** The service changed while an action ran (another action won the race): read it and decide again. */
export class ServiceChangedError extends RetryLaterError {
  constructor(serviceRef: string, from: string, to: string) {
    super(`Service ${serviceRef} changed from ${from} to ${to} while this action ran; read it and retry if still wanted`, 'service_changed', 1);
    this.name = 'ServiceChangedError';
  }
}

/** The plan, location, image or application does not exist in SolusIO: refused before anything is touched. */
export class CatalogRejectedError extends HttpError {
  constructor(problems: readonly string[]) {
    super(422, 'solusio_rejected', `SolusIO refused the create: ${problems.join('; ')}`);
    this.name = 'CatalogRejectedError';
  }
}

/** The quarantine passed and no server carries the attempt's marker: the operator decides. */
export class CreateUnconfirmedError extends ConflictError {
  constructor(message: string) {
    super(message, 'create_unconfirmed');
    this.name = 'CreateUnconfirmedError';
  }
}
