import * as z from 'zod';
import { BadRequestError } from '../../shared/errors';
import { CUSTOMER_MAX_LENGTH } from '../../shared/billing';

/**
 * The customer a cursor names goes into a DynamoDB sort key (at most 1 KB): it must look like a
 * customer this API could have given out, checked before anything is read.
 */
const cursorSchema = z.object({ after: z.string().min(1).max(CUSTOMER_MAX_LENGTH).regex(/^[^\p{Cc}]+$/u, 'no control characters') });
/** A cursor of a customer of CUSTOMER_MAX_LENGTH characters, each up to 4 bytes, in base64url. */
const CURSOR_MAX_LENGTH = Math.ceil(((CUSTOMER_MAX_LENGTH * 4 + 16) * 4) / 3);

/** A page cursor: the last customer of the previous page, opaque to clients. */
export function encodeCursor(afterCustomer: string): string {
  return Buffer.from(JSON.stringify({ after: afterCustomer }), 'utf8').toString('base64url');
}

/** The customer a cursor names; `400 invalid_cursor` for anything this API did not give out. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    if (cursor.length > CURSOR_MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not a base64url cursor');
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).after;
  } catch {
    throw new BadRequestError('Invalid parameter cursor: not a cursor this API gave out', 'invalid_cursor');
  }
}
