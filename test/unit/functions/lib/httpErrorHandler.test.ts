import { errorToResponse } from '../../../../functions/lib/middleware/httpErrorHandler';
import { ConflictError, HttpError, NotImplementedError, RetryLaterError } from '../../../../shared/errors';
import { BillingRejectedError, BillingTransportError } from '../../../../shared/invoicing/errors';
import {
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusSchemaError,
  SolusServerError,
  SolusTimeoutError,
  SolusTransportError,
  SolusValidationError,
} from '../../../../shared/solusio';

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

  it('sends the headers an error carries: Retry-After of a "come back later"', () => {
    const response = errorToResponse(new RetryLaterError('creating', 'service_in_progress', 12.2), silent);
    expect(response).toMatchObject({ statusCode: 409, headers: { 'retry-after': '13', 'content-type': 'application/json' } });
  });

  const call = { method: 'POST', path: '/api/v1/servers' };
  it.each([
    ['SolusIO refusing the data', new SolusValidationError(call, { plan: ['The selected plan is invalid.'] }, ''), 422, 'solusio_rejected', 'plan: The selected plan is invalid.'],
    ['SolusIO not knowing the resource', new SolusNotFoundError({ method: 'GET', path: '/api/v1/servers/4' }, ''), 404, 'not_found', 'GET /api/v1/servers/4'],
    ['a request timeout', new SolusTimeoutError(call, 10_000), 504, 'solusio_timeout', 'within 10000 ms'],
    ['the request deadline', new SolusDeadlineExceededError(call), 504, 'solusio_timeout', 'deadline'],
    ['a 5xx', new SolusServerError(call, 503, 'down'), 502, 'solusio_unavailable', '503'],
    ['a dropped connection', new SolusTransportError(call, 'socket hang up'), 502, 'solusio_unavailable', 'socket hang up'],
    ['an unreadable answer', new SolusSchemaError(call, [{ path: 'data.id', message: 'missing' }]), 502, 'solusio_unavailable', 'data.id'],
    ['a billing system outage', new BillingTransportError('whmcs', 'GetInvoices', 'timeout'), 502, 'billing_system_unavailable', 'GetInvoices'],
    ['a billing system refusal', new BillingRejectedError('whmcs', 'CreateInvoice', 'bad'), 502, 'billing_system_error', 'CreateInvoice'],
  ])('maps %s through the one upstream table', (_what, error, status, code, text) => {
    const response = errorToResponse(error, silent);
    expect(response.statusCode).toBe(status);
    const body = JSON.parse(String(response.body)) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(text);
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
