import { BridgeError } from '../../../../shared/errors';
import {
  errorForResponse,
  isRetryable,
  parseRetryAfter,
  reportsActivityLogOrderError,
  SolusActivityLogOrderError,
  SolusApiError,
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusRateLimitedError,
  SolusSchemaError,
  SolusServerError,
  SolusTransportError,
  SolusUnauthorizedError,
  SolusValidationError,
} from '../../../../shared/solusio';

describe('SolusIO errors', () => {
  const request = { method: 'GET', path: '/api/v1/servers', page: 2 };
  const NOW = Date.UTC(2026, 10, 3, 10, 0, 0);

  describe('errorForResponse', () => {
    it.each([
      [401, SolusUnauthorizedError, 'SolusUnauthorizedError'],
      [403, SolusUnauthorizedError, 'SolusUnauthorizedError'],
      [404, SolusNotFoundError, 'SolusNotFoundError'],
      [422, SolusValidationError, 'SolusValidationError'],
      [429, SolusRateLimitedError, 'SolusRateLimitedError'],
      [500, SolusServerError, 'SolusServerError'],
      [502, SolusServerError, 'SolusServerError'],
      [503, SolusServerError, 'SolusServerError'],
      [599, SolusServerError, 'SolusServerError'],
    ])('maps %i to %p', (status, type, name) => {
      // Act
      const error = errorForResponse(request, { status, retryAfter: null, body: { message: 'upstream says' } }, NOW);

      // Assess
      expect(error).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(SolusApiError);
      expect(error).toBeInstanceOf(BridgeError);
      expect(error).toMatchObject({ name, status, method: 'GET', path: '/api/v1/servers', page: 2 });
      expect(error.message).toMatch(/^GET \/api\/v1\/servers \(page 2\): /);
      expect(error.message).toContain('upstream says');
    });

    it.each([302, 400, 405, 409, 418])('maps %i to the base SolusApiError', (status) => {
      // Act
      const error = errorForResponse(request, { status, retryAfter: null, body: undefined }, NOW);

      // Assess
      expect(error.constructor).toBe(SolusApiError);
      expect(error).toMatchObject({ name: 'SolusApiError', status });
      expect(error.message).toContain(`unexpected status ${status}`);
    });

    it('keeps the field errors of a 422', () => {
      // Prepare
      const body = { message: 'The given data was invalid.', errors: { name: ['The name is taken.'], plan: 'Unknown plan.' } };

      // Act
      const error = errorForResponse(request, { status: 422, retryAfter: null, body }, NOW);

      // Assess
      expect(error).toBeInstanceOf(SolusValidationError);
      expect((error as SolusValidationError).fieldErrors).toEqual({ name: ['The name is taken.'], plan: ['Unknown plan.'] });
      expect(error.message).toContain('name: The name is taken.; plan: Unknown plan.');
    });

    it.each([
      ['seconds', '3', 3_000],
      ['zero seconds', '0', 0],
      ['an HTTP-date', 'Tue, 03 Nov 2026 10:00:07 GMT', 7_000],
      ['an HTTP-date in the past', 'Tue, 03 Nov 2026 09:00:00 GMT', 0],
      ['garbage', 'soon', undefined],
      ['a fraction', '1.5', undefined],
      ['no header', null, undefined],
    ])('reads Retry-After given as %s', (_name, header, expected) => {
      // Act
      const error = errorForResponse(request, { status: 429, retryAfter: header, body: undefined }, NOW) as SolusRateLimitedError;

      // Assess
      expect(error.retryAfterMs).toBe(expected);
    });

    it('redacts upstream texts with the given function', () => {
      // Prepare
      const body = { message: 'bad token SECRET', errors: { SECRET: ['was SECRET'] } };
      const redact = (text: string) => text.split('SECRET').join('[redacted]');

      // Act
      const error = errorForResponse(request, { status: 422, retryAfter: null, body }, NOW, redact) as SolusValidationError;

      // Assess
      expect(error.message).not.toContain('SECRET');
      expect(JSON.stringify(error)).not.toContain('SECRET');
      expect(error.fieldErrors).toEqual({ '[redacted]': ['was [redacted]'] });
    });

    it('copes with a body that is not SolusIO-shaped', () => {
      // Act
      const error = errorForResponse({ method: 'GET', path: '/api/v1/plans' }, { status: 503, retryAfter: null, body: ['html?'] }, NOW);

      // Assess
      expect(error.message).toBe('GET /api/v1/plans: SolusIO failed (503)');
      expect(error.page).toBeUndefined();
    });
  });

  describe('parseRetryAfter', () => {
    it('turns an HTTP-date into a wait from now', () => {
      // Act
      const wait = parseRetryAfter('Tue, 03 Nov 2026 10:01:00 GMT', NOW);

      // Assess
      expect(wait).toBe(60_000);
    });
  });

  describe('subclasses', () => {
    it('carry the last error as cause of a deadline error and name it', () => {
      // Prepare
      const last = new SolusServerError(request, 502, '');

      // Act
      const error = new SolusDeadlineExceededError(request, { cause: last });

      // Assess
      expect(error.cause).toBe(last);
      expect(error.name).toBe('SolusDeadlineExceededError');
      expect(error.message).toBe("GET /api/v1/servers (page 2): the run's deadline leaves no time for another attempt; last error: SolusServerError (502)");
    });

    it('list schema issues with their field paths', () => {
      // Act
      const error = new SolusSchemaError(request, [
        { path: 'data.3.ip_addresses.ipv4', message: 'missing' },
        { path: 'meta.last_page', message: 'missing' },
      ]);

      // Assess
      expect(error.field).toBe('data.3.ip_addresses.ipv4');
      expect(error.message).toBe('GET /api/v1/servers (page 2): unexpected response: data.3.ip_addresses.ipv4: missing; meta.last_page: missing');
    });

    it('keep a transport error cause', () => {
      // Prepare
      const cause = new TypeError('fetch failed');

      // Act
      const error = new SolusTransportError(request, 'fetch failed', { cause });

      // Assess
      expect(error.cause).toBe(cause);
      expect(error.status).toBeUndefined();
    });

    it('name the two activity-log entries out of order, and are not retried', () => {
      // Act
      const error = new SolusActivityLogOrderError({ method: 'GET', path: '/api/v1/activity_logs', page: 3 }, { id: 4, createdAt: '2026-11-03T10:00:00Z' }, { id: 5, createdAt: '2026-11-03T10:01:00Z' });

      // Assess
      expect(error).toBeInstanceOf(SolusApiError);
      expect(error.message).toBe(
        'GET /api/v1/activity_logs (page 3): the activity log is not listed newest first: entry 5 (2026-11-03T10:01:00Z) comes after entry 4 (2026-11-03T10:00:00Z), which is older; deletions and additional IPs cannot be dated from it',
      );
      expect(isRetryable(error)).toBe(false);
    });
  });

  describe('reportsActivityLogOrderError', () => {
    it.each([
      ['a run error naming it', 'activity log: SolusActivityLogOrderError: GET /api/v1/activity_logs (page 1): ...', true],
      ['another SolusIO error', 'activity log: SolusServerError: GET /api/v1/activity_logs (page 1): SolusIO failed (500)', false],
      ['the name without its separator', 'SolusActivityLogOrderErrors happen', false],
      ['no error', undefined, false],
    ])('answers for %s', (_name, text, expected) => {
      // Act
      const reported = reportsActivityLogOrderError(text);

      // Assess
      expect(reported).toBe(expected);
    });
  });
});
