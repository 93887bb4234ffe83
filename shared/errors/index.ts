export { BridgeError, HttpError, BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError, ConflictError, NotImplementedError } from './httpErrors';
export type { ErrorBody } from './httpErrors';
