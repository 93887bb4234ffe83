import type * as z from 'zod';
import { BadRequestError } from '../../shared/errors';

/** Longer than any cursor a listing route gives out (a run position, a table key of two short strings). */
const MAX_CURSOR_LENGTH = 4096;

/** A page cursor: the position JSON in base64url, opaque to clients. */
export function encodePageCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a cursor holds, checked against `schema`; `400 invalid_cursor` for anything the route did not give out. */
export function decodePageCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  const invalid = new BadRequestError('Invalid parameter cursor: not a cursor this route gave out', 'invalid_cursor');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw invalid;
  return parsed.data;
}
