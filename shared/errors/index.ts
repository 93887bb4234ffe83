export { BridgeError, HttpError, BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError, ConflictError, RetryLaterError, NotImplementedError } from './httpErrors';
export type { ErrorBody } from './httpErrors';
