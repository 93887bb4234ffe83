import { decodePushesCursor, encodePushesCursor } from '../../../../functions/http/periodPushes';
import { BadRequestError } from '../../../../shared/errors';

describe('the cursor of GET /v1/periods/{period}/pushes', () => {
  it('gives back the customer it was made after, for the same period only', () => {
    // Prepare
    const cursor = encodePushesCursor('2026-11', 'solusio-user:3');

    // Act
    const after = decodePushesCursor('2026-11', cursor);
    const otherPeriod = (() => {
      try {
        return decodePushesCursor('2026-10', cursor);
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(after).toBe('solusio-user:3');
    expect(otherPeriod).toBeInstanceOf(BadRequestError);
    expect(otherPeriod).toMatchObject({ statusCode: 400, code: 'invalid_cursor' });
    expect(decodePushesCursor('2026-11', undefined)).toBeUndefined();
  });

  it.each([
    ['not base64url', '%%'],
    ['empty', ''],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['JSON of another shape', Buffer.from('{"after":"1"}').toString('base64url')],
    ['an empty customer', Buffer.from('{"period":"2026-11","after":""}').toString('base64url')],
    ['an extra field', Buffer.from('{"period":"2026-11","after":"1","x":1}').toString('base64url')],
    ['too long', 'A'.repeat(4096)],
  ])('refuses a cursor that is %s with 400 invalid_cursor', (_case, cursor) => {
    // Act
    const act = () => decodePushesCursor('2026-11', cursor);

    // Assess
    expect(act).toThrow(expect.objectContaining({ statusCode: 400, code: 'invalid_cursor' }) as Error);
  });
});
