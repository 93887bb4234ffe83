import { errorToResponse } from '../../../../functions/lib/middleware/httpErrorHandler';
import { ConflictError, HttpError, NotImplementedError } from '../../../../shared/errors';

describe('errorToResponse', () => {
  const silent = { error: jest.fn() };

  it('renders an HttpError with its status, code and message', () => {
    const response = errorToResponse(new ConflictError('period 2026-11 is not due', 'not_due'), silent);
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(String(response.body))).toEqual({ error: { code: 'not_due', message: 'period 2026-11 is not due' } });
  });

  it('renders 501 with its message', () => {
    const response = errorToResponse(new NotImplementedError('GET /v1/usage'), silent);
    expect(response.statusCode).toBe(501);
    expect(JSON.parse(String(response.body)).error.message).toBe('GET /v1/usage is not implemented yet');
  });

  it('hides the message of a 5xx HttpError', () => {
    const response = errorToResponse(new HttpError(503, 'upstream', 'secret detail'), silent);
    expect(JSON.parse(String(response.body))).toEqual({ error: { code: 'upstream', message: 'Internal error' } });
  });

  it('turns an unexpected error into a generic 500 and logs it', () => {
    const logger = { error: jest.fn() };
    const response = errorToResponse(new TypeError('boom'), logger);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(String(response.body))).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(logger.error).toHaveBeenCalledWith('unhandled error', expect.objectContaining({ error: expect.objectContaining({ message: 'boom' }) }));
  });
});
