import * as z from 'zod';
import { decodeRunsCursor, encodeRunsCursor } from '../../../../functions/http/runs';
import { decodePageCursor, encodePageCursor } from '../../../../functions/lib/pageCursor';
import { limitParam, parseParams } from '../../../../functions/lib/params';
import type { HttpEvent } from '../../../../functions/lib/http';

const errorOf = (work: () => unknown): unknown => {
  try {
    work();
    return undefined;
  } catch (error) {
    return error;
  }
};

const queryEvent = (query: Record<string, string>): HttpEvent => ({ queryStringParameters: query }) as unknown as HttpEvent;

describe('the cursor of GET /v1/runs', () => {
  it('gives back the run it was made after, for the same installation filter only', () => {
    // Prepare
    const position = { time: '2026-11-03T10:05:00Z', installation: 'eu' };
    const merged = encodeRunsCursor(position, undefined);
    const onlyEu = encodeRunsCursor(position, 'eu');

    // Act
    const fromMerged = decodeRunsCursor(merged, undefined);
    const fromOnlyEu = decodeRunsCursor(onlyEu, 'eu');
    const crossed = errorOf(() => decodeRunsCursor(merged, 'eu'));

    // Assess
    expect(merged).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([fromMerged, fromOnlyEu]).toEqual([position, position]);
    expect(crossed).toMatchObject({ statusCode: 400, code: 'invalid_cursor' });
    expect(decodeRunsCursor(undefined, undefined)).toBeUndefined();
  });

  it.each([
    ['not base64url', '%%'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['a time that is no instant', encodePageCursor({ t: 'soon', i: 'default' })],
    ['no installation', encodePageCursor({ t: '2026-11-03T10:05:00Z' })],
    ['an extra field', encodePageCursor({ t: '2026-11-03T10:05:00Z', i: 'default', after: 'x' })],
  ])('refuses a cursor that is %s with 400 invalid_cursor', (_case, cursor) => {
    expect(errorOf(() => decodeRunsCursor(cursor, undefined))).toMatchObject({ statusCode: 400, code: 'invalid_cursor' });
  });
});

describe('page cursors and limits', () => {
  const keySchema = z.strictObject({ pk: z.string().max(10), sk: z.string() });

  it('round-trips a position and refuses one its schema does not take', () => {
    const cursor = encodePageCursor({ pk: 'SERVICE#a', sk: 'SERVICE' });
    expect(decodePageCursor(cursor, keySchema)).toEqual({ pk: 'SERVICE#a', sk: 'SERVICE' });
    expect(errorOf(() => decodePageCursor(encodePageCursor({ pk: 'SERVICE#toolong', sk: 'SERVICE' }), keySchema))).toMatchObject({ code: 'invalid_cursor' });
    expect(errorOf(() => decodePageCursor('A'.repeat(5_000), keySchema))).toMatchObject({ code: 'invalid_cursor' });
  });

  it.each([['0'], ['201'], ['-1'], ['1.5'], ['ten'], ['9999999']])('refuses limit=%s with 400 invalid_parameter', (limit) => {
    expect(errorOf(() => parseParams(queryEvent({ limit }), { limit: limitParam(200) }))).toMatchObject({ statusCode: 400, code: 'invalid_parameter', message: expect.stringContaining('limit') });
  });

  it.each([['1', 1], ['200', 200], ['050', 50]])('takes limit=%s', (limit, expected) => {
    expect(parseParams(queryEvent({ limit }), { limit: limitParam(200) })).toEqual({ limit: expected });
  });
});
